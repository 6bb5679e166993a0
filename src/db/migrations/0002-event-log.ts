import { type Kysely, sql } from 'kysely';

// Frozen in time: migrations never import application code.
//
// The event log reads deliveries by tenant, status and time, and attempts by endpoint
// and time. Deliveries carry their event's creation time and type (denormalised,
// immutable), so "events having a failed delivery" is read from one delivery index
// instead of probing every event; attempts carry their endpoint for its stats.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('deliveries').addColumn('event_type', 'text').execute();
  await sql`update deliveries d set event_type = e.type, created_at = e.created_at
            from events e where e.tenant_id = d.tenant_id and e.id = d.event_id`.execute(db);
  await db.schema
    .alterTable('deliveries')
    .alterColumn('event_type', (c) => c.setNotNull())
    .execute();

  await db.schema.alterTable('attempts').addColumn('endpoint_id', 'text').execute();
  await sql`update attempts a set endpoint_id = d.endpoint_id from deliveries d where d.id = a.delivery_id`.execute(db);
  await db.schema
    .alterTable('attempts')
    .alterColumn('endpoint_id', (c) => c.setNotNull())
    .execute();

  // Events of a tenant having a delivery in a status, newest first (keyset on created_at, event_id).
  await db.schema
    .createIndex('deliveries_tenant_status_event_idx')
    .on('deliveries')
    .columns(['tenant_id', 'status', 'created_at', 'event_id'])
    .execute();
  // Deliveries of a tenant, newest first, optionally by status.
  await db.schema.createIndex('deliveries_tenant_created_idx').on('deliveries').columns(['tenant_id', 'created_at', 'id']).execute();
  await db.schema
    .createIndex('deliveries_tenant_status_created_idx')
    .on('deliveries')
    .columns(['tenant_id', 'status', 'created_at', 'id'])
    .execute();
  // Events of a tenant by type (exact or prefix), newest first.
  await db.schema.createIndex('events_tenant_type_created_idx').on('events').columns(['tenant_id', 'type', 'created_at', 'id']).execute();
  // The purge walks events oldest first across tenants.
  await db.schema.createIndex('events_created_idx').on('events').columns(['created_at', 'tenant_id', 'id']).execute();
  // Endpoint stats over a window.
  await db.schema.createIndex('attempts_endpoint_started_idx').on('attempts').columns(['endpoint_id', 'started_at']).execute();

  await db.schema
    .createTable('recovery_jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('endpoint_id', 'text', (c) => c.notNull().references('endpoints.id').onDelete('cascade'))
    .addColumn('since', 'timestamptz', (c) => c.notNull())
    .addColumn('until', 'timestamptz', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('running')
        .check(sql`status in ('running', 'completed', 'failed')`),
    )
    .addColumn('resent', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('workflow_id', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('finished_at', 'timestamptz')
    .execute();
  // At most one running recovery per endpoint: a second request joins or is refused.
  await db.schema
    .createIndex('recovery_jobs_one_running_idx')
    .on('recovery_jobs')
    .column('endpoint_id')
    .unique()
    .where(sql.ref('status'), '=', 'running')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('recovery_jobs').ifExists().execute();
  for (const index of [
    'deliveries_tenant_status_event_idx',
    'deliveries_tenant_created_idx',
    'deliveries_tenant_status_created_idx',
    'events_tenant_type_created_idx',
    'events_created_idx',
    'attempts_endpoint_started_idx',
  ]) {
    await db.schema.dropIndex(index).ifExists().execute();
  }
  await db.schema.alterTable('attempts').dropColumn('endpoint_id').execute();
  await db.schema.alterTable('deliveries').dropColumn('event_type').execute();
}
