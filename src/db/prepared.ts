import { createHash } from 'node:crypto';
import type { CompiledQuery, Kysely, QueryResult } from 'kysely';
import type { PoolClient } from 'pg';
import { sqlState } from '../lib/db-errors';

/**
 * Prepared statements for the hot path: the few statements every publish, every attempt
 * and every authenticated request runs (their SQL texts are fixed) are parsed once per
 * connection instead of at every execution; PostgreSQL plans the first executions each
 * time, then may keep a generic plan. Parsing and planning were most of its work for these
 * point lookups (`npm run bench` measures it; docs/performance.md).
 *
 * A statement opts in by running through `executePrepared`, which names its SQL text (the
 * name is a hash of the text, so one name always means one text). On each pooled connection
 * (`prepareNamedStatements`), a named text goes out as a named statement: pg parses it on
 * that connection the first time and only binds it afterwards. Everything else goes out as
 * before (the unnamed statement).
 *
 * Three failures of a prepared statement fall back to the unnamed one, for that text on that
 * connection, at the cost of one retry. Each is raised before the statement runs, so
 * running it again is safe:
 * - "cached plan must not change result type" (0A000 from RevalidateCachedQuery): a
 *   migration added a column that a `*` in the statement expands to (a rolling deploy, the
 *   old process still running);
 * - "prepared statement does not exist" (26000) and "prepared statement already exists"
 *   (42P05): a pooler in transaction mode (PgBouncer before 1.21, or without
 *   `max_prepared_statements`) moved the statement between server connections.
 * Inside a transaction block the failure has aborted the transaction, so the original
 * error is what the caller gets (no caller runs these in one today).
 * DATABASE_PREPARED_STATEMENTS=false sends no named statement at all.
 */

/** SQL text → statement name, for the statements that opted in. Bounded: only fixed texts belong here. */
const names = new Map<string, string>();
const MAX_NAMED = 64;
let warnedFull = false;

/** Whether a prepared statement's failure means "run it unnamed here" (see above). */
function fallsBack(error: unknown): boolean {
  const state = sqlState(error);
  if (state === '26000' || state === '42P05') return true;
  return state === '0A000' && (error as { routine?: unknown }).routine === 'RevalidateCachedQuery';
}

/** Runs a compiled query as a named, prepared statement (on connections that prepare them). */
export function executePrepared<DB, R>(db: Kysely<DB>, query: CompiledQuery<R>): Promise<QueryResult<R>> {
  if (!names.has(query.sql)) {
    if (names.size < MAX_NAMED) {
      names.set(query.sql, `hookflow_${createHash('sha256').update(query.sql).digest('hex').slice(0, 24)}`);
    } else if (!warnedFull) {
      // A text that varies with its input opted in: it runs unnamed, as any other statement.
      warnedFull = true;
      process.emitWarning(`more than ${MAX_NAMED} SQL texts asked to be prepared; the rest run unnamed`, 'HookflowWarning');
    }
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
    return (query({ name, text, values }) as Promise<unknown>).catch(async (error: unknown) => {
      if (!fallsBack(error)) throw error;
      unnamed.add(text as string);
      try {
        return await query(text, values);
      } catch (retryError) {
        // In a transaction block the first failure aborted it: its error is the one that says why.
        throw sqlState(retryError) === '25P02' ? error : retryError;
      }
    });
  };
  client.query = prepared as PoolClient['query'];
}
