import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { P, floorClient, floorReceipts, publish, state, sum, theReceiver, theStack, waitForFloor } from '../lib/context';
import type { Receipt } from '../lib/receiver';
import { round, summary } from '../lib/stats';

/** Latency: open-loop publishes at a given rate, publish → receipt, beside the floor at the same rate. */

export async function openLoop(count: number, ratePerSecond: number, fire: (i: number) => Promise<void>): Promise<number[]> {
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
export async function latency(tenant: string, rate: number) {
  const r = theReceiver();
  const count = rate * P.latencySeconds;
  r.reset(() => 200, true);
  await theStack().api.reset();
  const publishMs: number[] = [];
  const lags = await openLoop(count, rate, async (i) => {
    const { ms } = await publish(tenant, 'order.created', { orderId: `lat-${i}`, sentAt: Date.now() });
    publishMs.push(ms);
  });
  const complete = await r.waitFor(count, 30_000);
  const apiSql = (await theStack().api.stats()).sql;
  const e2e = r.receipts.filter((x) => x.sentAt !== undefined).map((x) => x.at - (x.sentAt as number));
  const legs = await latencyLegs(r.receipts);

  // The floor at the same rate: client start → no-op activity running.
  const before = (await floorReceipts(Number.MAX_SAFE_INTEGER)).total;
  const run = ++state.floorRun;
  const floorLags = await openLoop(count, rate, async (i) => {
    await floorClient().workflow.start('floorWorkflow', {
      taskQueue: theStack().floorTaskQueue,
      workflowId: `floor-lat-${run}-${i}`,
      args: [{ sentAt: Date.now() }],
    });
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
    ...legs,
    /** SQL statements the API sent per publish of an event with one endpoint. */
    apiSqlPerPublish: round(sum(apiSql) / count, 2),
    apiSql,
    generatorLagMs: summary(lags),
    floorStartToActivityMs: summary(floor),
    floorGeneratorLagMs: summary(floorLags),
  };
}

/**
 * Where publish → receipt goes, leg by leg, from what PostgreSQL recorded of each delivery:
 * send → the publish statement (the event's created_at: HTTP, authentication, validation),
 * the statement → the attempt's start (its attempts.started_at: commit, the workflow start,
 * its first task, the local activity and its read of the delivery), and the attempt's
 * start → receipt (signing and the POST). One clock: everything runs on this machine.
 */
async function latencyLegs(receipts: readonly Receipt[]) {
  const ids = receipts.filter((x) => x.sentAt !== undefined).map((x) => x.webhookId);
  const { rows } = await sql<{ id: string; created_ms: number; started_ms: number }>`
    select e.id, extract(epoch from e.created_at) * 1000 as created_ms, extract(epoch from a.started_at) * 1000 as started_ms
    from events e join deliveries d on d.event_id = e.id and d.tenant_id = e.tenant_id
    join attempts a on a.delivery_id = d.id and a.number = 1
    where e.id = any(${ids}::text[])
  `.execute(theStack().db.db);
  const byId = new Map(rows.map((x) => [x.id, { created: Number(x.created_ms), started: Number(x.started_ms) }]));
  const toStatement: number[] = [];
  const toAttempt: number[] = [];
  const toReceipt: number[] = [];
  for (const x of receipts) {
    const row = byId.get(x.webhookId);
    if (!row || x.sentAt === undefined) continue;
    toStatement.push(row.created - x.sentAt);
    toAttempt.push(row.started - row.created);
    toReceipt.push(x.at - row.started);
  }
  return {
    sendToStatementMs: summary(toStatement),
    statementToAttemptMs: summary(toAttempt),
    attemptToReceiptMs: summary(toReceipt),
  };
}
