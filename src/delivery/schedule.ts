/**
 * The retry schedule: delays between attempts, after the first one. Pure so that the
 * same rules hold in the activity and in tests.
 */
export const DEFAULT_RETRY_SCHEDULE_MS = [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000];

/** Jitter spreads retries of many deliveries that failed together: ±10 % of the delay. */
export const JITTER_RATIO = 0.1;

/** A receiver's `Retry-After` is honoured up to this long; beyond it we wait this long. */
export const MAX_RETRY_AFTER_MS = 3_600_000;

export interface NextDelayInput {
  scheduleMs: readonly number[];
  /** How many retries have been scheduled before this one (0 after the first attempt). */
  retriesSoFar: number;
  /** From a 429 or 503 response's Retry-After header. */
  retryAfterMs?: number | undefined;
  /** A number in [0, 1); injectable for tests. */
  random?: () => number;
}

/** Milliseconds to wait before the next attempt, or undefined when the schedule is exhausted. */
export function nextDelay(input: NextDelayInput): number | undefined {
  const base = input.scheduleMs[input.retriesSoFar];
  if (base === undefined) return undefined;
  if (input.retryAfterMs !== undefined) {
    return Math.min(Math.max(input.retryAfterMs, 0), MAX_RETRY_AFTER_MS);
  }
  const random = input.random ?? Math.random;
  const jitter = base * JITTER_RATIO * (random() * 2 - 1);
  return Math.max(0, Math.round(base + jitter));
}

/**
 * Parses `Retry-After`: delta-seconds or an HTTP date. Returns undefined for anything
 * else, so a malformed header falls back to the schedule.
 */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // HTTP dates are always in GMT (RFC 9110); anything else is not one.
  if (!/^[A-Za-z]{3},? .* GMT$/.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
