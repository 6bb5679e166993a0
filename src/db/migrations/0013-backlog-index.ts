import { type Kysely, sql } from 'kysely';

// Frozen in time: migrations never import application code.
//
// The backlog gauges count retrying deliveries at every scrape: a partial index holds just
// them (the `new` ones already have deliveries_new_created_idx), so the count never
// touches the finished and failed rows that make up nearly all of the table.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('deliveries_retrying_created_idx')
    .on('deliveries')
    .column('created_at')
    .where(sql.ref('status'), '=', 'retrying')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('deliveries_retrying_created_idx').execute();
}
