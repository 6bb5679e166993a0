import { type Kysely, sql } from 'kysely';

// Frozen in time: migrations never import application code.
//
// An endpoint signs with HMAC-SHA256 (Standard Webhooks `v1`, a shared `whsec_` secret)
// or with Ed25519 (`v1a`, a `whsk_` private key whose public key receivers verify with).
// The scheme is chosen at creation and never changes; the key itself lives, sealed, in
// the same `secret` / `previous_secret` columns as an HMAC secret. Existing endpoints
// keep HMAC.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('endpoints')
    .addColumn('signature_scheme', 'text', (c) =>
      c
        .notNull()
        .defaultTo('hmac-sha256')
        .check(sql`signature_scheme in ('hmac-sha256', 'ed25519')`),
    )
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('endpoints').dropColumn('signature_scheme').execute();
}
