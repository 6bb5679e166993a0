import { clientAddressKey, RateLimiter } from '../../src/api/rate-limit';

describe('RateLimiter: a token bucket per key', () => {
  let now = 0;
  const clock = () => now;
  beforeEach(() => {
    now = 1_000_000;
  });

  it('allows a burst, then refuses with the seconds until the next token', () => {
    const limiter = new RateLimiter(60, 3, clock); // one token per second
    expect([1, 2, 3].map(() => limiter.take('k').allowed)).toEqual([true, true, true]);
    expect(limiter.take('k')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    now += 999;
    expect(limiter.take('k').allowed).toBe(false);
    now += 2;
    expect(limiter.take('k').allowed).toBe(true);
  });

  it('refills at the configured rate, up to the burst only', () => {
    const limiter = new RateLimiter(600, 5, clock); // 10 per second
    for (let i = 0; i < 5; i++) limiter.take('k');
    expect(limiter.take('k').allowed).toBe(false);
    now += 60_000; // a long idle time earns back the burst, not 600
    expect(Array.from({ length: 6 }, () => limiter.take('k').allowed)).toEqual([true, true, true, true, true, false]);
  });

  it('Retry-After grows with a slow rate', () => {
    const limiter = new RateLimiter(2, 1, clock); // one token per 30 s
    expect(limiter.take('k').allowed).toBe(true);
    expect(limiter.take('k')).toEqual({ allowed: false, retryAfterSeconds: 30 });
    now += 10_000;
    expect(limiter.take('k')).toEqual({ allowed: false, retryAfterSeconds: 20 });
  });

  it('keeps keys apart', () => {
    const limiter = new RateLimiter(60, 1, clock);
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);
    expect(limiter.take('b').allowed).toBe(true);
  });

  it('0 per minute turns the limit off', () => {
    const limiter = new RateLimiter(0, 1, clock);
    expect(Array.from({ length: 1_000 }, () => limiter.take('k').allowed).every(Boolean)).toBe(true);
  });

  it('costs O(1): 100,000 requests over 10,000 keys take a fraction of a second', () => {
    const limiter = new RateLimiter(600, 100, clock);
    const keys = Array.from({ length: 10_000 }, (_, i) => `key-${i}`);
    const started = performance.now();
    for (let i = 0; i < 100_000; i++) limiter.take(keys[i % 10_000]!);
    expect(performance.now() - started).toBeLessThan(1_500);
  });
});

describe('RateLimiter.peek', () => {
  it('tells whether a token is left without spending it', () => {
    let now = 0;
    const limiter = new RateLimiter(60, 2, () => now);
    expect([limiter.peek('a'), limiter.peek('a'), limiter.peek('a')].every((d) => d.allowed)).toBe(true);
    limiter.take('a');
    limiter.take('a');
    expect(limiter.peek('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    now += 1_000;
    expect(limiter.peek('a').allowed).toBe(true);
    expect(new RateLimiter(0, 1).peek('a').allowed).toBe(true); // 0 turns it off
  });
});

describe('clientAddressKey', () => {
  it('keys IPv4 (also IPv4-mapped) by address and IPv6 by its /64', () => {
    expect(clientAddressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(clientAddressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(clientAddressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(clientAddressKey('2001:db8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(clientAddressKey('2001:DB8::1')).toBe('2001:db8:0:0::/64');
    expect(clientAddressKey('::1')).toBe('0:0:0:0::/64');
    expect(clientAddressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  });
});
