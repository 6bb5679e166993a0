import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { P, deliveryStatusCounts, publish, sum, theReceiver, theStack } from '../lib/context';
import { round, runConcurrently } from '../lib/stats';

/** Retries: 20 % of first attempts answer 500; time to settle, and the ledger (published = finished + failed, no duplicate). */

export async function retries(tenant: string) {
  const r = theReceiver();
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
  const attempts = await theStack()
    .db.db.selectFrom('attempts')
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
