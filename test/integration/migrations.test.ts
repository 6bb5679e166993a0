import { sql } from 'kysely';
import { createDatabase } from '../../src/db/database';
import { migrateToLatest } from '../../src/db/migrate';
import { migrations } from '../../src/db/migrations';
import { createDatabaseIfMissing } from '../../src/dev/embedded-postgres';
import { requireTestEnv, uniqueName } from '../helpers/stack';

describe('migrations', () => {
  it('are safe when several processes start at once', async () => {
    const adminUrl = requireTestEnv('HOOKFLOW_TEST_ADMIN_DATABASE_URL');
    const name = uniqueName('hookflow_migrate');
    await createDatabaseIfMissing(adminUrl, name);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;

    // Separate pools stand for separate processes (api and worker replicas).
    const handles = Array.from({ length: 4 }, () => createDatabase(url.toString(), { poolMax: 2 }));
    try {
      const reports = await Promise.all(handles.map((h) => migrateToLatest(h.db)));
      const applied = reports.flatMap((r) => r.applied);
      const all = Object.keys(migrations);
      expect(applied).toEqual(all); // exactly one of them applied each
      const rows = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(handles[0]!.db);
      expect(rows.rows.map((r) => r.name)).toEqual(all);
      expect((await migrateToLatest(handles[1]!.db)).applied).toEqual([]);
    } finally {
      await Promise.all(handles.map((h) => h.close()));
    }
  });
});
