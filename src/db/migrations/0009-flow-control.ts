import type { Kysely } from 'kysely';

// Frozen in time: migrations never import application code.
//
// Flow control per endpoint. `rate_limit` (sends per second) and `max_in_flight` are the
// endpoint's own settings. `endpoint_flow` is the state every worker process shares: the
// next free send slot (smoothing), an endpoint-wide pause (Retry-After, repeated 502/504/
// timeouts) and when it was set, and the count of consecutive throttling answers. `endpoint_leases` holds one
// row per attempt in flight, numbered 1..max_in_flight; a lease expires, so a worker that
// dies mid-attempt cannot keep its slot for ever. `deliveries.waiting_for` says why a
// delivery waits (with `next_attempt_at` saying until when).

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('endpoints').addColumn('rate_limit', 'integer').addColumn('max_in_flight', 'integer').execute();
  await db.schema.alterTable('deliveries').addColumn('waiting_for', 'text').execute();
  await db.schema
    .createTable('endpoint_flow')
    .addColumn('endpoint_id', 'text', (c) => c.primaryKey())
    .addColumn('next_send_at', 'timestamptz')
    .addColumn('paused_until', 'timestamptz')
    .addColumn('paused_at', 'timestamptz')
    .addColumn('consecutive_throttles', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('endpoint_leases')
    .addColumn('endpoint_id', 'text', (c) => c.notNull())
    .addColumn('slot', 'integer', (c) => c.notNull())
    .addColumn('delivery_id', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('endpoint_leases_pkey', ['endpoint_id', 'slot'])
    .execute();
  await db.schema.createIndex('endpoint_leases_delivery_idx').on('endpoint_leases').columns(['endpoint_id', 'delivery_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('endpoint_leases').ifExists().execute();
  await db.schema.dropTable('endpoint_flow').ifExists().execute();
  await db.schema.alterTable('deliveries').dropColumn('waiting_for').execute();
  await db.schema.alterTable('endpoints').dropColumn('rate_limit').dropColumn('max_in_flight').execute();
}
