import { type Kysely, Migrator, sql } from 'kysely';
import { migrations } from './migrations';
import type { Database } from './schema';

/** Arbitrary constant: the advisory lock that serialises migrations across processes. */
const MIGRATION_LOCK_ID = 0x686f6f6b; // "hook"

export interface MigrationReport {
  applied: string[];
}

/**
 * Brings the schema to the latest migration. Safe when several processes start at once
 * (api and worker replicas): a session-level advisory lock lets one migrate while the
 * others wait, then find nothing left to do.
 */
export async function migrateToLatest(db: Kysely<Database>): Promise<MigrationReport> {
  return db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK_ID})`.execute(conn);
    try {
      const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
      const { error, results } = await migrator.migrateToLatest();
      if (error) {
        const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
        throw new Error(`Migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`, {
          cause: error,
        });
      }
      return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK_ID})`.execute(conn);
    }
  });
}
