import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { createDatabase, type DatabaseHandle } from '../../src/db/database';
import { executePrepared, preparedName } from '../../src/db/prepared';
import { migrateToLatest } from '../../src/db/migrate';
import { findAttemptContext, recordAttempt } from '../../src/db/queries/attempts';
import { findApiKeyTakingToken } from '../../src/db/queries/api-keys';
import { writeDirectPublish } from '../../src/db/queries/publish';
import { peekToken, takeToken } from '../../src/db/queries/rate-limit-buckets';
import { insertTenant } from '../../src/db/queries/tenants';
import { freshDatabase } from '../helpers/stack';

/**
 * The hot statements as named prepared statements (db/prepared.ts), on a real PostgreSQL:
 * parsed once per connection, falling back to the unnamed statement when a migration
 * changed what a `*` expands to or a pooler lost or duplicated the statement, and none at
 * all when turned off.
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
  /** Every statement the pg clients sent, with its name when it was sent as a named statement. */
  const sent: { text: string; name?: string }[] = [];
  const clientPrototype = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const originalQuery = clientPrototype.query;
  const sentAs = (text: string) => sent.filter((s) => s.text === text).map((s) => s.name ?? 'unnamed');
  const preparedOnConnection = async (db: Kysely<unknown>) =>
    (await sql<{ name: string }>`select name from pg_prepared_statements order by name`.execute(db)).rows.map((r) => r.name);

  beforeAll(async () => {
    clientPrototype.query = function recording(this: unknown, ...args: unknown[]) {
      const [config] = args;
      if (typeof config === 'string') sent.push({ text: config });
      else if (config && typeof config === 'object' && 'text' in config) {
        const { text, name } = config as { text: string; name?: string };
        sent.push({ text, ...(name ? { name } : {}) });
      }
      return originalQuery.apply(this, args);
    };
    url = (await freshDatabase('hookflow_prepared')).url;
    const setup = createDatabase(url, { poolMax: 1 });
    await sql`create table things (id int primary key, label text)`.execute(setup.db);
    await sql`insert into things values (1, 'one'), (2, 'two')`.execute(setup.db);
    await setup.close();
  });

  afterAll(async () => {
    clientPrototype.query = originalQuery;
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
    // Named, then named again (refused), retried unnamed; from then on unnamed on this connection.
    const name = preparedName(star().sql) as string;
    expect(sentAs(star().sql)).toEqual([name, name, 'unnamed', 'unnamed']);
    await sql`alter table things drop column colour`.execute(db);
  });

  it('falls back when the connection lost the statement (a pooler in transaction mode)', async () => {
    const db = open(true);
    const query = () => sql<{ label: string }>`select label from things where id = ${2} and id > ${0}`.compile(db);
    expect((await executePrepared(db, query())).rows).toEqual([{ label: 'two' }]);
    // What a pooler does when the next execution lands on another server connection.
    await sql`deallocate all`.execute(db);
    expect((await executePrepared(db, query())).rows).toEqual([{ label: 'two' }]);
    expect(sentAs(query().sql)).toEqual([preparedName(query().sql), preparedName(query().sql), 'unnamed']);
  });

  it('falls back when the connection holds the name already (another client prepared it there)', async () => {
    const db = open(true);
    const query = () => sql<{ label: string }>`select label from things where id = ${1} and id < ${9}`.compile(db);
    // Registers the text's name without preparing it on this connection.
    await executePrepared(open(false), query());
    const name = preparedName(query().sql) as string;
    await sql.raw(`prepare "${name}" as select label from things where id = $1 and id < $2`).execute(db);
    expect((await executePrepared(db, query())).rows).toEqual([{ label: 'one' }]);
    expect(sentAs(query().sql).slice(-2)).toEqual([name, 'unnamed']);
  });

  it('inside a transaction block, reports the error that aborted it', async () => {
    const db = open(true);
    const star = () => sql<Record<string, unknown>>`select * from things where id = ${2} and label is not null`.compile(db);
    await executePrepared(db, star());
    await sql`alter table things add column size int`.execute(db);
    await expect(db.transaction().execute((trx) => executePrepared(trx, star()))).rejects.toMatchObject({
      code: '0A000',
      message: expect.stringContaining('cached plan must not change result type'),
    });
    // The transaction retried (as a caller would) runs it unnamed.
    expect((await db.transaction().execute((trx) => executePrepared(trx, star()))).rows).toEqual([{ id: 2, label: 'two', size: null }]);
    await sql`alter table things drop column size`.execute(db);
  });

  it('still surfaces any other error of a prepared statement', async () => {
    const db = open(true);
    await expect(executePrepared(db, sql`select * from no_such_table where id = ${1}`.compile(db))).rejects.toMatchObject({
      code: '42P01',
    });
  });

  it('the statements every attempt, every publish and every authenticated request runs are prepared (7 texts)', async () => {
    const hotUrl = (await freshDatabase('hookflow_prepared_hot')).url;
    const migrating = createDatabase(hotUrl, { poolMax: 2 });
    await migrateToLatest(migrating.db);
    await insertTenant(migrating.db, { id: 'acme', name: 'Acme' });
    await migrating.close();
    const handle = createDatabase(hotUrl, { poolMax: 1, preparedStatements: true });
    handles.push(handle);

    expect(await findAttemptContext(handle.db, 'dlv_nothing')).toBeUndefined();
    const written = await writeDirectPublish(handle.db, {
      tenantId: 'acme',
      id: 'evt_prepared',
      type: 'order.created',
      data: '{"n":12345678901234567890}',
      idempotencyKey: null,
      orderingKey: null,
      deliveryKeys: [{ id: 'dlv_prepared', workflowId: 'delivery-dlv_prepared' }],
    });
    expect(written).toMatchObject({ written: true, deliveries: [], endpoints: [], event: { data: '{"n":12345678901234567890}' } });
    // What every authenticated request runs: the key lookup with its rate-limit take, the
    // address's auth-failure standing, and a portal session's rate-limit take.
    const rate = { perMinute: 60, burst: 2 };
    expect(await findApiKeyTakingToken(handle.db, 'f'.repeat(64), 'principal', rate)).toBeUndefined();
    expect(await peekToken(handle.db, 'auth_failure', '127.0.0.1', rate)).toEqual({ allowed: true, waitMs: 0 });
    expect(await takeToken(handle.db, 'principal', 'key_1', rate)).toEqual({ allowed: true, waitMs: 0 });
    // The attempt's record, as a success and as a failure (two texts): no such delivery, so the
    // statement fails on its foreign key, after it was prepared.
    for (const failed of [false, true]) {
      const attempt = {
        number: 1,
        trigger: 'scheduled' as const,
        started_at: new Date(),
        duration_ms: 3,
        status_code: failed ? 500 : 200,
        response_body: null,
        error_kind: failed ? ('http_status' as const) : null,
        error_message: failed ? 'HTTP 500' : null,
      };
      const record = { deliveryId: 'dlv_none', tenantId: 'acme', endpointId: 'ep_none', attempt, nextAttemptAt: null, failureReason: null };
      await expect(recordAttempt(handle.db, { ...record, status: failed ? 'retrying' : 'finished' })).rejects.toMatchObject({
        code: '23503',
      });
    }

    const statements = (await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(handle.db)).rows.map(
      (r) => r.statement,
    );
    expect(statements).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^select "d"\.\*/),
        expect.stringMatching(/^\s*with t as \(/),
        expect.stringMatching(/^\s*with k as \(\s*select id, tenant_id, key_hash from api_keys/),
        expect.stringMatching(/^\s*select least\(/),
        expect.stringMatching(/^\s*insert into rate_limit_buckets .*from \(values \(\$4::text\)\) as k\(key\)/s),
      ]),
    );
    expect(statements).toEqual(expect.arrayContaining([expect.stringMatching(/^with "run_ended" as/)]));
    expect(statements).toHaveLength(7);
  });
});
