import type { Kysely } from 'kysely';
import type { Database, TenantRow } from '../schema';

/** Inserts a tenant; returns undefined when the id is taken. */
export async function insertTenant(db: Kysely<Database>, tenant: { id: string; name: string }): Promise<TenantRow | undefined> {
  return db
    .insertInto('tenants')
    .values(tenant)
    .onConflict((oc) => oc.column('id').doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function findTenant(db: Kysely<Database>, id: string): Promise<TenantRow | undefined> {
  return db.selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listTenants(db: Kysely<Database>, options: { limit: number; after?: string | undefined }): Promise<TenantRow[]> {
  // Reserved ids (`_hookflow`, the operational endpoints' system tenant) are not customers' tenants.
  let query = db.selectFrom('tenants').selectAll().where('id', 'not like', '\\_%').orderBy('id').limit(options.limit);
  if (options.after) query = query.where('id', '>', options.after);
  return query.execute();
}

/** Deletes a tenant with everything it owns (endpoints, events, deliveries, attempts cascade). */
export async function deleteTenant(db: Kysely<Database>, id: string): Promise<boolean> {
  const result = await db.deleteFrom('tenants').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
