import { setTimeout as sleep } from 'node:timers/promises';
import { P, cpuMeter, publish, theReceiver } from '../lib/context';
import { medianRound, round, runConcurrently, summary } from '../lib/stats';

/**
 * The peer-shaped scenarios, what users compare webhook services on: N events published by
 * 16 concurrent publishers, each to E endpoints (2,000 × 1 and 200 × 10 in a full run), on
 * the stack as `npm run dev` runs it. Publish ack: the publish request sent → its 202.
 * Publish → receipt: the same send time (in `data.sentAt`) → the receiver has the request.
 * Deliveries/s: deliveries received over first send → last receipt.
 */

export interface PeerResult {
  name: string;
  events: number;
  endpoints: number;
  deliveries: number;
  received: number;
  seconds: number;
  perSecond: number;
  complete: boolean;
  publishAckMs: ReturnType<typeof summary>;
  publishToReceiptMs: ReturnType<typeof summary>;
  cpu: ReturnType<ReturnType<typeof cpuMeter>['stop']>;
}

/** `orderingKey(i)`: event i's ordering key (ordered delivery, bench/phases/ordered.ts); none by default. */
export async function peerScenario(
  tenant: string,
  events: number,
  endpoints: number,
  orderingKey?: (i: number) => string,
): Promise<PeerResult> {
  const r = theReceiver();
  const deliveries = events * endpoints;
  r.reset();
  const warmup = Math.max(1, Math.round(P.warmup / endpoints));
  await runConcurrently(warmup, P.concurrency, async (i) => void (await publish(tenant, 'order.created', { warmup: i }, orderingKey?.(i))));
  await r.waitFor(warmup * endpoints, 60_000);
  await sleep(500);
  r.reset(() => 200, true);
  const meter = cpuMeter();
  meter.start();
  const t0 = Date.now();
  const acks = await timedPublishes(tenant, events, 'peer', orderingKey);
  const complete = await r.waitFor(deliveries, P.settleMs);
  const cpu = meter.stop();
  const last = Math.max(t0 + 1, ...r.receipts.map((x) => x.at));
  const seconds = (last - t0) / 1000;
  const e2e = r.receipts.filter((x) => x.sentAt !== undefined).map((x) => x.at - (x.sentAt as number));
  return {
    name: `${events.toLocaleString('en-US')} events × ${endpoints} endpoint${endpoints === 1 ? '' : 's'}`,
    events,
    endpoints,
    deliveries,
    received: r.receipts.length,
    seconds: round(seconds, 2) as number,
    perSecond: r.receipts.length / seconds,
    complete,
    publishAckMs: summary(acks),
    publishToReceiptMs: summary(e2e),
    cpu,
  };
}

/** The median round by deliveries/s (the lower middle one for an even count), with every round's rate. */
export const medianPeer = (runs: PeerResult[]) => medianRound(runs, (r) => r.perSecond, 1);

/**
 * The measured part of a scenario: `events` publishes from P.concurrency publishers, each
 * carrying its send time in `data.sentAt`; the ack of each (request sent → 202).
 */
async function timedPublishes(tenant: string, events: number, label: string, orderingKey?: (i: number) => string): Promise<number[]> {
  const acks: number[] = [];
  await runConcurrently(events, P.concurrency, async (i) => {
    const { ms } = await publish(tenant, 'order.created', { orderId: `${label}-${i}`, sentAt: Date.now() }, orderingKey?.(i));
    acks.push(ms);
  });
  return acks;
}

export interface PublishAloneResult {
  name: string;
  events: number;
  seconds: number;
  publishesPerSecond: number;
  publishAckMs: ReturnType<typeof summary>;
  cpu: ReturnType<ReturnType<typeof cpuMeter>['stop']>;
}

/**
 * The publish alone, the bound of the ack target: the same publishers and events as the
 * peer-shaped scenario, to a tenant with no endpoint, so each publish stores its event and
 * answers 202 with nothing to start or deliver. Its ack is what the API and PostgreSQL
 * take per publish at this concurrency when they have both cores to themselves.
 */
export async function publishAlone(tenant: string, events: number): Promise<PublishAloneResult> {
  await runConcurrently(P.warmup, P.concurrency, async (i) => void (await publish(tenant, 'order.created', { warmup: i })));
  const meter = cpuMeter();
  meter.start();
  const t0 = Date.now();
  const acks = await timedPublishes(tenant, events, 'alone');
  const seconds = (Date.now() - t0) / 1000;
  return {
    name: `${events.toLocaleString('en-US')} events × 0 endpoints (publish alone)`,
    events,
    seconds: round(seconds, 2) as number,
    publishesPerSecond: events / seconds,
    publishAckMs: summary(acks),
    cpu: meter.stop(),
  };
}

/** The median round by publishes/s (the lower middle one for an even count). */
export const medianPublishAlone = (runs: PublishAloneResult[]) => medianRound(runs, (r) => r.publishesPerSecond, 0);
