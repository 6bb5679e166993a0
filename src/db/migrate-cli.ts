import { ConfigError, loadConfigOrExit, requireDatabaseUrl } from '../config';
import { createDatabase } from './database';
import { migrateToLatest } from './migrate';

/** `npm run migrate`: applies pending migrations to DATABASE_URL. */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const { db, close } = createDatabase(requireDatabaseUrl(config));
  try {
    const { applied } = await migrateToLatest(db);
    process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'Schema is up to date.\n');
  } finally {
    await close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`hookflow migrate: ${error instanceof ConfigError ? error.message : (error as Error).message}\n`);
  process.exit(error instanceof ConfigError ? 78 : 1);
});
