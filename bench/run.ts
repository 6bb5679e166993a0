import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Connection } from '@temporalio/client';
import { sql } from 'kysely';
import { Agent, Pool, request } from 'undici';
import { listDeliveries, listEvents } from '../src/db/queries/event-log';
import { purgeEventsBatch } from '../src/db/queries/purge';
import { generateSecret, signatureHeader } from '../src/delivery/sign';
import { fanOutWorkflowId } from '../src/contract';
import { deliverySearchAttributes } from '../src/temporal/deliver';
import type { ProbeStats } from './probe';
import { type HistoryCost, historyCost } from './lib/history';
import { CpuMeter, childPids, processRssBytes } from './lib/procs';
import { BenchReceiver } from './lib/receiver';
import { type BenchStack, ROOT, startBenchStack } from './lib/stack';
import { percentile, round, runConcurrently, summary } from './lib/stats';
import { renderMarkdown } from './report';

/**
 * `npm run bench [-- --quick]`: hookflow beside its own limits, in one run on this machine.
 * See the README's Performance section for what each phase measures.
 */

const quick = process.argv.includes('--quick');
const P = quick
  ? { events: 100, endpoints: 2, concurrency: 16, rounds: 3, warmup: 10, lightRate: 2, latencyRate: 10, latencySeconds: 3, retryEvents: 40, fanOut: 200, fanOutRuns: 1, fanOneRuns: 3, quietMs: 1_000, logEvents: 50_000, purgeSeconds: 4, listRuns: 10, settleMs: 60_000 }
  : { events: 300, endpoints: 2, concurrency: 16, rounds: 3, warmup: 50, lightRate: 2, latencyRate: 10, latencySeconds: 30, retryEvents: 200, fanOut: 1000, fanOutRuns: 5, fanOneRuns: 15, quietMs: 2_000, logEvents: 1_000_000, purgeSeconds: 30, listRuns: 20, settleMs: 180_000 };

// `--endpoints N`: endpoints per event in the throughput run (default 2; above PUBLISH_DIRECT_START_MAX, 8, every event goes through the fan-out workflow).
const endpointsArg = process.argv.indexOf('--endpoints');
if (endpointsArg >= 0) P.endpoints = Math.max(1, Math.min(50, Number(process.argv[endpointsArg + 1]) || P.endpoints));

const started = Date.now();
const log = (line: string) => process.stdout.write(`[bench ${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s] ${line}\n`);

let stack: BenchStack | undefined;
let receiver: BenchReceiver | undefined;
const cleanups: (() => Promise<void>)[] = [];

async function cleanup(): Promise<void> {
  for (const fn of cleanups.splice(0).reverse()) await fn().catch((e: unknown) => log(`cleanup: ${(e as Error).message}`));
  await receiver?.close().catch(() => undefined);
  receiver = undefined;
  if (stack) {
    const s = stack;
    stack = undefined;
    await s.stop();
  }
}

process.on('SIGINT', () => {
  log('interrupted; stopping everything');
  void cleanup().finally(() => process.exit(130));
});

// ---------------------------------------------------------------- API helpers

let apiPool: Pool;
/** The few fields the bench reads from API answers (created resources, publish results). */
interface ApiJson {
  id: string;
  deliveries: { id: string }[];
  [field: string]: unknown;
}

async function api(method: 'GET' | 'POST', route: string, body?: unknown): Promise<{ status: number; json: ApiJson; ms: number }> {
  const s = stack as BenchStack;
  const t0 = performance.now();
  const response = await apiPool.request({
    path: route,
    method,
    headers: { authorization: `Bearer ${s.adminKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.body.text();
  const ms = performance.now() - t0;
  return { status: response.statusCode, json: (text ? JSON.parse(text) : {}) as ApiJson, ms };
}

async function mustApi(method: 'GET' | 'POST', route: string, body?: unknown, expect = [200, 201, 202]) {
  const result = await api(method, route, body);
  if (!expect.includes(result.status)) throw new Error(`${method} ${route} answered ${result.status}: ${JSON.stringify(result.json)}`);
  return result;
}

async function createTenant(id: string, endpoints: { path: string; eventTypes?: string[]; retrySchedule?: string[] }[]) {
  await mustApi('POST', '/v1/tenants', { id, name: `bench ${id}` });
  const ids: string[] = new Array(endpoints.length);
  await runConcurrently(endpoints.length, 16, async (i) => {
    const spec = endpoints[i]!;
    const created = await mustApi('POST', `/v1/tenants/${id}/endpoints`, {
      url: (receiver as BenchReceiver).url(spec.path),
      eventTypes: spec.eventTypes ?? ['*'],
      ...(spec.retrySchedule ? { retrySchedule: spec.retrySchedule } : {}),
    });
    ids[i] = created.json.id;
  });
  return ids;
}

const publish = (tenant: string, type: string, data: unknown) => mustApi('POST', `/v1/tenants/${tenant}/events`, { type, data });

async function deliveryStatusCounts(tenant: string): Promise<Record<string, number>> {
  const rows = await (stack as BenchStack).db.db
    .selectFrom('deliveries')
    .select(['status', sql<number>`count(*)::int`.as('n')])
    .where('tenant_id', '=', tenant)
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

// ---------------------------------------------------------------- measurement helpers

function cpuMeter(): CpuMeter {
  const s = stack as BenchStack;
  return new CpuMeter(() => ({
    'bench (publisher + receiver)': [process.pid],
    'hookflow worker': [s.worker.pid],
    'hookflow api': [s.api.pid],
    'floor worker': [s.floor.pid],
    'temporal dev server': [s.temporalPid],
    postgres: s.postgresPid ? [s.postgresPid, ...childPids(s.postgresPid)] : [],
  }));
}

async function floorReceipts(from = 0): Promise<{ receipts: { at: number; sentAt: number }[]; total: number }> {
  return (stack as BenchStack).floor.ask('receipts', { from });
}

async function waitForFloor(total: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { total: got } = await (stack as BenchStack).floor.ask<{ total: number }>('receipts', { from: Number.MAX_SAFE_INTEGER });
    if (got >= total) return true;
    await sleep(50);
  }
  return false;
}

const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);

interface ThroughputResult {
  name: string;
  deliveries: number;
  received: number;
  seconds: number;
  perSecond: number;
  complete: boolean;
  cpu: ReturnType<CpuMeter['stop']>;
}

// ---------------------------------------------------------------- phases

let floorRun = 0;
let floorClient: Client;

async function startFloor(count: number, concurrency: number, visible = false): Promise<void> {
  const run = ++floorRun;
  await runConcurrently(count, concurrency, async (i) => {
    await floorClient.workflow.start(visible ? 'floorVisibleWorkflow' : 'floorWorkflow', {
      taskQueue: (stack as BenchStack).floorTaskQueue,
      workflowId: `floor-${run}-${i}`,
      args: [{ sentAt: Date.now() }],
      // What hookflow's delivery workflow carries for the Web UI.
      ...(visible
        ? { typedSearchAttributes: deliverySearchAttributes({ tenantId: 'bench_floor', endpointId: `ep_floor_${i % 2}`, eventType: 'order.created' }, 'new') }
        : {}),
    });
  });
}

async function physicalBaseline(total: number): Promise<ThroughputResult> {
  const r = receiver as BenchReceiver;
  const agent = new Agent({ keepAliveTimeout: 4_000, connections: 64 });
  cleanups.push(() => agent.close());
  const secret = generateSecret();
  const post = async (i: number) => {
    const id = `evt_physical_${i}`;
    const body = JSON.stringify({ id, type: 'order.created', timestamp: new Date().toISOString(), data: { i, sentAt: Date.now() } });
    const timestamp = Math.floor(Date.now() / 1000);
    const response = await request(r.url('/physical'), {
      method: 'POST',
      dispatcher: agent,
      headers: {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signatureHeader([secret], id, timestamp, body),
      },
      body,
    });
    await response.body.text();
  };
  r.reset();
  await runConcurrently(P.warmup, P.concurrency, post);
  r.reset();
  const meter = cpuMeter();
  meter.start();
  const t0 = Date.now();
  await runConcurrently(total, P.concurrency, post);
  const last = Math.max(...r.receipts.map((x) => x.at));
  const cpu = meter.stop();
  const seconds = Math.max(1, last - t0) / 1000;
  return { name: 'baseline 1: plain signed POST (undici keep-alive)', deliveries: total, received: r.receipts.length, seconds, perSecond: r.receipts.length / seconds, complete: r.receipts.length >= total, cpu };
}

async function floorBaseline(total: number, visible = false): Promise<ThroughputResult> {
  const warm = (await floorReceipts(Number.MAX_SAFE_INTEGER)).total;
  await startFloor(P.warmup, P.concurrency, visible);
  await waitForFloor(warm + P.warmup, 30_000);
  const before = (await floorReceipts(Number.MAX_SAFE_INTEGER)).total;
  const meter = cpuMeter();
  meter.start();
  const t0 = Date.now();
  await startFloor(total, P.concurrency, visible);
  const complete = await waitForFloor(before + total, P.settleMs);
  const { receipts } = await floorReceipts(before);
  const cpu = meter.stop();
  const last = Math.max(...receipts.map((x) => x.at));
  const seconds = Math.max(1, last - t0) / 1000;
  const name = visible
    ? "diagnostic: the floor + hookflow's search attributes (4 at start, 1 upsert)"
    : 'baseline 2: Temporal floor (workflow + no-op activity)';
  return { name, deliveries: total, received: receipts.length, seconds, perSecond: receipts.length / seconds, complete, cpu };
}

async function hookflowThroughput(tenant: string): Promise<{ result: ThroughputResult; probes: { api: ProbeStats; worker: ProbeStats }; rss: number[]; firstEventId: string | undefined }> {
  const r = receiver as BenchReceiver;
  const s = stack as BenchStack;
  const total = P.events * P.endpoints;
  r.reset();
  await runConcurrently(P.warmup, P.concurrency, async (i) => void (await publish(tenant, 'order.created', { warmup: i })));
  await r.waitFor(P.warmup * P.endpoints, 60_000);
  await sleep(500);
  r.reset();
  await Promise.all([s.api.reset(), s.worker.reset()]);
  const rss: number[] = [];
  const sampler = setInterval(() => {
    const value = processRssBytes(s.worker.pid);
    if (value) rss.push(value);
  }, 250);
  const meter = cpuMeter();
  meter.start();
  const t0 = Date.now();
  let firstEventId: string | undefined;
  await runConcurrently(P.events, P.concurrency, async (i) => {
    const { json } = await publish(tenant, 'order.created', { orderId: `o-${i}`, sentAt: Date.now() });
    if (i === 0) firstEventId = json.id;
  });
  const complete = await r.waitFor(total, P.settleMs);
  clearInterval(sampler);
  const cpu = meter.stop();
  // Let the last attempts record their rows before reading the statement counts.
  await sleep(1_000);
  const [apiStats, workerStats] = await Promise.all([s.api.stats(), s.worker.stats()]);
  const last = Math.max(...r.receipts.map((x) => x.at));
  const seconds = Math.max(1, last - t0) / 1000;
  return {
    result: { name: `hookflow: ${P.events} events × ${P.endpoints} endpoints`, deliveries: total, received: r.receipts.length, seconds, perSecond: r.receipts.length / seconds, complete, cpu },
    probes: { api: apiStats, worker: workerStats },
    rss,
    firstEventId,
  };
}

/** The run whose measure is the median (the lower middle one for an even count). */
function medianRun<T>(runs: T[], measure: (run: T) => number): T {
  const sorted = [...runs].sort((a, b) => measure(a) - measure(b));
  return sorted[Math.floor((sorted.length - 1) / 2)] as T;
}

async function openLoop(count: number, ratePerSecond: number, fire: (i: number) => Promise<void>): Promise<number[]> {
  const lags: number[] = [];
  const t0 = performance.now() + 50;
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const due = t0 + (i * 1000) / ratePerSecond;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    lags.push(performance.now() - due);
    inFlight.push(fire(i));
  }
  await Promise.all(inFlight);
  return lags;
}

/**
 * Light load is a fifth of the throughput hookflow just sustained on this machine (at
 * most P.latencyRate events/s, at least 1): a fixed rate would queue on a busy machine
 * and measure the queue, not the path.
 */
async function latency(tenant: string, rate: number) {
  const r = receiver as BenchReceiver;
  const count = rate * P.latencySeconds;
  r.reset(() => 200, true);
  await (stack as BenchStack).api.reset();
  const publishMs: number[] = [];
  const lags = await openLoop(count, rate, async (i) => {
    const { ms } = await publish(tenant, 'order.created', { orderId: `lat-${i}`, sentAt: Date.now() });
    publishMs.push(ms);
  });
  const complete = await r.waitFor(count, 30_000);
  const apiSql = (await (stack as BenchStack).api.stats()).sql;
  const e2e = r.receipts.filter((x) => x.sentAt !== undefined).map((x) => x.at - (x.sentAt as number));

  // The floor at the same rate: client start → no-op activity running.
  const before = (await floorReceipts(Number.MAX_SAFE_INTEGER)).total;
  const run = ++floorRun;
  const floorLags = await openLoop(count, rate, async (i) => {
    await floorClient.workflow.start('floorWorkflow', { taskQueue: (stack as BenchStack).floorTaskQueue, workflowId: `floor-lat-${run}-${i}`, args: [{ sentAt: Date.now() }] });
  });
  await waitForFloor(before + count, 30_000);
  const floor = (await floorReceipts(before)).receipts.map((x) => x.at - x.sentAt);
  return {
    ratePerSecond: rate,
    seconds: P.latencySeconds,
    events: count,
    received: r.receipts.length,
    complete,
    publishToReceiptMs: summary(e2e),
    publishHttpMs: summary(publishMs),
    /** SQL statements the API sent per publish of an event with one endpoint. */
    apiSqlPerPublish: round(sum(apiSql) / count, 2),
    apiSql,
    generatorLagMs: summary(lags),
    floorStartToActivityMs: summary(floor),
    floorGeneratorLagMs: summary(floorLags),
  };
}

async function retries(tenant: string) {
  const r = receiver as BenchReceiver;
  const failedFirst = new Set<string>();
  r.reset((_path, webhookId, seen) => {
    if (seen === 0 && Math.random() < 0.2) {
      failedFirst.add(webhookId);
      return 500;
    }
    return 200;
  });
  const t0 = Date.now();
  await runConcurrently(P.retryEvents, P.concurrency, async (i) => void (await publish(tenant, 'order.created', { orderId: `r-${i}` })));
  const publishedMs = Date.now() - t0;
  let counts: Record<string, number> = {};
  let settled = false;
  const deadline = Date.now() + P.settleMs;
  while (Date.now() < deadline) {
    counts = await deliveryStatusCounts(tenant);
    if ((counts.new ?? 0) + (counts.retrying ?? 0) === 0 && sum(counts) >= P.retryEvents) {
      settled = true;
      break;
    }
    await sleep(100);
  }
  const settleMs = Date.now() - t0;
  const okById = new Map<string, number>();
  for (const x of r.receipts) if (x.status < 300) okById.set(x.webhookId, (okById.get(x.webhookId) ?? 0) + 1);
  const duplicates = [...okById.values()].filter((n) => n > 1).reduce((a, n) => a + n - 1, 0);
  const attempts = await (stack as BenchStack).db.db
    .selectFrom('attempts')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('tenant_id', '=', tenant)
    .executeTakeFirstOrThrow();
  const deliveries = sum(counts);
  const finished = counts.finished ?? 0;
  const failed = counts.failed ?? 0;
  return {
    published: P.retryEvents,
    retrySchedule: ['1s', '1s', '1s'],
    firstAttemptsFailed: failedFirst.size,
    publishSeconds: round(publishedMs / 1000, 2),
    settleSeconds: round(settleMs / 1000, 2),
    settled,
    deliveries,
    finished,
    failed,
    stillPending: (counts.new ?? 0) + (counts.retrying ?? 0),
    attemptRows: Number(attempts.n),
    requestsReceived: r.receipts.length,
    distinctWebhookIdsDelivered: okById.size,
    duplicates,
    ledgerHolds: deliveries === P.retryEvents && finished + failed === deliveries && okById.size === finished,
  };
}

async function costs(tenant: string, throughputTenant: string, firstEventId: string | undefined) {
  const r = receiver as BenchReceiver;
  const s = stack as BenchStack;
  r.reset((p, _id, seen) => (p === '/cost/r1' && seen < 1) || (p === '/cost/r2' && seen < 2) ? 500 : 200);
  const ids: Record<string, string> = {};
  for (const type of ['cost.ok', 'cost.retry1', 'cost.retry2']) {
    const { json } = await publish(tenant, type, { type });
    ids[type] = json.deliveries[0]!.id;
  }
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const counts = await deliveryStatusCounts(tenant);
    if ((counts.finished ?? 0) >= 3) break;
    await sleep(100);
  }
  await sleep(500); // the workflows complete just after the last attempt is recorded
  const wf = (deliveryId: string) => `delivery-${deliveryId}`;
  const ok = await historyCost(floorClient, wf(ids['cost.ok']!));
  const r1 = await historyCost(floorClient, wf(ids['cost.retry1']!));
  const r2 = await historyCost(floorClient, wf(ids['cost.retry2']!));
  // With more endpoints per event than the API starts itself, each event has a fan-out workflow.
  let fanOut: HistoryCost | undefined;
  if (firstEventId) fanOut = await historyCost(floorClient, fanOutWorkflowId(throughputTenant, firstEventId)).catch(() => undefined);
  const floor = await historyCost(floorClient, 'floor-1-0');
  void s;
  return { firstTry: ok, oneRetry: r1, twoRetries: r2, fanOutPerEvent: fanOut, floor };
}

/**
 * Waits until no delivery workflow of these tenants is running (visibility), then 2 s more
 * (1 s in --quick):
 * the first publish right after 1,000 deliveries closed was up to 90 ms slow whatever its
 * number of endpoints (the dev server and PostgreSQL still busy with what they left).
 */
async function waitUntilQuiet(tenants: string[], timeoutMs = 120_000): Promise<void> {
  const query = `ExecutionStatus="Running" AND (${tenants.map((t) => `TenantId="${t}"`).join(' OR ')})`;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await floorClient.workflow.count(query)).count === 0) break;
    await sleep(200);
  }
  await sleep(P.quietMs);
}

async function fanOut() {
  const r = receiver as BenchReceiver;
  log(`fan-out: creating ${P.fanOut} endpoints`);
  const t0 = Date.now();
  await createTenant('bench_fan', Array.from({ length: P.fanOut }, (_, i) => ({ path: `/fan/${i}` })));
  const createSeconds = (Date.now() - t0) / 1000;
  await createTenant('bench_fan1', [{ path: '/fan1/0' }]);
  const one: { publishMs: number; allReceivedMs: number }[] = [];
  const many: { publishMs: number; allReceivedMs: number; received: number }[] = [];
  let fanOutWorkflow: HistoryCost | undefined;
  // Rounds of a few one-endpoint publishes, then one to all endpoints, each on a quiet stack
  // (no delivery workflow of the previous publish still running), so both are timed under
  // the same conditions, including what the previous fan-out leaves behind.
  const onePerRound = Math.ceil(P.fanOneRuns / P.fanOutRuns);
  for (let i = 0; i < P.fanOutRuns; i++) {
    for (let j = 0; j < onePerRound; j++) {
      r.reset();
      await waitUntilQuiet(['bench_fan', 'bench_fan1']);
      const s0 = performance.now();
      const { ms } = await publish('bench_fan1', 'order.created', { i, j });
      await r.waitFor(1, 30_000);
      one.push({ publishMs: ms, allReceivedMs: performance.now() - s0 });
    }
    r.reset();
    await waitUntilQuiet(['bench_fan', 'bench_fan1']);
    const s0 = Date.now();
    const { ms, json } = await publish('bench_fan', 'order.created', { i });
    await r.waitFor(P.fanOut, P.settleMs);
    const last = Math.max(...r.receipts.map((x) => x.at));
    many.push({ publishMs: ms, allReceivedMs: last - s0, received: r.receipts.length });
    if (i === 0) fanOutWorkflow = await historyCost(floorClient, fanOutWorkflowId('bench_fan', json.id)).catch(() => undefined);
  }
  const onePublish = percentile(one.map((x) => x.publishMs), 50) as number;
  const manyPublish = percentile(many.map((x) => x.publishMs), 50) as number;
  return {
    endpoints: P.fanOut,
    endpointsCreatedSeconds: round(createSeconds, 1),
    oneEndpoint: { runs: one.length, publishMs: one.map((x) => round(x.publishMs)), publishMsP50: round(onePublish), allReceivedMsP50: round(percentile(one.map((x) => x.allReceivedMs), 50)) },
    manyEndpoints: {
      runs: many.length,
      publishMs: many.map((x) => round(x.publishMs)),
      publishMsP50: round(manyPublish),
      allReceivedMsP50: round(percentile(many.map((x) => x.allReceivedMs), 50)),
      received: many.map((x) => x.received),
      deliveriesPerSecond: round(P.fanOut / ((percentile(many.map((x) => x.allReceivedMs), 50) as number) / 1000), 0),
    },
    publishRatio: round(manyPublish / onePublish, 2),
    fanOutWorkflow,
  };
}

async function logAndPurge() {
  const s = stack as BenchStack;
  const tenant = 'bench_log';
  log(`log: seeding ${P.logEvents} events (scripts/seed-events.ts)`);
  const t0 = Date.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/seed-events.ts', '--events', String(P.logEvents), '--tenant', tenant, '--days', '60'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'development', DATABASE_URL: s.databaseUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
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
    'events with a retrying delivery of type order.*': () => listEvents(db, tenant, { status: 'retrying', type: { prefix: 'order.' } }, page),
    'events of type invoice.paid in a one-week window': () =>
      listEvents(db, tenant, { type: { exact: 'invoice.paid' }, since: new Date(Date.now() - 14 * 86_400_000), until: new Date(Date.now() - 7 * 86_400_000) }, page),
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

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  log(`mode: ${quick ? 'quick' : 'full'}; ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`);
  stack = await startBenchStack(log);
  const s = stack;
  receiver = await BenchReceiver.start();
  apiPool = new Pool(s.apiUrl, { connections: P.concurrency * 2, keepAliveTimeout: 30_000 });
  cleanups.push(() => apiPool.close());
  const connection = await Connection.connect({ address: s.temporalAddress });
  cleanups.push(() => connection.close());
  floorClient = new Client({ connection, namespace: 'default' });

  const total = P.events * P.endpoints;
  await createTenant('bench_tp', Array.from({ length: P.endpoints }, (_, i) => ({ path: `/tp/${i}` })));
  await createTenant('bench_lat', [{ path: '/lat/0' }]);
  await createTenant('bench_retry', [{ path: '/retry/0', retrySchedule: ['1s', '1s', '1s'] }]);
  await createTenant('bench_cost', [
    { path: '/cost/ok', eventTypes: ['cost.ok'], retrySchedule: ['1s', '1s', '1s'] },
    { path: '/cost/r1', eventTypes: ['cost.retry1'], retrySchedule: ['1s', '1s', '1s'] },
    { path: '/cost/r2', eventTypes: ['cost.retry2'], retrySchedule: ['1s', '1s', '1s'] },
  ]);

  log(`throughput: baseline 1 (plain signed POST), ${total} requests at concurrency ${P.concurrency}`);
  const physical = await physicalBaseline(total);
  log(`  ${physical.perSecond.toFixed(0)}/s`);
  // The floor and hookflow in alternating rounds (floor first, then hookflow first, ...):
  // the ratio of the medians holds better on a noisy machine than one run of each.
  const floors: ThroughputResult[] = [];
  const visibles: ThroughputResult[] = [];
  const hooks: Awaited<ReturnType<typeof hookflowThroughput>>[] = [];
  for (let n = 1; n <= P.rounds; n++) {
    const runFloor = async () => {
      log(`throughput round ${n}/${P.rounds}: baseline 2 (Temporal floor), ${total} workflows at concurrency ${P.concurrency}`);
      floors.push(await floorBaseline(total));
      log(`  ${floors.at(-1)!.perSecond.toFixed(0)}/s`);
    };
    const runHookflow = async () => {
      log(`throughput round ${n}/${P.rounds}: hookflow, ${P.events} events × ${P.endpoints} endpoints at concurrency ${P.concurrency}`);
      hooks.push(await hookflowThroughput('bench_tp'));
      log(`  ${hooks.at(-1)!.result.perSecond.toFixed(0)}/s (${hooks.at(-1)!.result.received}/${total})`);
    };
    // Full runs add a diagnostic: the floor with hookflow's Web UI search attributes.
    const runVisible = async () => {
      if (quick) return;
      log(`throughput round ${n}/${P.rounds}: diagnostic, the floor + hookflow's search attributes, ${total} workflows`);
      visibles.push(await floorBaseline(total, true));
      log(`  ${visibles.at(-1)!.perSecond.toFixed(0)}/s`);
    };
    if (n % 2 === 1) {
      await runFloor();
      await runHookflow();
      await runVisible();
    } else {
      await runVisible();
      await runHookflow();
      await runFloor();
    }
  }
  const visible = visibles.length > 0 ? medianRun(visibles, (x) => x.perSecond) : undefined;
  const floor = medianRun(floors, (x) => x.perSecond);
  const hook = medianRun(hooks, (x) => x.result.perSecond);
  const rounds = {
    floorPerSecond: floors.map((x) => Number(x.perSecond.toFixed(1))),
    hookflowPerSecond: hooks.map((x) => Number(x.result.perSecond.toFixed(1))),
    visibleFloorPerSecond: visibles.map((x) => Number(x.perSecond.toFixed(1))),
  };

  // Light load (the target): a fixed, low rate. Steady load: a fifth of the throughput just
  // measured (at most P.latencyRate), where the dev server's own latency already grows.
  log(`latency, light: ${P.lightRate} events/s for ${P.latencySeconds} s`);
  const lat = await latency('bench_lat', P.lightRate);
  log(`  p50 ${lat.publishToReceiptMs.p50} ms, floor p50 ${lat.floorStartToActivityMs.p50} ms`);
  const steadyRate = Math.max(1, Math.min(P.latencyRate, Math.round(hook.result.perSecond / 5)));
  log(`latency, steady: a fifth of ${hook.result.perSecond.toFixed(1)} deliveries/s = ${steadyRate} events/s for ${P.latencySeconds} s`);
  const steady = await latency('bench_lat', steadyRate);
  log(`  p50 ${steady.publishToReceiptMs.p50} ms, floor p50 ${steady.floorStartToActivityMs.p50} ms`);

  log(`retries: ${P.retryEvents} events, 20% of first attempts answer 500, schedule 1s,1s,1s`);
  const retry = await retries('bench_retry');
  log(`  settled ${retry.settled} in ${retry.settleSeconds} s; ledger ${retry.ledgerHolds ? 'holds' : 'BROKEN'}`);

  log('cost: histories of a first-try delivery and of deliveries retried once and twice');
  const cost = await costs('bench_cost', 'bench_tp', hook.firstEventId);
  log(`  first try ${cost.firstTry.actions} actions / ${cost.firstTry.events} events`);

  const fan = await fanOut();
  log(`  publish p50 1 endpoint ${fan.oneEndpoint.publishMsP50} ms (${fan.oneEndpoint.publishMs.join(', ')}), ${P.fanOut} endpoints ${fan.manyEndpoints.publishMsP50} ms (${fan.manyEndpoints.publishMs.join(', ')}); all received in ${fan.manyEndpoints.allReceivedMsP50} ms`);

  const logResult = await logAndPurge();
  log(`  purge ${logResult.purge.rowsPerSecond} rows/s`);

  const results = assembleResults(s, hook, physical, floor, rounds, visible, lat, steady, retry, cost, fan, logResult);
  const markdown = renderMarkdown(results);
  const dir = path.join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const stamp = new Date(started).toISOString().replace(/[:.]/g, '-');
  const base = (quick ? 'latest-quick' : 'latest') + (endpointsArg >= 0 ? `-${P.endpoints}ep` : '');
  writeFileSync(path.join(dir, `${base}.json`), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(path.join(dir, `${base}.md`), markdown);
  const suffix = endpointsArg >= 0 ? `-${P.endpoints}ep` : '';
  writeFileSync(path.join(dir, `${stamp}-${results.mode}${suffix}.json`), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(path.join(dir, `${stamp}-${results.mode}${suffix}.md`), markdown);
  process.stdout.write(`\n${markdown}\n`);
  log(`results: bench/results/${base}.md and .json`);
}


function assembleResults(
  s: BenchStack,
  hook: Awaited<ReturnType<typeof hookflowThroughput>>,
  physical: ThroughputResult,
  floor: ThroughputResult,
  rounds: { floorPerSecond: number[]; hookflowPerSecond: number[]; visibleFloorPerSecond: number[] },
  visible: ThroughputResult | undefined,
  lat: Awaited<ReturnType<typeof latency>>,
  steady: Awaited<ReturnType<typeof latency>>,
  retry: Awaited<ReturnType<typeof retries>>,
  cost: Awaited<ReturnType<typeof costs>>,
  fan: Awaited<ReturnType<typeof fanOut>>,
  logResult: Awaited<ReturnType<typeof logAndPurge>>,
) {
  const total = P.events * P.endpoints;
  const apiSql = hook.probes.api.sql;
  const workerSql = hook.probes.worker.sql;
  const rssSorted = [...hook.rss].sort((a, b) => a - b);
  return {
    mode: quick ? 'quick' : 'full',
    startedAt: new Date(started).toISOString(),
    durationSeconds: round((Date.now() - started) / 1000, 0),
    machine: {
      cores: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memoryGiB: round(os.totalmem() / 2 ** 30, 1),
      os: `${os.type()} ${os.release()}`,
      node: process.version,
      postgres: s.versions.postgres + (s.postgresPid ? ' (embedded)' : ' (DATABASE_URL)'),
      temporal: s.versions.temporal + ' dev server, in memory, headless',
    },
    parameters: P,
    throughput: {
      concurrency: P.concurrency,
      rounds,
      visibleFloor: visible,
      ratioToVisibleFloor: visible ? round(hook.result.perSecond / visible.perSecond, 2) : undefined,
      hookflow: hook.result,
      physical,
      floor,
      ratioToFloor: round(hook.result.perSecond / floor.perSecond, 2), ratioToPhysical: round(hook.result.perSecond / physical.perSecond, 3) },
    latency: lat,
    steadyLatency: steady,
    retries: retry,
    cost: {
      ...cost,
      firstRetryExtraActions: cost.oneRetry.actions - cost.firstTry.actions,
      laterRetryExtraActions: cost.twoRetries.actions - cost.oneRetry.actions,
      firstRetryExtraEvents: cost.oneRetry.events - cost.firstTry.events,
      laterRetryExtraEvents: cost.twoRetries.events - cost.oneRetry.events,
      sql: {
        events: P.events,
        deliveries: total,
        api: apiSql,
        worker: workerSql,
        apiPerEvent: round(sum(apiSql) / P.events, 2),
        workerPerDelivery: round(sum(workerSql) / total, 2),
        totalPerDelivery: round((sum(apiSql) + sum(workerSql)) / total, 2),
      },
      workerRssMiB: { p50: round((percentile(rssSorted, 50) ?? 0) / 2 ** 20, 0), max: round((rssSorted.at(-1) ?? 0) / 2 ** 20, 0), samples: rssSorted.length },
      workerEventLoopUtilization: round(hook.probes.worker.eventLoopUtilization, 2),
      apiEventLoopUtilization: round(hook.probes.api.eventLoopUtilization, 2),
    },
    fanOut: fan,
    eventLog: logResult,
  };
}

export type BenchResults = ReturnType<typeof assembleResults>;

main()
  .then(async () => {
    await cleanup();
    log('done; everything stopped');
    process.exit(0);
  })
  .catch(async (error: unknown) => {
    process.stderr.write(`bench failed: ${(error as Error).stack}\n`);
    await cleanup();
    process.exit(1);
  });
