import { type Kysely, sql } from 'kysely';

// Frozen in time: migrations never import application code.
//
// An event with many subscribers is accepted without its delivery rows: the publish
// commits the event marked `fan_out_pending`, and the fan-out workflow writes the
// deliveries and clears the mark in one transaction. The sweeper finds events still
// marked some time after their creation (the fan-out never started) through this
// partial index, which only ever holds the few events being fanned out.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('events')
    .addColumn('fan_out_pending', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
  await db.schema
    .createIndex('events_fan_out_pending_idx')
    .on('events')
    .column('created_at')
    .where(sql.ref('fan_out_pending'), '=', true)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('events_fan_out_pending_idx').ifExists().execute();
  await db.schema.alterTable('events').dropColumn('fan_out_pending').execute();
}
