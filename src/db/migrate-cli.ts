import { loadConfigOrExit, requireDatabaseUrl } from '../config';
import { runMain } from '../lib/run-main';
import { createDatabase } from './database';
import { migrateToLatest } from './migrate';

/** `npm run migrate`: applies pending migrations to DATABASE_URL. */
runMain(
  'migrate',
  async () => {
    const config = loadConfigOrExit();
    const { db, close } = createDatabase(requireDatabaseUrl(config));
    try {
      const { applied } = await migrateToLatest(db);
      process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'Schema is up to date.\n');
    } finally {
      await close();
    }
  },
  // A failed migration is reported as its message, without a stack.
  { expected: () => true },
);
