import { spawn } from 'node:child_process';
import { listDeliveries, listEvents } from '../../src/db/queries/event-log';
import { purgeEventsBatch } from '../../src/db/queries/purge';
import { P, log, theStack } from '../lib/context';
import { ROOT } from '../lib/stack';
import { percentile, round } from '../lib/stats';

/** Event log: seed events (scripts/seed-events.ts), time the API's list queries, then run purge batches for a bounded time. */

export async function logAndPurge() {
  const s = theStack();
  const tenant = 'bench_log';
  log(`log: seeding ${P.logEvents} events (scripts/seed-events.ts)`);
  const t0 = Date.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'scripts/seed-events.ts', '--events', String(P.logEvents), '--tenant', tenant, '--days', '60'],
      {
        cwd: ROOT,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'development', DATABASE_URL: s.databaseUrl },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 600_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`seed exited ${code}: ${output.slice(-500)}`));
    });
  });
  const seedSeconds = (Date.now() - t0) / 1000;
  const db = s.db.db;
  const page = { limit: 51 };
  const queries: Record<string, () => Promise<unknown>> = {
    'events, newest first': () => listEvents(db, tenant, {}, page),
    'events with a failed delivery': () => listEvents(db, tenant, { status: 'failed' }, page),
    'events with a retrying delivery of type order.*': () =>
      listEvents(db, tenant, { status: 'retrying', type: { prefix: 'order.' } }, page),
    'events of type invoice.paid in a one-week window': () =>
      listEvents(
        db,
        tenant,
        { type: { exact: 'invoice.paid' }, since: new Date(Date.now() - 14 * 86_400_000), until: new Date(Date.now() - 7 * 86_400_000) },
        page,
      ),
    'deliveries ?status=failed': () => listDeliveries(db, tenant, { status: 'failed' }, page),
    'deliveries of one endpoint': () => listDeliveries(db, tenant, { endpointId: `ep_${tenant}_a` }, page),
  };
  const lists: Record<string, { p50: number | undefined; max: number | undefined }> = {};
  for (const [title, run] of Object.entries(queries)) {
    await run();
    const times: number[] = [];
    for (let i = 0; i < P.listRuns; i++) {
      const q0 = performance.now();
      await run();
      times.push(performance.now() - q0);
    }
    lists[title] = { p50: round(percentile(times, 50), 1), max: round(Math.max(...times), 1) };
  }
  const cutoff = new Date(Date.now() - 30 * 86_400_000);
  const p0 = performance.now();
  const total = { events: 0, deliveries: 0, attempts: 0, batches: 0 };
  let finished = false;
  while (performance.now() - p0 < P.purgeSeconds * 1000) {
    const batch = await purgeEventsBatch(db, cutoff, 1000);
    total.events += batch.events;
    total.deliveries += batch.deliveries;
    total.attempts += batch.attempts;
    total.batches++;
    if (batch.events < 1000) {
      finished = true;
      break;
    }
  }
  const purgeSeconds = (performance.now() - p0) / 1000;
  const rows = total.events + total.deliveries + total.attempts;
  return {
    events: P.logEvents,
    seedSeconds: round(seedSeconds, 1),
    listQueryMs: lists,
    listRuns: P.listRuns,
    purge: {
      ...total,
      seconds: round(purgeSeconds, 1),
      eventsPerSecond: round(total.events / purgeSeconds, 0),
      rowsPerSecond: round(rows / purgeSeconds, 0),
      batchSize: 1000,
      finished,
      timeBudgetSeconds: P.purgeSeconds,
    },
  };
}
