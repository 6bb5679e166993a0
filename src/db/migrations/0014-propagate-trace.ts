import type { Kysely } from 'kysely';

// Frozen in time: migrations never import application code.
//
// An endpoint opts in to receiving the W3C `traceparent` of its deliveries' POSTs. Off by
// default: receivers are other companies, and a trace id names our trace to them.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('endpoints')
    .addColumn('propagate_trace', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('endpoints').dropColumn('propagate_trace').execute();
}
