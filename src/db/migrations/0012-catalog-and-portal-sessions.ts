import { type Kysely, sql } from 'kysely';

// Frozen in time: migrations never import application code.
//
// The event type catalog (platform-wide: name, description, an optional JSON Schema for
// `data`, an example, deprecated) and portal sessions: short-lived, tenant-scoped,
// optionally read-only credentials for the customer portal. Only the SHA-256 of a
// session's token is stored, like API keys.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('event_types')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('schema', 'jsonb')
    .addColumn('example', 'jsonb')
    .addColumn('deprecated', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createTable('portal_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull())
    .addColumn('read_only', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('theme', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('portal_sessions_token_hash_key').on('portal_sessions').column('token_hash').unique().execute();
  await db.schema.createIndex('portal_sessions_tenant_id_idx').on('portal_sessions').columns(['tenant_id', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('portal_sessions').ifExists().execute();
  await db.schema.dropTable('event_types').ifExists().execute();
}
