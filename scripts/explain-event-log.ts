import { type CompiledQuery, type Kysely, sql } from 'kysely';
import { loadConfigOrExit, requireDatabaseUrl } from '../src/config';
import { createDatabase } from '../src/db/database';
import { listDeliveries, listEvents } from '../src/db/queries/event-log';
import { purgeEventsBatch } from '../src/db/queries/purge';
import type { Database } from '../src/db/schema';

/**
 * Prints the plans and timings of the event log's queries against a seeded tenant
 * (`npm run seed`), then, with --purge, runs the real purge and reports its rate:
 *   DATABASE_URL=... npx tsx scripts/explain-event-log.ts --tenant seed [--purge]
 */
const argument = (name: string, fallback: string) => {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] ? (process.argv[index + 1] as string) : fallback;
};

async function explain(db: Kysely<Database>, title: string, compiled: { sql: string; parameters: readonly unknown[] }): Promise<void> {
  const plan = await sql<{ 'QUERY PLAN': string }>`explain (analyze, buffers, costs off, summary on) ${sql.raw(
    compiled.sql.replace(/\$(\d+)/g, (_, n: string) => literal(compiled.parameters[Number(n) - 1])),
  )}`.execute(db);
  process.stdout.write(`\n### ${title}\n\n\`\`\`\n${plan.rows.map((r) => r['QUERY PLAN']).join('\n')}\n\`\`\`\n`);
}

function literal(value: unknown): string {
  if (value instanceof Date) return `'${value.toISOString()}'::timestamptz`;
  if (typeof value === 'number') return String(value);
  return `'${String(value).replace(/'/g, "''")}'`;
}

async function timed<T>(runs: number, run: () => Promise<T>): Promise<{ p50: number; max: number }> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { p50: Number(times[Math.floor(runs / 2)]!.toFixed(1)), max: Number(times.at(-1)!.toFixed(1)) };
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const tenant = argument('tenant', 'seed');
  const { db, close } = createDatabase(requireDatabaseUrl(config));
  try {
    const counts = await sql<{ events: number; deliveries: number; attempts: number }>`
      select (select count(*) from events)::int as events, (select count(*) from deliveries)::int as deliveries,
             (select count(*) from attempts)::int as attempts`.execute(db);
    process.stdout.write(`rows: ${JSON.stringify(counts.rows[0])}\n`);
    const page = { limit: 51 };
    const queries: Record<string, () => Promise<unknown>> = {
      'events, newest first': () => listEvents(db, tenant, {}, page),
      'events with a failed delivery': () => listEvents(db, tenant, { status: 'failed' }, page),
      'events with a retrying delivery of type order.*': () =>
        listEvents(db, tenant, { status: 'retrying', type: { prefix: 'order.' } }, page),
      'events of type invoice.paid in a week': () =>
        listEvents(
          db,
          tenant,
          { type: { exact: 'invoice.paid' }, since: new Date(Date.now() - 14 * 86_400_000), until: new Date(Date.now() - 7 * 86_400_000) },
          page,
        ),
      'deliveries failed': () => listDeliveries(db, tenant, { status: 'failed' }, page),
      [`deliveries of endpoint ep_${tenant}_a`]: () => listDeliveries(db, tenant, { endpointId: `ep_${tenant}_a` }, page),
    };
    const timings: Record<string, { p50: number; max: number }> = {};
    for (const [title, run] of Object.entries(queries)) {
      await run(); // warm
      timings[title] = await timed(20, run);
    }
    process.stdout.write(`\nlist timings over 20 runs (ms): ${JSON.stringify(timings, null, 2)}\n`);

    // The plans, with the exact SQL Kysely sends.
    const compiledEventsByStatus = await captureSql(db, () => listEvents(db, tenant, { status: 'failed' }, page));
    await explain(db, 'GET /v1/tenants/{t}/events?status=failed', compiledEventsByStatus);
    await explain(db, 'GET /v1/tenants/{t}/events', await captureSql(db, () => listEvents(db, tenant, {}, page)));
    await explain(
      db,
      'GET /v1/tenants/{t}/deliveries?status=failed',
      await captureSql(db, () => listDeliveries(db, tenant, { status: 'failed' }, page)),
    );

    const cutoff = new Date(Date.now() - config.eventLog.retentionMs);
    await db
      .transaction()
      .execute(async (trx) => {
        await explain(
          trx,
          'purge batch (rolled back)',
          await captureSql(trx, () => purgeEventsBatch(trx, cutoff, config.eventLog.purgeBatchSize)),
        );
        throw new RollbackSignal();
      })
      .catch((error: unknown) => {
        if (!(error instanceof RollbackSignal)) throw error;
      });

    if (process.argv.includes('--purge')) {
      const started = performance.now();
      let total = { events: 0, deliveries: 0, attempts: 0 };
      for (;;) {
        const batch = await purgeEventsBatch(db, cutoff, config.eventLog.purgeBatchSize);
        total = {
          events: total.events + batch.events,
          deliveries: total.deliveries + batch.deliveries,
          attempts: total.attempts + batch.attempts,
        };
        if (batch.events < config.eventLog.purgeBatchSize) break;
      }
      const seconds = (performance.now() - started) / 1000;
      const rows = total.events + total.deliveries + total.attempts;
      process.stdout.write(
        `\npurge: ${JSON.stringify(total)} in ${seconds.toFixed(1)} s = ${Math.round(total.events / seconds)} events/s, ${Math.round(rows / seconds)} rows/s (batch ${config.eventLog.purgeBatchSize})\n`,
      );
    }
  } finally {
    await close();
  }
}

class RollbackSignal extends Error {}

/** Runs a query builder call once with a logging Kysely to get its SQL and parameters. */
async function captureSql(db: Kysely<Database>, run: () => Promise<unknown>): Promise<{ sql: string; parameters: readonly unknown[] }> {
  const captured: { sql: string; parameters: readonly unknown[] }[] = [];
  const originalExecute = db.getExecutor().executeQuery.bind(db.getExecutor());
  const executor = db.getExecutor() as unknown as { executeQuery: typeof originalExecute };
  executor.executeQuery = (async (compiled: CompiledQuery) => {
    captured.push({ sql: compiled.sql, parameters: compiled.parameters });
    return originalExecute(compiled);
  }) as typeof originalExecute;
  try {
    await run();
  } finally {
    executor.executeQuery = originalExecute;
  }
  const first = captured[0];
  if (!first) throw new Error('no query captured');
  return first;
}

main().catch((error: unknown) => {
  process.stderr.write(`explain: ${(error as Error).stack}\n`);
  process.exit(1);
});
