import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { floorClient, log, mustApi, publish, theReceiver, theStack } from '../lib/context';
import { historyCost } from '../lib/history';
import { round, runConcurrently, summary } from '../lib/stats';
import { openLoop } from './latency';

/**
 * Flow control: an unthrottled endpoint's latency and throughput while another endpoint of
 * the same tenant, limited to THROTTLED_RATE/s, has a backlog of BACKLOG held deliveries
 * (each waiting on its own durable timer), beside the same measurements with no backlog.
 * Measured twice with the backlog: while its BACKLOG first tries go through the gate (each
 * is a workflow task and an activity on the same task queue, like a delivery), and once they
 * are all held. Also the history of a first-try delivery to the unthrottled endpoint
 * meanwhile: the gate must cost it nothing.
 */

const TENANT = 'bench_flow';
const BACKLOG = 1_000;
const THROTTLED_RATE = 2;
const LATENCY_RATE = 5;
const LATENCY_SECONDS = 10;
const BURST = 200;

/** Backlog deliveries that went through the gate once (held, or already sent). */
async function gated(endpointId: string): Promise<number> {
  const row = await theStack()
    .db.db.selectFrom('deliveries')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('endpoint_id', '=', endpointId)
    .where((eb) => eb.or([eb('waiting_for', 'is not', null), eb('attempt_count', '>', 0)]))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function unthrottled(label: string, during?: Promise<unknown>) {
  const r = theReceiver();
  const sentAt = new Map<string, number>();
  const fire = async () => {
    const t = Date.now();
    const { json } = await publish(TENANT, 'flow.fast', {});
    sentAt.set(json.id, t);
  };
  // Latency: an open loop at a low rate (alongside `during`, when given).
  await Promise.all([openLoop(LATENCY_RATE * LATENCY_SECONDS, LATENCY_RATE, fire), during]);
  const latencyIds = new Set(sentAt.keys());
  // Throughput: a burst at concurrency 16, first publish to last receipt.
  const burstStart = Date.now();
  const burstIds: string[] = [];
  await runConcurrently(BURST, 16, async () => {
    const { json } = await publish(TENANT, 'flow.fast', {});
    burstIds.push(json.id);
  });
  const want = new Set([...latencyIds, ...burstIds]);
  const deadline = Date.now() + 120_000;
  const received = () => r.receipts.filter((x) => x.path === '/flow/fast' && want.has(x.webhookId));
  while (received().length < want.size && Date.now() < deadline) await sleep(100);
  const got = received();
  const e2e = got.filter((x) => latencyIds.has(x.webhookId)).map((x) => x.at - sentAt.get(x.webhookId)!);
  const burstReceipts = got.filter((x) => !latencyIds.has(x.webhookId)).map((x) => x.at);
  const burstSeconds = (Math.max(...burstReceipts) - burstStart) / 1000;
  const result = {
    label,
    publishToReceiptMs: summary(e2e),
    burst: {
      deliveries: BURST,
      received: burstReceipts.length,
      seconds: round(burstSeconds, 2),
      perSecond: round(burstReceipts.length / burstSeconds, 1),
    },
    complete: got.length === want.size,
    lastBurstEventId: burstIds.at(-1),
  };
  log(
    `  ${label}: p50 ${result.publishToReceiptMs.p50} ms, p99 ${result.publishToReceiptMs.p99} ms; burst ${result.burst.perSecond} deliveries/s` +
      (result.complete ? '' : ' (INCOMPLETE)'),
  );
  return result;
}

export async function flowControl() {
  const r = theReceiver();
  r.reset(() => 200);
  await mustApi('POST', '/v1/tenants', { id: TENANT, name: 'bench flow control' });
  const slow = await mustApi('POST', `/v1/tenants/${TENANT}/endpoints`, {
    url: r.url('/flow/slow'),
    eventTypes: ['flow.slow'],
    rateLimit: THROTTLED_RATE,
  });
  const fast = await mustApi('POST', `/v1/tenants/${TENANT}/endpoints`, { url: r.url('/flow/fast'), eventTypes: ['flow.fast'] });

  log(`flow control: unthrottled endpoint alone (${LATENCY_RATE} events/s for ${LATENCY_SECONDS} s, then a burst of ${BURST})`);
  const alone = await unthrottled('no backlog');

  log(`flow control: ${BACKLOG} events to an endpoint limited to ${THROTTLED_RATE}/s, measuring meanwhile`);
  const backlogStart = Date.now();
  const intake = await unthrottled(
    'while the backlog is published and gated',
    runConcurrently(BACKLOG, 16, async (i) => {
      await publish(TENANT, 'flow.slow', { i });
    }),
  );
  const backlogPublishSeconds = (Date.now() - backlogStart) / 1000;
  const deadline = Date.now() + 300_000;
  while ((await gated(slow.json.id)) < BACKLOG && Date.now() < deadline) await sleep(250);
  const intakeSeconds = (Date.now() - backlogStart) / 1000;
  log(`  all ${BACKLOG} gated ${round(intakeSeconds, 1)} s after the first publish`);

  const slowBefore = r.receipts.filter((x) => x.path === '/flow/slow').length;
  const windowStart = Date.now();
  const during = await unthrottled(`backlog of ${BACKLOG - slowBefore}, all held`);
  const slowReceipts = r.receipts.filter((x) => x.path === '/flow/slow').map((x) => x.at);
  const windowSeconds = (Date.now() - windowStart) / 1000;
  const inWindow = slowReceipts.filter((t) => t >= windowStart).length;

  // A first-try delivery to the unthrottled endpoint, its history read now that it is closed.
  const event = during.lastBurstEventId ? await mustApi('GET', `/v1/tenants/${TENANT}/events/${during.lastBurstEventId}`) : undefined;
  const delivery = (event?.json.deliveries as { id: string; endpointId: string }[] | undefined)?.find((d) => d.endpointId === fast.json.id);
  const firstTry = delivery ? await historyCost(floorClient(), `delivery-${delivery.id}`) : undefined;

  return {
    throttledRateLimit: THROTTLED_RATE,
    backlog: BACKLOG,
    backlogPublishSeconds: round(backlogPublishSeconds, 1),
    backlogGatedSeconds: round(intakeSeconds, 1),
    backlogAtMeasurementStart: BACKLOG - slowBefore,
    backlogAtMeasurementEnd: BACKLOG - slowReceipts.length,
    throttledPerSecondDuringMeasurement: round(inWindow / windowSeconds, 2),
    unthrottledAlone: alone,
    unthrottledDuringIntake: intake,
    unthrottledDuringBacklog: during,
    firstTryDuringBacklog: firstTry,
  };
}
