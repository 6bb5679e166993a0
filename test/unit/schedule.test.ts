import { DEFAULT_RETRY_SCHEDULE_MS, MAX_RETRY_AFTER_MS, nextDelay, parseRetryAfter } from '../../src/delivery/schedule';

describe('retry schedule', () => {
  const schedule = [1_000, 60_000, 3_600_000];

  it('walks the schedule, one delay per retry, then is exhausted', () => {
    const exact = () => 0.5; // no jitter
    expect(nextDelay({ scheduleMs: schedule, retriesSoFar: 0, random: exact })).toBe(1_000);
    expect(nextDelay({ scheduleMs: schedule, retriesSoFar: 1, random: exact })).toBe(60_000);
    expect(nextDelay({ scheduleMs: schedule, retriesSoFar: 2, random: exact })).toBe(3_600_000);
    expect(nextDelay({ scheduleMs: schedule, retriesSoFar: 3, random: exact })).toBeUndefined();
    expect(nextDelay({ scheduleMs: [], retriesSoFar: 0 })).toBeUndefined();
  });

  it('adds at most ±10 % jitter', () => {
    expect(nextDelay({ scheduleMs: [10_000], retriesSoFar: 0, random: () => 0 })).toBe(9_000);
    expect(nextDelay({ scheduleMs: [10_000], retriesSoFar: 0, random: () => 0.999999 })).toBe(11_000);
    for (let i = 0; i < 200; i++) {
      const delay = nextDelay({ scheduleMs: [10_000], retriesSoFar: 0 })!;
      expect(delay).toBeGreaterThanOrEqual(9_000);
      expect(delay).toBeLessThanOrEqual(11_000);
    }
  });

  it('defaults to 5s, 5m, 30m, 2h, 5h, 10h, 10h', () => {
    expect(DEFAULT_RETRY_SCHEDULE_MS).toEqual([5e3, 3e5, 1.8e6, 7.2e6, 1.8e7, 3.6e7, 3.6e7]);
  });

  it("honours Retry-After within bounds, but never beyond the schedule's length", () => {
    expect(nextDelay({ scheduleMs: schedule, retriesSoFar: 0, retryAfterMs: 120_000 })).toBe(120_000);
    expect(nextDelay({ scheduleMs: schedule, retriesSoFar: 0, retryAfterMs: 10 * MAX_RETRY_AFTER_MS })).toBe(MAX_RETRY_AFTER_MS);
    expect(nextDelay({ scheduleMs: schedule, retriesSoFar: 0, retryAfterMs: -5 })).toBe(0);
    expect(nextDelay({ scheduleMs: schedule, retriesSoFar: 3, retryAfterMs: 1_000 })).toBeUndefined();
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-1', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});
