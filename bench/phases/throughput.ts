import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, request } from 'undici';
import { generateSecret, signatureHeader } from '../../src/delivery/sign';
import { deliverySearchAttributes } from '../../src/temporal/deliver';
import {
  P,
  type ThroughputResult,
  cleanups,
  cpuMeter,
  floorClient,
  floorReceipts,
  log,
  publish,
  quick,
  state,
  theReceiver,
  theStack,
  waitForFloor,
} from '../lib/context';
import { processRssBytes } from '../lib/procs';
import { runConcurrently } from '../lib/stats';
import type { ProbeStats } from '../probe';

/**
 * Throughput: baseline 1 (a plain signed POST loop), baseline 2 (the Temporal floor: a bare
 * workflow with a no-op activity), a diagnostic floor carrying hookflow's search attributes
 * (full runs), and hookflow itself, in alternating rounds.
 */

export async function startFloor(count: number, concurrency: number, visible = false): Promise<void> {
  const run = ++state.floorRun;
  await runConcurrently(count, concurrency, async (i) => {
    await floorClient().workflow.start(visible ? 'floorVisibleWorkflow' : 'floorWorkflow', {
      taskQueue: theStack().floorTaskQueue,
      workflowId: `floor-${run}-${i}`,
      args: [{ sentAt: Date.now() }],
      // What hookflow's delivery workflow carries for the Web UI.
      ...(visible
        ? {
            typedSearchAttributes: deliverySearchAttributes(
              { tenantId: 'bench_floor', endpointId: `ep_floor_${i % 2}`, eventType: 'order.created' },
              'new',
            ),
          }
        : {}),
    });
  });
}

export async function physicalBaseline(total: number): Promise<ThroughputResult> {
  const r = theReceiver();
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
  return {
    name: 'baseline 1: plain signed POST (undici keep-alive)',
    deliveries: total,
    received: r.receipts.length,
    seconds,
    perSecond: r.receipts.length / seconds,
    complete: r.receipts.length >= total,
    cpu,
  };
}

export async function floorBaseline(total: number, visible = false): Promise<ThroughputResult> {
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

export async function hookflowThroughput(
  tenant: string,
): Promise<{ result: ThroughputResult; probes: { api: ProbeStats; worker: ProbeStats }; rss: number[]; firstEventId: string | undefined }> {
  const r = theReceiver();
  const s = theStack();
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
    result: {
      name: `hookflow: ${P.events} events × ${P.endpoints} endpoints`,
      deliveries: total,
      received: r.receipts.length,
      seconds,
      perSecond: r.receipts.length / seconds,
      complete,
      cpu,
    },
    probes: { api: apiStats, worker: workerStats },
    rss,
    firstEventId,
  };
}

/** The run whose measure is the median (the lower middle one for an even count). */
export function medianRun<T>(runs: T[], measure: (run: T) => number): T {
  const sorted = [...runs].sort((a, b) => measure(a) - measure(b));
  return sorted[Math.floor((sorted.length - 1) / 2)] as T;
}

/** The whole throughput phase: baseline 1 once, then the floor, hookflow and (full runs) the diagnostic in alternating rounds; the median round of each. */
export async function throughput() {
  const total = P.events * P.endpoints;
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
  return { physical, floor, visible, hook, rounds };
}
