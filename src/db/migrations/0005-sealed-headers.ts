import type { Kysely } from 'kysely';

// Frozen in time: migrations never import application code.
//
// Endpoint custom headers are where receivers' credentials go (`Authorization`,
// `X-Api-Key`), so their values are sealed like signing secrets: each value in the same
// jsonb column becomes `v1:<iv>:<tag>:<ciphertext>`. A header value may itself look like
// that, so the row says which form its values are in rather than guessing from them:
// `headers_sealed`. Rows written before are false (plaintext) until the API or the worker
// seals them at start (services/endpoint-secrets.ts, sealPlaintextHeaders): sealing needs
// SECRET_ENCRYPTION_KEY, which a migration cannot read.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('endpoints')
    .addColumn('headers_sealed', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('endpoints').dropColumn('headers_sealed').execute();
}
