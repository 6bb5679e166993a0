import { type Kysely, sql } from 'kysely';

// Frozen in time: migrations never import application code.
//
// An event's data is kept as the JSON text that was published (minified), not as jsonb:
// jsonb reorders keys and the driver reads its numbers into JavaScript doubles, so
// 12345678901234567890 came back as 12345678901234567000. No query reads inside the
// data, so no jsonb copy is kept. Rows written before get jsonb's rendering of their value
// (keys already reordered by jsonb, numbers intact), minified like new rows.

/** Whitespace outside strings: each string is matched whole and put back, other whitespace dropped. */
const MINIFY_PATTERN = String.raw`("(?:[^"\\]|\\.)*")|\s+`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('events').addColumn('data', 'text').execute();
  await sql`update events set data = regexp_replace(payload::text, ${MINIFY_PATTERN}, ${String.raw`\1`}, 'g')`.execute(db);
  await db.schema
    .alterTable('events')
    .alterColumn('data', (c) => c.setNotNull())
    .execute();
  await db.schema.alterTable('events').dropColumn('payload').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('events').addColumn('payload', 'jsonb').execute();
  // A text that jsonb cannot hold (a duplicate key is merged, \u0000 refused) fails the down migration loudly.
  await sql`update events set payload = data::jsonb`.execute(db);
  await db.schema
    .alterTable('events')
    .alterColumn('payload', (c) => c.setNotNull())
    .execute();
  await db.schema.alterTable('events').dropColumn('data').execute();
}
