import { type Kysely, sql } from 'kysely';

// Frozen in time: migrations never import application code.
//
// Ordered delivery (`ordering: "fifo"` endpoints). Each event may carry an ordering key;
// per endpoint and key, deliveries form a line in publish (commit) order:
// - `ordering_lines` holds each line's last place: the publish transaction takes the next
//   sequence number with one upsert, which locks the line's row until commit, so
//   concurrent publishes get distinct, gap-free numbers in commit order, and each learns
//   the delivery before it (`prev_delivery_id`, the row's previous `last_delivery_id`);
// - a delivery in a line carries its key, its number and its predecessor;
// - `line_released_at` marks a failed delivery that `POST …/skip` let the line pass
//   (`fifo_on_failure: block`).

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('endpoints')
    .addColumn('ordering', 'text', (c) =>
      c
        .notNull()
        .defaultTo('none')
        .check(sql`ordering in ('none', 'fifo')`),
    )
    .addColumn('fifo_on_failure', 'text', (c) =>
      c
        .notNull()
        .defaultTo('continue')
        .check(sql`fifo_on_failure in ('continue', 'block')`),
    )
    .execute();
  await db.schema.alterTable('events').addColumn('ordering_key', 'text').execute();
  await db.schema
    .alterTable('deliveries')
    .addColumn('ordering_key', 'text')
    .addColumn('ordering_seq', 'bigint')
    .addColumn('predecessor_id', 'text')
    .addColumn('line_released_at', 'timestamptz')
    .execute();
  // The successor of a settling delivery: found by its predecessor.
  await db.schema
    .createIndex('deliveries_predecessor_idx')
    .on('deliveries')
    .column('predecessor_id')
    .where(sql.ref('predecessor_id'), 'is not', null)
    .execute();
  await db.schema
    .createTable('ordering_lines')
    .addColumn('endpoint_id', 'text', (c) => c.notNull())
    .addColumn('ordering_key', 'text', (c) => c.notNull())
    .addColumn('last_seq', 'bigint', (c) => c.notNull())
    .addColumn('last_delivery_id', 'text', (c) => c.notNull())
    .addColumn('prev_delivery_id', 'text')
    .addPrimaryKeyConstraint('ordering_lines_pkey', ['endpoint_id', 'ordering_key'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('ordering_lines').execute();
  await db.schema.dropIndex('deliveries_predecessor_idx').execute();
  await db.schema
    .alterTable('deliveries')
    .dropColumn('ordering_key')
    .dropColumn('ordering_seq')
    .dropColumn('predecessor_id')
    .dropColumn('line_released_at')
    .execute();
  await db.schema.alterTable('events').dropColumn('ordering_key').execute();
  await db.schema.alterTable('endpoints').dropColumn('ordering').dropColumn('fifo_on_failure').execute();
}
