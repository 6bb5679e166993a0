import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@temporalio/client';
import { sql } from 'kysely';
import type { Pool } from 'undici';
import { CpuMeter, childPids } from './procs';
import type { BenchReceiver } from './receiver';
import type { IpcChild } from './ipc-child';
import type { BenchStack } from './stack';
import { runConcurrently } from './stats';

/**
 * What every phase of `npm run bench` shares: the parameters of this run, the log, the
 * running stack and receiver, and the helpers that call the API and read the floor.
 */

export const quick = process.argv.includes('--quick');
export const P = quick
  ? {
      events: 100,
      endpoints: 2,
      concurrency: 16,
      rounds: 1,
      warmup: 10,
      lightRate: 2,
      latencyRate: 10,
      latencySeconds: 3,
      retryEvents: 40,
      fanOut: 100,
      fanOutRuns: 1,
      fanOneRuns: 3,
      quietMs: 1_000,
      logEvents: 50_000,
      purgeSeconds: 4,
      listRuns: 10,
      settleMs: 60_000,
      peerEvents: 300,
      peerFanEvents: 30,
      peerFanEndpoints: 10,
      peerRounds: 1,
      orderedEvents: 200,
      orderedKeys: 100,
      orderedLatencySeconds: 10,
    }
  : {
      events: 300,
      endpoints: 2,
      concurrency: 16,
      // One round: the peer-shaped scenarios and the ceilings (P.peerRounds) alternate now.
      rounds: 1,
      warmup: 50,
      lightRate: 2,
      latencyRate: 10,
      latencySeconds: 30,
      retryEvents: 200,
      fanOut: 1000,
      fanOutRuns: 5,
      fanOneRuns: 15,
      quietMs: 2_000,
      logEvents: 1_000_000,
      purgeSeconds: 30,
      listRuns: 20,
      settleMs: 180_000,
      peerEvents: 2_000,
      peerFanEvents: 200,
      peerFanEndpoints: 10,
      peerRounds: 2,
      // Ordered delivery (bench/phases/ordered.ts): events per run, keys of the many-key run,
      // and seconds of the settled-predecessor latency run at P.lightRate.
      orderedEvents: 500,
      orderedKeys: 100,
      orderedLatencySeconds: 30,
    };

// `--endpoints N`: endpoints per event in the throughput run (default 2; above PUBLISH_DIRECT_START_MAX, 8, every event goes through the fan-out workflow).
export const endpointsArg = process.argv.indexOf('--endpoints');
if (endpointsArg >= 0) P.endpoints = Math.max(1, Math.min(50, Number(process.argv[endpointsArg + 1]) || P.endpoints));

// `--only flow-control`, `--only comparison` or `--only latency`: that phase alone.
const onlyArg = process.argv.indexOf('--only');
export const only = onlyArg >= 0 ? process.argv[onlyArg + 1] : undefined;

export const started = Date.now();
export const log = (line: string) => process.stdout.write(`[bench ${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s] ${line}\n`);

/** Set by run.ts once started; phases read them through the accessors below. */
export const state: {
  stack?: BenchStack;
  receiver?: BenchReceiver;
  apiPool?: Pool;
  floorClient?: Client;
  /** A client of the second dev server, the one with default task-queue partitions. */
  defaultPartitionsClient?: Client;
  floorRun: number;
} = {
  floorRun: 0,
};
export const theStack = () => state.stack as BenchStack;
export const theReceiver = () => state.receiver as BenchReceiver;
export const floorClient = () => state.floorClient as Client;
export const cleanups: (() => Promise<void>)[] = [];

export async function cleanup(): Promise<void> {
  for (const fn of cleanups.splice(0).reverse()) await fn().catch((e: unknown) => log(`cleanup: ${(e as Error).message}`));
  await state.receiver?.close().catch(() => undefined);
  state.receiver = undefined;
  if (state.stack) {
    const s = state.stack;
    state.stack = undefined;
    await s.stop();
  }
}

// ---------------------------------------------------------------- API helpers

/** The few fields the bench reads from API answers (created resources, publish results). */
export interface ApiJson {
  id: string;
  deliveries: { id: string }[];
  [field: string]: unknown;
}

export async function api(method: 'GET' | 'POST', route: string, body?: unknown): Promise<{ status: number; json: ApiJson; ms: number }> {
  const s = theStack();
  const t0 = performance.now();
  const response = await (state.apiPool as Pool).request({
    path: route,
    method,
    headers: { authorization: `Bearer ${s.adminKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.body.text();
  const ms = performance.now() - t0;
  return { status: response.statusCode, json: (text ? JSON.parse(text) : {}) as ApiJson, ms };
}

export async function mustApi(method: 'GET' | 'POST', route: string, body?: unknown, expect = [200, 201, 202]) {
  const result = await api(method, route, body);
  if (!expect.includes(result.status)) throw new Error(`${method} ${route} answered ${result.status}: ${JSON.stringify(result.json)}`);
  return result;
}

export async function createTenant(
  id: string,
  endpoints: { path: string; eventTypes?: string[]; retrySchedule?: string[]; ordering?: 'none' | 'fifo' }[],
) {
  await mustApi('POST', '/v1/tenants', { id, name: `bench ${id}` });
  const ids: string[] = new Array(endpoints.length);
  await runConcurrently(endpoints.length, 16, async (i) => {
    const spec = endpoints[i]!;
    const created = await mustApi('POST', `/v1/tenants/${id}/endpoints`, {
      url: theReceiver().url(spec.path),
      eventTypes: spec.eventTypes ?? ['*'],
      ...(spec.retrySchedule ? { retrySchedule: spec.retrySchedule } : {}),
      ...(spec.ordering ? { ordering: spec.ordering } : {}),
    });
    ids[i] = created.json.id;
  });
  return ids;
}

/** `orderingKey`: the event's line at `fifo` endpoints (ordered delivery). */
export const publish = (tenant: string, type: string, data: unknown, orderingKey?: string) =>
  mustApi('POST', `/v1/tenants/${tenant}/events`, { type, data, ...(orderingKey === undefined ? {} : { orderingKey }) });

export async function deliveryStatusCounts(tenant: string): Promise<Record<string, number>> {
  const rows = await theStack()
    .db.db.selectFrom('deliveries')
    .select(['status', sql<number>`count(*)::int`.as('n')])
    .where('tenant_id', '=', tenant)
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

// ---------------------------------------------------------------- measurement helpers

export function cpuMeter(): CpuMeter {
  const s = theStack();
  // In `all` mode the one hookflow process is API and worker: counted once, as the worker
  // (the report says so), so that no CPU is counted twice.
  return new CpuMeter(
    () => ({
      'bench (publisher + receiver)': [process.pid],
      'hookflow worker': [s.worker.pid],
      ...(s.role === 'all' ? {} : { 'hookflow api': [s.api.pid] }),
      'floor worker': [s.floor.pid],
      'temporal dev server': [s.temporalPid],
      postgres: s.postgresPid ? [s.postgresPid, ...childPids(s.postgresPid)] : [],
      'floor worker (default partitions)': [s.floorDefault.pid],
      'temporal dev server (default partitions)': [s.defaultPartitions.temporalPid],
    }),
    () => ({
      // By thread: where a delivery's CPU goes in hookflow, beside the ceilings' floor worker.
      'hookflow worker': s.worker.pid,
      'floor worker': s.floor.pid,
    }),
  );
}

export async function floorReceipts(
  from = 0,
  floor: IpcChild = theStack().floor,
): Promise<{ receipts: { at: number; sentAt: number }[]; total: number }> {
  return floor.ask('receipts', { from });
}

export async function waitForFloor(total: number, timeoutMs: number, floor: IpcChild = theStack().floor): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { total: got } = await floor.ask<{ total: number }>('receipts', { from: Number.MAX_SAFE_INTEGER });
    if (got >= total) return true;
    await sleep(50);
  }
  return false;
}

export const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);

export interface ThroughputResult {
  name: string;
  deliveries: number;
  received: number;
  seconds: number;
  perSecond: number;
  complete: boolean;
  cpu: ReturnType<CpuMeter['stop']>;
}
