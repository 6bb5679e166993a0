import type { Kysely } from 'kysely';
import type { ApiKeyRow, Database } from '../schema';
import { executePrepared } from '../prepared';

export async function insertApiKey(
  db: Kysely<Database>,
  key: { id: string; tenant_id: string; name: string; prefix: string; key_hash: string },
): Promise<ApiKeyRow> {
  return db.insertInto('api_keys').values(key).returningAll().executeTakeFirstOrThrow();
}

/** The key with this hash: one probe of the unique index on key_hash. */
export async function findApiKeyByHash(
  db: Kysely<Database>,
  keyHash: string,
): Promise<Pick<ApiKeyRow, 'id' | 'tenant_id' | 'key_hash'> | undefined> {
  // Every request with a tenant key runs it: prepared (db/prepared.ts).
  const query = db.selectFrom('api_keys').select(['id', 'tenant_id', 'key_hash']).where('key_hash', '=', keyHash);
  return (await executePrepared(db, query.compile())).rows[0];
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
