import { Migrator, sql } from 'kysely';
import { createDatabase } from '../../src/db/database';
import { migrateToLatest } from '../../src/db/migrate';
import { migrations } from '../../src/db/migrations';
import { canonicalJsonText } from '../../src/lib/raw-json';
import { freshDatabase } from '../helpers/stack';

describe('migrations', () => {
  it('are safe when several processes start at once', async () => {
    const url = (await freshDatabase('hookflow_migrate')).url;

    // Separate pools stand for separate processes (api and worker replicas).
    const handles = Array.from({ length: 4 }, () => createDatabase(url, { poolMax: 2 }));
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

  it('0007 keeps the data of events stored as jsonb, digit for digit, and its down migration restores it', async () => {
    const url = (await freshDatabase('hookflow_migrate')).url;
    const handle = createDatabase(url, { poolMax: 2 });
    const db = handle.db;
    try {
      const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
      expect((await migrator.migrateTo('0006-worker-health')).error).toBeUndefined();
      const stored = String.raw`{"s": "x, y: z", "b": 1, "a": 12345678901234567890, "p": 19.90, "q": ["say \"hi\" ", "\\", "\n"]}`;
      await sql`insert into tenants (id, name) values ('t1', 't1')`.execute(db);
      await sql`insert into events (tenant_id, id, type, payload) values ('t1', 'evt_1', 'a.b', ${stored}::jsonb)`.execute(db);

      await migrateToLatest(db);
      const { data } = await db.selectFrom('events').select('data').where('id', '=', 'evt_1').executeTakeFirstOrThrow();
      // jsonb had already ordered the keys; the numbers and strings are intact, the text minified.
      expect(data).toBe(String.raw`{"a":12345678901234567890,"b":1,"p":19.90,"q":["say \"hi\" ","\\","\n"],"s":"x, y: z"}`);
      expect(canonicalJsonText(data)).toBe(canonicalJsonText(stored));

      expect((await migrator.migrateTo('0006-worker-health')).error).toBeUndefined();
      const back = await sql<{ same: boolean }>`select payload = ${stored}::jsonb as same from events where id = 'evt_1'`.execute(db);
      expect(back.rows[0]!.same).toBe(true);
    } finally {
      await handle.close();
    }
  });
});
