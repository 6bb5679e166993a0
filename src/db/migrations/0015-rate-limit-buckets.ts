import { type Kysely, sql } from 'kysely';

// Frozen in time: migrations never import application code.
//
// The API's rate limits, shared by every API process: one token bucket per (scope, key),
// e.g. ('principal', an API key's or portal session's id) or ('auth_failure', a client
// address). `tokens` as of `updated_at`; `full_at` is when the bucket is full again, so a
// row past it means the same as no row and may be deleted. `allowed` is the decision of
// the latest take, returned to it (an upsert's RETURNING sees only the new row).
//
// Unlogged: a take writes this row on every request, and none of it is worth WAL. A crash
// of PostgreSQL empties the table (every bucket full again) and replicas do not see it;
// both only forgive. No index beyond the key, so updates can stay HOT (fillfactor leaves
// them room on the page); the purge reads the whole table, which holds only the keys
// active within one refill time.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create unlogged table rate_limit_buckets (
      scope text not null,
      key text not null,
      tokens double precision not null,
      updated_at timestamptz not null,
      full_at timestamptz not null,
      allowed boolean not null,
      primary key (scope, key)
    ) with (fillfactor = 70)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('rate_limit_buckets').ifExists().execute();
}
