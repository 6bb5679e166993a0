import { type Kysely, sql } from 'kysely';

// Frozen in time: migrations never import application code.
//
// Operational webhooks: hookflow's own notices (endpoint created, disabled, failing, a
// delivery exhausted, ...) are events of a reserved system tenant, `_hookflow`, whose
// endpoints are the operational endpoints; they go through the ordinary delivery
// pipeline. Tenant ids starting with `_` are refused by the API, so no customer can
// create, read or delete this one.
//
// Auto-disable: one row per endpoint whose attempts have all failed since
// `failing_since` (`failed_attempts` of them). A 2xx deletes the row (the clock resets);
// `failing_notified_at` keeps the `endpoint.failing` notice to one per streak.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`insert into tenants (id, name) values ('_hookflow', 'hookflow operational endpoints') on conflict (id) do nothing`.execute(db);
  await db.schema
    .createTable('endpoint_failure_streaks')
    .addColumn('endpoint_id', 'text', (c) => c.primaryKey().references('endpoints.id').onDelete('cascade'))
    .addColumn('failing_since', 'timestamptz', (c) => c.notNull())
    .addColumn('failed_attempts', 'integer', (c) => c.notNull())
    .addColumn('failing_notified_at', 'timestamptz')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('endpoint_failure_streaks').ifExists().execute();
  await sql`delete from tenants where id = '_hookflow'`.execute(db);
}
