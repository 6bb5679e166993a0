import { Kysely, PostgresDialect } from 'kysely';
import { Pool, types } from 'pg';
import { prepareNamedStatements } from './prepared';
import type { Database } from './schema';

// int8 (count(*), sums) as JS numbers: our counts stay far below 2^53.
types.setTypeParser(types.builtins.INT8, (value) => Number(value));

export type Db = Kysely<Database>;

export interface DatabaseHandle {
  db: Db;
  pool: Pool;
  close(): Promise<void>;
}

/**
 * One pg pool and one Kysely instance per process; `close()` ends both. With
 * `preparedStatements` (the services' setting, DATABASE_PREPARED_STATEMENTS), the hot
 * statements that opt in go out as named prepared statements (db/prepared.ts).
 */
export function createDatabase(
  url: string,
  options: { poolMax?: number; applicationName?: string; preparedStatements?: boolean } = {},
): DatabaseHandle {
  const pool = new Pool({
    connectionString: url,
    max: options.poolMax ?? 10,
    application_name: options.applicationName ?? 'hookflow',
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // A client losing its connection (Postgres stopped or restarted) must not crash the
  // process. Idle clients report it on the pool; a client checked out by Kysely (mid-query,
  // mid-transaction) emits it on itself, where pg-pool listens only while it is idle. The
  // query in flight still fails with the error, the dead client leaves the pool when it is
  // released, and the next query gets a fresh connection or a clean error.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
    if (options.preparedStatements) prepareNamedStatements(client);
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    pool,
    close: () => db.destroy(),
  };
}
