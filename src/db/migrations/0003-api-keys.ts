import { type Kysely, sql } from 'kysely';

// Frozen in time: migrations never import application code.
//
// Tenant-scoped API keys. Only a SHA-256 hash of each key is stored (the key itself is
// shown once, when it is created) plus a short prefix that lets people tell keys apart.
// Every authenticated request finds its key by hash: one unique-index lookup.
//
// Endpoint signing secrets need no schema change to be encrypted: the sealed value
// (`v1:<iv>:<tag>:<ciphertext>`) goes in the same text columns. Sealing the rows written
// before needs SECRET_ENCRYPTION_KEY, which a migration cannot read, so the API and the
// worker do it at start (services/endpoint-secrets.ts, sealPlaintextSecrets).

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('api_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('key_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('api_keys_key_hash_key').on('api_keys').column('key_hash').unique().execute();
  // Listing a tenant's keys by id.
  await db.schema.createIndex('api_keys_tenant_id_idx').on('api_keys').columns(['tenant_id', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('api_keys').ifExists().execute();
}
