import { loadConfigOrExit, requireDatabaseUrl } from '../src/config';
import { createDatabase } from '../src/db/database';
import { upsertEventType } from '../src/db/queries/event-types';
import { migrateToLatest } from '../src/db/migrate';
import { loadShopCatalog } from '../src/dev/shop-catalog';
import { runMain } from '../src/lib/run-main';

/**
 * `npm run seed:event-types`: loads the shop builder's event catalog (its seven types with
 * their descriptions and example payloads, read from ../shared/seeds/) into the event type
 * catalog of DATABASE_URL. Idempotent: types that exist are updated.
 */
runMain('seed:event-types', async () => {
  const config = loadConfigOrExit();
  const { db, close } = createDatabase(requireDatabaseUrl(config));
  try {
    await migrateToLatest(db);
    const catalog = loadShopCatalog();
    for (const entry of catalog) await upsertEventType(db, entry.name, { description: entry.description, example: entry.example });
    process.stdout.write(`event types: ${catalog.map((entry) => entry.name).join(', ')}\n`);
  } finally {
    await close();
  }
});
