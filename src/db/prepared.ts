import { createHash } from 'node:crypto';
import type { CompiledQuery, Kysely, QueryResult } from 'kysely';
import type { PoolClient } from 'pg';
import { sqlState } from '../lib/db-errors';

/**
 * Prepared statements for the hot path: the few statements every publish, every attempt
 * and every authenticated request runs (their SQL texts are fixed) are parsed and planned once per connection
 * instead of at every execution, which is most of PostgreSQL's work for a point lookup
 * (`npm run bench` measures it; docs/performance.md).
 *
 * A statement opts in by running through `executePrepared`, which names its SQL text. On
 * each pooled connection (`prepareNamedStatements`), a named text goes out as a named
 * statement: pg parses it on that connection the first time and only binds it afterwards.
 * Everything else goes out as before (the unnamed statement, planned each time).
 *
 * Two failures of a prepared statement fall back to the unnamed one, on that connection
 * and for that text, so they can cost one retry, never an error:
 * - `0A000` "cached plan must not change result type": a migration added a column that a
 *   `*` in the statement expands to (a rolling deploy, the old process still running);
 * - `26000` "prepared statement does not exist": a pooler in transaction mode (PgBouncer)
 *   sent the execution to another server connection.
 * A statement that failed so did nothing, so running it again is safe.
 * DATABASE_PREPARED_STATEMENTS=false turns it off (a pooler that must see no named statements).
 */

/** SQL text → statement name, for the statements that opted in. Bounded: only fixed texts belong here. */
const names = new Map<string, string>();
const MAX_NAMED = 64;
const FALL_BACK_ON = new Set(['0A000', '26000']);

/** Runs a compiled query as a named, prepared statement (on connections that prepare them). */
export function executePrepared<DB, R>(db: Kysely<DB>, query: CompiledQuery<R>): Promise<QueryResult<R>> {
  if (!names.has(query.sql) && names.size < MAX_NAMED) {
    names.set(query.sql, `hookflow_${createHash('sha256').update(query.sql).digest('hex').slice(0, 24)}`);
  }
  return db.executeQuery(query);
}

/** The statement name of an opted-in SQL text (tests). */
export function preparedName(sql: string): string | undefined {
  return names.get(sql);
}

type Query = (...args: unknown[]) => unknown;

/**
 * Makes one pooled connection send opted-in texts as named statements (the pool's
 * `connect` event). Kysely calls `query(text, values)`; any other call is passed through.
 */
export function prepareNamedStatements(client: PoolClient): void {
  const query = client.query.bind(client) as Query;
  const unnamed = new Set<string>();
  const prepared: Query = (...args) => {
    const [text, values] = args;
    const name = typeof text === 'string' && Array.isArray(values) && args.length === 2 ? names.get(text) : undefined;
    if (name === undefined || unnamed.has(text as string)) return query(...args);
    return (query({ name, text, values }) as Promise<unknown>).catch((error: unknown) => {
      if (!FALL_BACK_ON.has(sqlState(error) ?? '')) throw error;
      unnamed.add(text as string);
      return query(text, values);
    });
  };
  client.query = prepared as PoolClient['query'];
}
