import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { resolveTemporalCli } from '../../src/dev/temporal-cli';
import { startTemporalDevServer, type TemporalDevServerHandle } from '../../src/dev/temporal-dev-server';
import { deliveryWorkflowId } from '../../src/contract';
import { createEndpoint, createTenant, publish } from '../helpers/hookflow';
import { freePort } from '../helpers/ports';
import { Receiver, eventually } from '../helpers/receiver';
import { startTestStack, type TestStack } from '../helpers/stack';
import { SHARED_ENV, spawnWorker, waitForPoller } from './support/hookflow-processes';
import { countByStatus, loadDeliveries, printLedger } from './support/ledger';
import { killAllProcesses, type ManagedProcess, sleep, within } from './support/processes';

/**
 * Temporal is where the retry timers live. Its own dev server (file-backed, so a restart
 * keeps the workflows) is stopped with SIGTERM while every delivery waits on a 5 s
 * timer, and started again on the same port and file. The worker and the API reconnect
 * by themselves (the worker is the same process throughout); timers that came due while
 * Temporal was down fire when it is back, and nothing is lost. Events published while
 * Temporal is down are accepted (they are durable in Postgres) and reconcile starts
 * their deliveries once it is back.
 */

const EVENTS = 20;
const DURING_OUTAGE = 3;
const DELAY_MS = 5_000;

describe('faults: the Temporal server restarts during a retry schedule', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hookflow-faults-temporal-'));
  chmodSync(dir, 0o755);
  let temporal: TemporalDevServerHandle | undefined;
  let stack: TestStack | undefined;
  let receiver: Receiver | undefined;
  let passed = false;

  afterAll(async () => {
    await killAllProcesses({ dumpOutput: !passed });
    await receiver?.close();
    await stack?.stop();
    if (temporal && temporal.process.exitCode === null && temporal.process.signalCode === null) {
      const gone = new Promise((resolve) => temporal!.process.once('exit', resolve));
      temporal.process.kill('SIGKILL');
      await gone;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('deliveries waiting on timers resume when Temporal is back, on schedule, none lost', async () => {
    const cli = resolveTemporalCli({ build: true });
    const port = await freePort();
    const dbFile = path.join(dir, 'temporal.db');
    const startTemporal = () => startTemporalDevServer({ cli, port, dbFile, namespace: 'default' });
    temporal = await startTemporal();

    stack = await startTestStack({ ...SHARED_ENV, TEMPORAL_ADDRESS: temporal.address }, { worker: false });
    const worker: ManagedProcess = spawnWorker({
      DATABASE_URL: stack.databaseUrl,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_TASK_QUEUE: stack.taskQueue,
      // The reconcile Schedule starts deliveries whose workflow start failed (Temporal was down).
      RECONCILE_INTERVAL: '2s',
      RECONCILE_AFTER: '1s',
    });
    await waitForPoller(stack.temporal, stack.taskQueue, worker);

    // Each event's first attempt fails; the next ones succeed.
    const seen = new Set<string>();
    receiver = await Receiver.start((request) => {
      const id = String(request.headers['webhook-id']);
      if (seen.has(id)) return { status: 200 };
      seen.add(id);
      return { status: 503, body: 'try again' };
    });
    const tenant = await createTenant(stack, 'restart');
    await createEndpoint(stack, tenant, { url: receiver.url(), retrySchedule: ['5s', '5s'] });
    const events = await Promise.all(
      Array.from({ length: EVENTS }, (_, i) => publish(stack!, tenant, { type: 'order.created', data: { i } })),
    );
    const deliveryIds = events.map((e) => e.deliveries[0]!.id);

    // Every delivery has failed once and waits on its timer (recorded in Postgres, and
    // the workflow itself says so: the activity's result reached Temporal).
    // Generous: on a loaded machine some publish-time starts miss their deadline and wait for reconcile.
    await eventually(async () => (await countByStatus(stack!.db, [tenant])).retrying === EVENTS, 90_000, 'all deliveries retrying');
    await eventually(
      async () => {
        for (const id of deliveryIds) {
          const state = await stack!.temporal.workflow.getHandle(deliveryWorkflowId(id)).query<{ status: string }>('deliveryState');
          if (state.status !== 'retrying') return false;
        }
        return true;
      },
      30_000,
      'every workflow waiting on its timer',
    );
    const firstAttempts = new Map(receiver.requests.map((r) => [String(r.headers['webhook-id']), r.receivedAt]));

    // Down until every timer has come due (schedule + 10 % jitter): nothing is there to fire them.
    const stoppedAt = Date.now();
    await temporal.stop();
    const stopExit = temporal.process.signalCode ?? temporal.process.exitCode;
    const lastDue = Math.max(...firstAttempts.values()) + DELAY_MS * 1.1;
    // Publishing goes on: the event and its delivery are committed before the 202; only
    // the workflow start fails.
    const publishStartedAt = Date.now();
    const duringOutage = await within(
      Promise.all(
        Array.from({ length: DURING_OUTAGE }, (_, k) =>
          stack!.api('POST', `/v1/tenants/${tenant}/events`, { type: 'order.created', data: { i: EVENTS + k } }),
        ),
      ),
      60_000,
      'publishing while Temporal is down',
    );
    const publishDuringOutageMs = Date.now() - publishStartedAt;
    await sleep(Math.max(0, lastDue - Date.now()) + 200);
    expect(receiver.requests).toHaveLength(EVENTS); // no attempt while Temporal is down
    temporal = await startTemporal();
    const backAt = Date.now();

    await eventually(
      async () => (await countByStatus(stack!.db, [tenant])).finished === EVENTS + DURING_OUTAGE,
      60_000,
      `all ${EVENTS + DURING_OUTAGE} deliveries finished`,
    );
    const settledAt = Date.now();
    await sleep(300);

    const deliveries = await loadDeliveries(stack.db, [tenant]);
    const secondAttempts = new Map<string, number>();
    for (const r of receiver.requests) {
      const id = String(r.headers['webhook-id']);
      if (r.receivedAt > firstAttempts.get(id)! && !secondAttempts.has(id)) secondAttempts.set(id, r.receivedAt);
    }
    const outageEventIds = duringOutage.map((r) => r.body?.id as string);
    const waits = events.map((e) => secondAttempts.get(e.id)! - firstAttempts.get(e.id)!);
    const afterBack = events.map((e) => secondAttempts.get(e.id)! - backAt);
    const ledger = printLedger('Temporal dev server restart (SIGTERM) during a 5 s retry wait', {
      'events published (202)': events.length,
      'deliveries retrying when Temporal stopped': EVENTS,
      'published while Temporal was down': `${duringOutage.map((r) => r.status).join(',')} in ${publishDuringOutageMs} ms`,
      'Temporal stopped with': stopExit,
      'Temporal down for (ms)': backAt - stoppedAt,
      'all finished after Temporal was back (ms)': settledAt - backAt,
      'first→second attempt, min/max (ms)': `${Math.min(...waits)} / ${Math.max(...waits)}`,
      'second attempt after Temporal was back, max (ms)': Math.max(...afterBack),
      'deliveries finished': deliveries.filter((d) => d.status === 'finished').length,
      lost: EVENTS + DURING_OUTAGE - deliveries.filter((d) => d.status === 'finished').length,
      'receiver requests': receiver.requests.length,
      'worker restarted': worker.running() ? 'no (same process throughout)' : `yes (exited ${String(await worker.exited)})`,
    });

    // None lost, the same worker did it all, and no attempt came early.
    expect({ unfinished: deliveries.filter((d) => d.status !== 'finished').map((d) => d.id), ledger }).toEqual({ unfinished: [], ledger });
    expect(worker.running()).toBe(true);
    expect(duringOutage.map((r) => r.status)).toEqual(duringOutage.map(() => 202));
    // ...without waiting out the client's retries (about 20 s): the start has a 5 s deadline.
    expect(publishDuringOutageMs).toBeLessThan(15_000);
    expect(new Set(deliveries.map((d) => d.eventId))).toEqual(new Set([...events.map((e) => e.id), ...outageEventIds]));
    for (const d of deliveries) {
      expect(d.attempts.map((a) => a.statusCode)).toEqual([503, 200]);
    }
    // The wait is at least the schedule's 3 s (less 10 % jitter), and the attempt comes
    // soon after Temporal is back: the timer was due already. Generous for a busy machine.
    expect(Math.min(...waits)).toBeGreaterThanOrEqual(DELAY_MS * 0.9);
    expect(Math.max(...afterBack)).toBeLessThan(30_000);
    // Every workflow closed, and the restarted server still knows them (file-backed).
    for (const id of deliveryIds) {
      const description = await stack.temporal.workflow.getHandle(deliveryWorkflowId(id)).describe();
      expect(description.status.name).toBe('COMPLETED');
    }
    passed = true;
  }, 180_000);
});
