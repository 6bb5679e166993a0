import type { Kysely } from 'kysely';

// Frozen in time: migrations never import application code.
//
// Each worker process reports, every few seconds, how many delivery attempts it has in
// flight and whether it counts as stalled (attempts in flight, none finishing). The
// API's /readyz reads the recent reports of its task queue, so a stuck worker makes
// readiness fail though it still polls Temporal.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('worker_health')
    .addColumn('worker_id', 'text', (c) => c.primaryKey())
    .addColumn('task_queue', 'text', (c) => c.notNull())
    .addColumn('in_flight', 'integer', (c) => c.notNull())
    .addColumn('last_finished_at', 'timestamptz', (c) => c.notNull())
    .addColumn('stalled_since', 'timestamptz')
    .addColumn('reported_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('worker_health_task_queue_idx').on('worker_health').columns(['task_queue', 'reported_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('worker_health').ifExists().execute();
}
