import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../schema';
import { executePrepared } from '../prepared';

/**
 * The API's shared token buckets (see api/shared-rate-limit.ts). Each function is one
 * statement, timed by PostgreSQL's clock, so every API process sees one bucket per key
 * and no process's clock matters.
 */

/** A bucket's shape: `burst` tokens at most, earning back `perMinute` a minute. */
export interface BucketRate {
  perMinute: number;
  burst: number;
}

/** The decision of one take, with how many milliseconds until a token is back when refused. */
export interface TakeResult {
  allowed: boolean;
  waitMs: number;
}

const perMs = (rate: BucketRate) => rate.perMinute / 60_000;
/** Milliseconds until a bucket holding `tokens` (< 1) has one. */
const waitForToken = (tokens: number, rate: BucketRate) => (1 - tokens) / perMs(rate);
const ms = (value: unknown) => sql`(${value}::double precision * interval '1 millisecond')`;

/**
 * The bucket's tokens now: what it had, plus what it earned since, up to the burst. A
 * statement that waited for the row lock may have started before the last writer
 * (`now()` is its start time): it earns nothing rather than losing tokens.
 */
const tokensNow = (rate: BucketRate) =>
  sql`least(${rate.burst}::double precision,
    b.tokens + greatest(0, extract(epoch from (now() - b.updated_at)) * 1000) * ${perMs(rate)}::double precision)`;

/**
 * Spends one token of the (scope, key) bucket if it has one: one upsert, atomic under the
 * row lock, so concurrent takes from any number of processes never spend a token twice.
 * A missing row is a full bucket. Returns the decision and, when refused, how long until
 * the next token (exactly: the bucket is not touched by anyone but takes).
 */
export async function takeToken(db: Kysely<Database>, scope: string, key: string, rate: BucketRate): Promise<TakeResult> {
  // Every request with a portal session runs it: prepared (db/prepared.ts).
  const { rows } = await executePrepared(db, takeTokenOf(scope, rate, sql`(values (${key}::text))`).compile(db));
  return takeResult(rows[0], rate);
}

/**
 * The upsert that spends one token of the bucket of each key `keys` yields (a row source
 * of one text column), returning `key`, `tokens` and `allowed` for each: takeToken's
 * statement, and a part of a larger one where the key is found in the same statement
 * (findApiKeyTakingToken).
 */
export function takeTokenOf(
  scope: string,
  rate: BucketRate,
  keys: RawBuilder<unknown>,
): RawBuilder<{ key: string; tokens: number; allowed: boolean }> {
  const available = tokensNow(rate);
  const left = sql`(case when ${available} >= 1 then ${available} - 1 else ${available} end)`;
  return sql<{ key: string; tokens: number; allowed: boolean }>`
    insert into rate_limit_buckets as b (scope, key, tokens, updated_at, full_at, allowed)
    select ${scope}::text, k.key, ${rate.burst - 1}::double precision, now(), now() + ${ms(1 / perMs(rate))}, true
    from ${keys} as k(key)
    on conflict (scope, key) do update set
      tokens = ${left},
      updated_at = greatest(b.updated_at, now()),
      full_at = greatest(b.updated_at, now()) + ${ms(sql`(${rate.burst}::double precision - ${left}) / ${perMs(rate)}::double precision`)},
      allowed = ${available} >= 1
    returning b.key, b.tokens, b.allowed`;
}

/** A take's decision from the row takeTokenOf returned (none: allowed, as for a full bucket). */
export function takeResult(row: { tokens: number | null; allowed: boolean | null } | undefined, rate: BucketRate): TakeResult {
  if (!row || row.allowed !== false) return { allowed: true, waitMs: 0 };
  return { allowed: false, waitMs: waitForToken(Number(row.tokens), rate) };
}

/** Whether the (scope, key) bucket has a token now, without spending it (a missing row is a full bucket). */
export async function peekToken(db: Kysely<Database>, scope: string, key: string, rate: BucketRate): Promise<TakeResult> {
  // Every authenticated request peeks at its address's auth-failure bucket: prepared (db/prepared.ts).
  const statement = sql<{ tokens: number }>`
    select ${tokensNow(rate)} as tokens from rate_limit_buckets b where b.scope = ${scope} and b.key = ${key}`;
  const { rows } = await executePrepared(db, statement.compile(db));
  const tokens = rows[0] ? Number(rows[0].tokens) : rate.burst;
  return tokens >= 1 ? { allowed: true, waitMs: 0 } : { allowed: false, waitMs: waitForToken(tokens, rate) };
}

/**
 * Deletes up to `limit` buckets that are full again: such a row means the same as no row,
 * so this loses nothing, also against a take racing it (the delete re-checks `full_at` on
 * the row it locks). Returns how many it deleted.
 */
export async function deleteFullBuckets(db: Kysely<Database>, limit: number): Promise<number> {
  const result = await sql`
    delete from rate_limit_buckets where ctid = any(array(
      select ctid from rate_limit_buckets where full_at <= now() limit ${limit}))
      and full_at <= now()`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
