import type { Db } from '../db/database';
import { type BucketRate, deleteFullBuckets, peekToken, type TakeResult, takeToken } from '../db/queries/rate-limit-buckets';
import type { Logger } from '../lib/logger';
import { RateLimiter, type RateDecision } from './rate-limit';

/** What the authorizer (and any later per-resource limit) needs of a limiter. */
export interface Limiter {
  readonly enabled: boolean;
  /** Whether `key` has a token left, without spending it. */
  peek(key: string): Promise<RateDecision>;
  /** Spends one of `key`'s tokens, or says how long until one is back. */
  take(key: string): Promise<RateDecision>;
}

/** How to find what a request's credential belongs to, with or without spending a token of its bucket (SharedRateLimiter.takeFound). */
export interface FoundByCredential<T extends { id: string }> {
  /** Finds the row and spends a token of the bucket keyed by its id, in one statement. */
  taking(scope: string, rate: BucketRate): Promise<{ key: T; take: TakeResult } | undefined>;
  /** Finds the row alone: when the limit is off, or when the statement above failed. */
  only(): Promise<T | undefined>;
}

const ALLOWED: RateDecision = { allowed: true };

/**
 * How long a peek that found a token is trusted in this process: a take through this
 * process forgets it at once; one through another process is seen within this time.
 */
export const PEEK_TRUST_MS = 1_000;

/** How many keys a process remembers as refused, and as allowed (the oldest is forgotten first: it only costs a query). */
const MAX_REMEMBERED = 10_000;

/** Remembers `key` until `until` in `known`, forgetting the oldest key when it is full. */
function remember(known: Map<string, number>, key: string, until: number): void {
  if (known.size >= MAX_REMEMBERED && !known.has(key)) known.delete(known.keys().next().value as string);
  known.set(key, until);
}

/** At most one warning a minute per limiter while PostgreSQL fails. */
const WARN_EVERY_MS = 60_000;

const refusal = (waitMs: number): RateDecision => ({ allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) });

/**
 * A token bucket per key, kept in PostgreSQL (`rate_limit_buckets`) so every API process
 * spends from one budget: `burst` requests at once, earning back `perMinute` a minute,
 * whichever process a request reaches. One statement per decision (an upsert for
 * `take`, a select for `peek`), no lock held across requests.
 *
 * - A refused key is remembered in this process until its next token is due (sound:
 *   only time adds tokens, and the wait is measured from before the query), so a client
 *   hammering while refused costs no query here until then. A tenant key is the
 *   exception: its lookup must run anyway, and takes its token in the same statement
 *   (takeFound), so a refused key costs that one statement, as before.
 * - A peek that found a token is trusted for PEEK_TRUST_MS in this process (a take
 *   through it forgets it at once), so the auth-failure standing every request reads
 *   costs a query per address a second, not one per request. Another process's takes
 *   are seen within that second; every failure is still counted by its own take.
 * - When PostgreSQL fails (down, unreachable, a statement error), the limiter fails open
 *   to `insurance`, this process's own in-memory bucket of the same shape, and warns:
 *   requests go on, limited per process as before, rather than failing on the limiter.
 *   Shared buckets resume with the next statement that succeeds.
 *
 * `scope` keeps limiters apart in the one table: `principal` for API keys and portal
 * sessions, `auth_failure` for client addresses; a per-endpoint limit takes its own.
 */
export class SharedRateLimiter implements Limiter {
  private readonly knownEmpty = new Map<string, number>();
  /** Keys a peek found a token for, until when that is trusted (PEEK_TRUST_MS). */
  private readonly knownAllowed = new Map<string, number>();
  private readonly insurance: RateLimiter;
  private lastWarnedAt = Number.NEGATIVE_INFINITY;
  private failuresSinceWarning = 0;

  constructor(
    private readonly db: Db,
    private readonly scope: string,
    private readonly rate: BucketRate,
    private readonly logger: Logger,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.insurance = new RateLimiter(rate.perMinute, rate.burst, now);
  }

  get enabled(): boolean {
    return this.rate.perMinute > 0;
  }

  async peek(key: string): Promise<RateDecision> {
    const sentAt = this.now();
    const trustedUntil = this.knownAllowed.get(key);
    if (trustedUntil !== undefined && trustedUntil > sentAt) return ALLOWED;
    const decision = await this.decide(key, peekToken, () => this.insurance.peek(key));
    if (decision.allowed && this.enabled) remember(this.knownAllowed, key, sentAt + PEEK_TRUST_MS);
    else this.knownAllowed.delete(key);
    return decision;
  }

  take(key: string): Promise<RateDecision> {
    this.knownAllowed.delete(key);
    return this.decide(key, takeToken, () => this.insurance.take(key));
  }

  /**
   * Finds what a credential belongs to and spends a token of its bucket (keyed by the
   * row's id) in one round trip: undefined when nothing was found. Like take, it fails
   * open to the insurance bucket, with a warning, when that statement fails; the lookup
   * alone then runs, and its own error (PostgreSQL down) reaches the caller.
   */
  async takeFound<T extends { id: string }>(lookup: FoundByCredential<T>): Promise<{ found: T; decision: RateDecision } | undefined> {
    if (!this.enabled) {
      const found = await lookup.only();
      return found && { found, decision: ALLOWED };
    }
    const sentAt = this.now();
    let result: Awaited<ReturnType<FoundByCredential<T>['taking']>>;
    try {
      result = await lookup.taking(this.scope, this.rate);
    } catch (error) {
      this.warn(error);
      const found = await lookup.only();
      return found && { found, decision: this.insurance.take(found.id) };
    }
    if (!result) return undefined;
    const { key, take } = result;
    this.knownAllowed.delete(key.id);
    return { found: key, decision: take.allowed ? ALLOWED : this.refused(key.id, sentAt, take.waitMs) };
  }

  /** One decision: a refusal already known here, else the shared bucket, else (PostgreSQL failing) the insurance. */
  private async decide(key: string, ask: typeof takeToken, insurance: () => RateDecision): Promise<RateDecision> {
    if (!this.enabled) return ALLOWED;
    const known = this.known(key);
    if (known) return known;
    const sentAt = this.now();
    try {
      const result = await ask(this.db, this.scope, key, this.rate);
      return result.allowed ? ALLOWED : this.refused(key, sentAt, result.waitMs);
    } catch (error) {
      this.warn(error);
      return insurance();
    }
  }

  /** The refusal this process already knows of, if `key`'s next token is not due yet. */
  private known(key: string): RateDecision | undefined {
    const until = this.knownEmpty.get(key);
    if (until === undefined) return undefined;
    const waitMs = until - this.now();
    if (waitMs > 0) return refusal(waitMs);
    this.knownEmpty.delete(key);
    return undefined;
  }

  private refused(key: string, sentAt: number, waitMs: number): RateDecision {
    remember(this.knownEmpty, key, sentAt + waitMs);
    return refusal(waitMs);
  }

  private warn(error: unknown): void {
    this.failuresSinceWarning += 1;
    const now = this.now();
    if (now - this.lastWarnedAt < WARN_EVERY_MS) return;
    this.logger.warn(
      { err: error, scope: this.scope, failures: this.failuresSinceWarning },
      'rate limit store unavailable: limiting per process until PostgreSQL answers again',
    );
    this.lastWarnedAt = now;
    this.failuresSinceWarning = 0;
  }
}

/** How often each API process deletes buckets that are full again, and how many per statement. */
export const BUCKET_PURGE_INTERVAL_MS = 60_000;
const PURGE_BATCH = 10_000;

/**
 * Deletes full buckets every `intervalMs` (each API process does; concurrent purges are
 * harmless), so the table holds only keys active within one refill time. Returns stop.
 */
export function startBucketPurge(db: Db, logger: Logger, intervalMs = BUCKET_PURGE_INTERVAL_MS): () => void {
  let running = false;
  const purge = async () => {
    if (running) return;
    running = true;
    try {
      let deleted = PURGE_BATCH;
      while (deleted === PURGE_BATCH) deleted = await deleteFullBuckets(db, PURGE_BATCH);
    } catch (error) {
      logger.warn({ err: error }, 'could not purge full rate limit buckets; will retry');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void purge(), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
