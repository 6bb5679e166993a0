import { setTimeout as sleep } from 'node:timers/promises';
import { fanOutWorkflowId } from '../../src/contract';
import { P, createTenant, floorClient, log, publish, theReceiver } from '../lib/context';
import { type HistoryCost, historyCost } from '../lib/history';
import { percentile, round } from '../lib/stats';

/** Fan-out: publish latency to one endpoint and to many, timed in the same rounds on a quiet stack, and the time until all are received. */

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
    if ((await floorClient().workflow.count(query)).count === 0) break;
    await sleep(200);
  }
  await sleep(P.quietMs);
}

export async function fanOut() {
  const r = theReceiver();
  log(`fan-out: creating ${P.fanOut} endpoints`);
  const t0 = Date.now();
  await createTenant(
    'bench_fan',
    Array.from({ length: P.fanOut }, (_, i) => ({ path: `/fan/${i}` })),
  );
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
    if (i === 0) fanOutWorkflow = await historyCost(floorClient(), fanOutWorkflowId('bench_fan', json.id)).catch(() => undefined);
  }
  const onePublish = percentile(
    one.map((x) => x.publishMs),
    50,
  ) as number;
  const manyPublish = percentile(
    many.map((x) => x.publishMs),
    50,
  ) as number;
  return {
    endpoints: P.fanOut,
    endpointsCreatedSeconds: round(createSeconds, 1),
    oneEndpoint: {
      runs: one.length,
      publishMs: one.map((x) => round(x.publishMs)),
      publishMsP50: round(onePublish),
      allReceivedMsP50: round(
        percentile(
          one.map((x) => x.allReceivedMs),
          50,
        ),
      ),
    },
    manyEndpoints: {
      runs: many.length,
      publishMs: many.map((x) => round(x.publishMs)),
      publishMsP50: round(manyPublish),
      allReceivedMsP50: round(
        percentile(
          many.map((x) => x.allReceivedMs),
          50,
        ),
      ),
      received: many.map((x) => x.received),
      deliveriesPerSecond: round(
        P.fanOut /
          ((percentile(
            many.map((x) => x.allReceivedMs),
            50,
          ) as number) /
            1000),
        0,
      ),
    },
    publishRatio: round(manyPublish / onePublish, 2),
    fanOutWorkflow,
  };
}
