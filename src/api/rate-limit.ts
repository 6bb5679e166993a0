/**
 * Per-key token buckets, in memory: each key may spend `burst` requests at once and
 * earns `perMinute` back per minute. O(1) per request (one Map lookup, arithmetic, no
 * timers): buckets refill lazily when next touched. Per process: with N API replicas
 * behind a balancer a key gets up to N times the rate, which is the price of needing no
 * shared store.
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

  /** Spends one token of `key`'s bucket, or says how long until one is available. */
  take(key: string): RateDecision {
    if (!this.enabled) return { allowed: true };
    const now = this.now();
    const bucket = this.buckets.get(key);
    const tokens = bucket ? Math.min(this.burst, bucket.tokens + (now - bucket.updatedAt) * this.perMs) : this.burst;
    // Re-inserting keeps the Map in least-recently-used order for eviction.
    if (bucket) this.buckets.delete(key);
    else if (this.buckets.size >= MAX_BUCKETS) this.buckets.delete(this.buckets.keys().next().value as string);
    if (tokens >= 1) {
      this.buckets.set(key, { tokens: tokens - 1, updatedAt: now });
      return { allowed: true };
    }
    this.buckets.set(key, { tokens, updatedAt: now });
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / this.perMs / 1000)) };
  }
}
