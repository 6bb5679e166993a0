import { type Kysely, sql } from 'kysely';
import type { ApiKeyRow, Database } from '../schema';
import { executePrepared } from '../prepared';
import { type BucketRate, type TakeResult, takeResult, takeTokenOf } from './rate-limit-buckets';

export async function insertApiKey(
  db: Kysely<Database>,
  key: { id: string; tenant_id: string; name: string; prefix: string; key_hash: string },
): Promise<ApiKeyRow> {
  return db.insertInto('api_keys').values(key).returningAll().executeTakeFirstOrThrow();
}

/**
 * The key with this hash: one probe of the unique index on key_hash. Requests use
 * findApiKeyTakingToken; this is for when the rate limit is off or its statement failed.
 */
export async function findApiKeyByHash(
  db: Kysely<Database>,
  keyHash: string,
): Promise<Pick<ApiKeyRow, 'id' | 'tenant_id' | 'key_hash'> | undefined> {
  return db.selectFrom('api_keys').select(['id', 'tenant_id', 'key_hash']).where('key_hash', '=', keyHash).executeTakeFirst();
}

/**
 * findApiKeyByHash and, when the key exists, takeToken on its id's bucket in `scope`, in
 * ONE statement: an authenticated request's lookup and rate-limit take in one round trip.
 */
export async function findApiKeyTakingToken(
  db: Kysely<Database>,
  keyHash: string,
  scope: string,
  rate: BucketRate,
): Promise<{ key: Pick<ApiKeyRow, 'id' | 'tenant_id' | 'key_hash'>; take: TakeResult } | undefined> {
  // Every request with a tenant key runs it: prepared (db/prepared.ts).
  const statement = sql<Pick<ApiKeyRow, 'id' | 'tenant_id' | 'key_hash'> & { tokens: number | null; allowed: boolean | null }>`
    with k as (
      select id, tenant_id, key_hash from api_keys where key_hash = ${keyHash}
    ), took as (${takeTokenOf(scope, rate, sql`(select id from k)`)})
    select k.id, k.tenant_id, k.key_hash, took.tokens, took.allowed from k left join took on took.key = k.id`;
  const row = (await executePrepared(db, statement.compile(db))).rows[0];
  if (!row) return undefined;
  const { tokens, allowed, ...key } = row;
  return { key, take: takeResult({ tokens, allowed }, rate) };
}

export async function listApiKeys(
  db: Kysely<Database>,
  tenantId: string,
  options: { limit: number; after?: string | undefined },
): Promise<ApiKeyRow[]> {
  let query = db.selectFrom('api_keys').selectAll().where('tenant_id', '=', tenantId).orderBy('id').limit(options.limit);
  if (options.after) query = query.where('id', '>', options.after);
  return query.execute();
}

/** Deletes (revokes) a key of this tenant; false when it has no such key. */
export async function deleteApiKey(db: Kysely<Database>, tenantId: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom('api_keys').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
