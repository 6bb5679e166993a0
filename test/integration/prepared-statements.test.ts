import { type Kysely, sql } from 'kysely';
import { createDatabase, type DatabaseHandle } from '../../src/db/database';
import { executePrepared, preparedName } from '../../src/db/prepared';
import { migrateToLatest } from '../../src/db/migrate';
import { findAttemptContext } from '../../src/db/queries/attempts';
import { findApiKeyByHash } from '../../src/db/queries/api-keys';
import { findTenantSubscribers, insertEventWithDeliveries } from '../../src/db/queries/publish';
import { peekToken, takeToken } from '../../src/db/queries/rate-limit-buckets';
import { insertTenant } from '../../src/db/queries/tenants';
import { freshDatabaseUrl } from '../helpers/stack';

/**
 * The hot statements as named prepared statements (db/prepared.ts), on a real PostgreSQL:
 * planned once per connection, falling back to the unnamed statement when a migration
 * changed what a `*` expands to, and none at all when turned off.
 */
describe('prepared statements', () => {
  let url: string;
  const handles: DatabaseHandle[] = [];
  const open = (preparedStatements: boolean) => {
    // One connection: the statements a test prepares are on the connection it inspects.
    const handle = createDatabase(url, { poolMax: 1, preparedStatements });
    handles.push(handle);
    return handle.db as unknown as Kysely<unknown>;
  };
  const preparedOnConnection = async (db: Kysely<unknown>) =>
    (await sql<{ name: string }>`select name from pg_prepared_statements order by name`.execute(db)).rows.map((r) => r.name);

  beforeAll(async () => {
    url = await freshDatabaseUrl('hookflow_prepared');
    const setup = createDatabase(url, { poolMax: 1 });
    await sql`create table things (id int primary key, label text)`.execute(setup.db);
    await sql`insert into things values (1, 'one'), (2, 'two')`.execute(setup.db);
    await setup.close();
  });

  afterAll(async () => {
    await Promise.all(handles.map((h) => h.close()));
  });

  it('prepares an opted-in statement once per connection, and only that one', async () => {
    const db = open(true);
    const query = sql<{ label: string }>`select label from things where id = ${1}`.compile(db);
    const first = await executePrepared(db, query);
    const again = await executePrepared(db, sql<{ label: string }>`select label from things where id = ${2}`.compile(db));
    expect(first.rows).toEqual([{ label: 'one' }]);
    expect(again.rows).toEqual([{ label: 'two' }]);
    // A statement that did not opt in stays unnamed.
    await sql`select label from things where id = ${1} and label is not null`.execute(db);

    const name = preparedName(query.sql);
    expect(name).toMatch(/^hookflow_[0-9a-f]{24}$/);
    expect(await preparedOnConnection(db)).toEqual([name]);
  });

  it('sends no named statement when turned off', async () => {
    const db = open(false);
    const result = await executePrepared(db, sql<{ label: string }>`select label from things where id = ${1}`.compile(db));
    expect(result.rows).toEqual([{ label: 'one' }]);
    expect(await preparedOnConnection(db)).toEqual([]);
  });

  it('falls back to the unnamed statement when a migration changed what its * returns, and keeps working', async () => {
    const db = open(true);
    const star = () => sql<Record<string, unknown>>`select * from things where id = ${1}`.compile(db);
    expect((await executePrepared(db, star())).rows).toEqual([{ id: 1, label: 'one' }]);
    expect(await preparedOnConnection(db)).toContain(preparedName(star().sql));

    // What a rolling deploy does: the new version's migration adds a column while this process runs.
    await sql`alter table things add column colour text default 'blue'`.execute(db);
    expect((await executePrepared(db, star())).rows).toEqual([{ id: 1, label: 'one', colour: 'blue' }]);
    expect((await executePrepared(db, star())).rows).toEqual([{ id: 1, label: 'one', colour: 'blue' }]);
  });

  it('still surfaces any other error of a prepared statement', async () => {
    const db = open(true);
    await expect(executePrepared(db, sql`select * from no_such_table where id = ${1}`.compile(db))).rejects.toMatchObject({
      code: '42P01',
    });
  });

  it('the statements every attempt, every publish and every authenticated request runs are prepared', async () => {
    const hotUrl = await freshDatabaseUrl('hookflow_prepared_hot');
    const migrating = createDatabase(hotUrl, { poolMax: 2 });
    await migrateToLatest(migrating.db);
    await insertTenant(migrating.db, { id: 'acme', name: 'Acme' });
    await migrating.close();
    const handle = createDatabase(hotUrl, { poolMax: 1, preparedStatements: true });
    handles.push(handle);

    expect(await findAttemptContext(handle.db, 'dlv_nothing')).toBeUndefined();
    expect(await findTenantSubscribers(handle.db, 'acme', 'order.created', 9)).toEqual([]);
    const written = await insertEventWithDeliveries(handle.db, {
      tenantId: 'acme',
      id: 'evt_prepared',
      type: 'order.created',
      data: '{"n":12345678901234567890}',
      idempotencyKey: null,
      orderingKey: null,
      deliveries: [],
    });
    expect(written?.event.data).toBe('{"n":12345678901234567890}');
    // What every authenticated request runs: the key lookup, the address's auth-failure standing, the rate-limit take.
    expect(await findApiKeyByHash(handle.db, 'f'.repeat(64))).toBeUndefined();
    const rate = { perMinute: 60, burst: 2 };
    expect(await peekToken(handle.db, 'auth_failure', '127.0.0.1', rate)).toEqual({ allowed: true, waitMs: 0 });
    expect(await takeToken(handle.db, 'principal', 'key_1', rate)).toEqual({ allowed: true, waitMs: 0 });

    const statements = (await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(handle.db)).rows.map(
      (r) => r.statement,
    );
    expect(statements).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^select "d"\.\*/),
        expect.stringMatching(/^select "e"\."id"/),
        expect.stringMatching(/^\s*with ev as \(/),
        expect.stringMatching(/^select "id", "tenant_id", "key_hash" from "api_keys"/),
        expect.stringMatching(/^\s*select least\(/),
        expect.stringMatching(/^\s*insert into rate_limit_buckets/),
      ]),
    );
    expect(statements).toHaveLength(6);
  });
});
