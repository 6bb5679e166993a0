/**
 * Per-key token buckets, in memory: each key may spend `burst` requests at once and
 * earns `perMinute` back per minute. O(1) per request (one Map lookup, arithmetic, no
 * timers): buckets refill lazily when next touched. Per process, so the API does not
 * limit with it: SharedRateLimiter keeps the same buckets in PostgreSQL for every
 * process, and falls back to this one only while PostgreSQL fails.
 */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** Beyond this many keys the least recently used bucket is dropped (it would be full again soon anyway). */
const MAX_BUCKETS = 100_000;

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;

  constructor(
    readonly perMinute: number,
    readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.perMs = perMinute / 60_000;
  }

  get enabled(): boolean {
    return this.perMinute > 0;
  }

  private tokensOf(bucket: Bucket | undefined, now: number): number {
    return bucket ? Math.min(this.burst, bucket.tokens + (now - bucket.updatedAt) * this.perMs) : this.burst;
  }

  private refusal(tokens: number): RateDecision {
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / this.perMs / 1000)) };
  }

  /** Whether `key` has a token left, without spending it. */
  peek(key: string): RateDecision {
    if (!this.enabled) return { allowed: true };
    const tokens = this.tokensOf(this.buckets.get(key), this.now());
    return tokens >= 1 ? { allowed: true } : this.refusal(tokens);
  }

  /** Spends one token of `key`'s bucket, or says how long until one is available. */
  take(key: string): RateDecision {
    if (!this.enabled) return { allowed: true };
    const now = this.now();
    const bucket = this.buckets.get(key);
    const tokens = this.tokensOf(bucket, now);
    // Re-inserting keeps the Map in least-recently-used order for eviction.
    if (bucket) this.buckets.delete(key);
    else if (this.buckets.size >= MAX_BUCKETS) this.buckets.delete(this.buckets.keys().next().value as string);
    if (tokens >= 1) {
      this.buckets.set(key, { tokens: tokens - 1, updatedAt: now });
      return { allowed: true };
    }
    this.buckets.set(key, { tokens, updatedAt: now });
    return this.refusal(tokens);
  }
}

/**
 * The bucket key of a client address: an IPv4 address as is (also when it arrives
 * IPv4-mapped, `::ffff:1.2.3.4`), an IPv6 address by its /64, since one host usually
 * holds a whole /64 and could otherwise take a fresh bucket per address.
 */
export function clientAddressKey(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped) return mapped[1] as string;
  if (!address.includes(':')) return address;
  const [head = '', tail] = (address.split('%')[0] ?? '').toLowerCase().split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const groups =
    tail === undefined
      ? headGroups
      : [...headGroups, ...Array<string>(Math.max(0, 8 - headGroups.length - tailGroups.length)).fill('0'), ...tailGroups];
  return `${groups
    .slice(0, 4)
    .map((group) => (Number.parseInt(group, 16) || 0).toString(16))
    .join(':')}::/64`;
}
