import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { P, createTenant, log, publish, theReceiver, theStack } from '../lib/context';
import type { Receipt } from '../lib/receiver';
import { round, summary } from '../lib/stats';
import { openLoop } from './latency';
import { type PeerResult, peerScenario } from './peer';

/**
 * Ordered delivery (issue 16) beside unordered delivery, in the same phase of the same run:
 * deliveries/s of P.orderedEvents events from P.concurrency publishers to one `fifo`
 * endpoint with one ordering key, then with P.orderedKeys keys (round-robin), and to an
 * unordered endpoint; then publish → receipt of ordered deliveries whose predecessor has
 * already settled, interleaved with unordered ones, each at P.lightRate events/s. The
 * receiver answers 200 at once.
 */

const LATENCY_KEY = 'latency';

export interface OrderedRun extends PeerResult {
  /** Ordering keys the events were spread over (0: an unordered endpoint). */
  keys: number;
  /** Every line's receipts came in the order of its webhook-sequence (always true unordered). */
  inOrder: boolean;
}

/** Every (path, ordering key) line's receipts in strictly increasing webhook-sequence. */
function receivedInOrder(receipts: readonly Receipt[]): boolean {
  const last = new Map<string, number>();
  for (const x of receipts) {
    if (x.sequence === undefined) continue;
    const line = `${x.path} ${x.orderingKey ?? ''}`;
    if ((last.get(line) ?? 0) >= x.sequence) return false;
    last.set(line, x.sequence);
  }
  return true;
}

async function throughputRun(tenant: string, keys: number): Promise<OrderedRun> {
  const what = keys === 0 ? 'unordered endpoint' : `fifo endpoint, ${keys} ordering key${keys === 1 ? '' : 's'}`;
  log(`ordered delivery: ${P.orderedEvents} events to one ${what}, ${P.concurrency} concurrent publishers`);
  const key = keys === 0 ? undefined : (i: number) => `k${i % keys}`;
  const result = await peerScenario(tenant, P.orderedEvents, 1, key);
  const inOrder = receivedInOrder(theReceiver().receipts);
  log(
    `  ${result.perSecond.toFixed(1)} deliveries/s (${result.received}/${result.deliveries})${inOrder ? '' : ', OUT OF ORDER'}; ack p50 ${round(result.publishAckMs.p50)} ms p99 ${round(result.publishAckMs.p99)} ms`,
  );
  return { ...result, name: what, keys, inOrder };
}

/**
 * Publish → receipt at P.lightRate events/s to each endpoint, ordered and unordered
 * interleaved (one open loop at twice the rate, alternating), so both see the same machine.
 * The line is primed first, so every measured ordered delivery has a predecessor; at this
 * spacing it has settled before the next publish, which the database confirms afterwards.
 */
async function settledPredecessorLatency(fifoTenant: string, noneTenant: string) {
  const r = theReceiver();
  const rate = P.lightRate;
  const count = rate * P.orderedLatencySeconds;
  r.reset();
  await publish(fifoTenant, 'order.created', { prime: true }, LATENCY_KEY);
  await r.waitFor(1, 30_000);
  await sleep(1_000);
  r.reset(() => 200, true);
  const orderedIds: string[] = [];
  const lags = await openLoop(count * 2, rate * 2, async (i) => {
    const ordered = i % 2 === 1;
    const data = { orderId: `ordlat-${i}`, sentAt: Date.now() };
    const { json } = await publish(ordered ? fifoTenant : noneTenant, 'order.created', data, ordered ? LATENCY_KEY : undefined);
    if (ordered && json.deliveries[0]) orderedIds.push(json.deliveries[0].id);
  });
  const complete = await r.waitFor(count * 2, 30_000);
  const e2e = (path: string) => r.receipts.filter((x) => x.path === path && x.sentAt !== undefined).map((x) => x.at - (x.sentAt as number));
  // The predecessor settled before the publish: finished, and last updated before the delivery was created.
  const { rows } =
    orderedIds.length === 0
      ? { rows: [] }
      : await sql<{ settled: number }>`
    select count(*)::int as settled from deliveries d join deliveries p on p.id = d.predecessor_id
    where d.id in (${sql.join(orderedIds)}) and p.status = 'finished' and p.updated_at <= d.created_at`.execute(theStack().db.db);
  return {
    ratePerSecond: rate,
    seconds: P.orderedLatencySeconds,
    eventsEach: count,
    received: r.receipts.length,
    complete,
    orderedPublishToReceiptMs: summary(e2e('/ordered/lat-fifo')),
    unorderedPublishToReceiptMs: summary(e2e('/ordered/lat-none')),
    /** Of the measured ordered deliveries, those whose predecessor had settled before their publish. */
    predecessorSettledBeforePublish: rows[0]?.settled ?? 0,
    generatorLagMs: summary(lags),
  };
}

export async function ordered() {
  await createTenant('bench_ord_none', [{ path: '/ordered/none' }]);
  await createTenant('bench_ord_one', [{ path: '/ordered/one', ordering: 'fifo' }]);
  await createTenant('bench_ord_many', [{ path: '/ordered/many', ordering: 'fifo' }]);
  await createTenant('bench_ord_lat', [{ path: '/ordered/lat-fifo', ordering: 'fifo' }]);
  await createTenant('bench_ord_lat_none', [{ path: '/ordered/lat-none' }]);

  const unordered = await throughputRun('bench_ord_none', 0);
  const oneKey = await throughputRun('bench_ord_one', 1);
  const manyKeys = await throughputRun('bench_ord_many', P.orderedKeys);

  log(
    `ordered delivery, latency: predecessor settled, ${P.lightRate} events/s to a fifo and an unordered endpoint, interleaved, for ${P.orderedLatencySeconds} s`,
  );
  const lat = await settledPredecessorLatency('bench_ord_lat', 'bench_ord_lat_none');
  log(
    `  p50 ordered ${round(lat.orderedPublishToReceiptMs.p50)} ms, unordered ${round(lat.unorderedPublishToReceiptMs.p50)} ms; predecessor settled before publish ${lat.predecessorSettledBeforePublish}/${lat.orderedPublishToReceiptMs.count}`,
  );

  const ratio = (a: number | undefined, b: number | undefined) =>
    a === undefined || b === undefined || b === 0 ? undefined : round(a / b, 2);
  return {
    events: P.orderedEvents,
    concurrency: P.concurrency,
    unordered,
    oneKey,
    manyKeys,
    latency: lat,
    ratios: {
      oneKeyPerSecond: ratio(oneKey.perSecond, unordered.perSecond),
      manyKeysPerSecond: ratio(manyKeys.perSecond, unordered.perSecond),
      latencyP50: ratio(lat.orderedPublishToReceiptMs.p50, lat.unorderedPublishToReceiptMs.p50),
      latencyP95: ratio(lat.orderedPublishToReceiptMs.p95, lat.unorderedPublishToReceiptMs.p95),
    },
  };
}

export type OrderedResult = Awaited<ReturnType<typeof ordered>>;
