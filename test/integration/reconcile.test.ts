import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { ScheduleNotFoundError, WorkflowNotFoundError } from '@temporalio/client';
import { deliveryWorkflowId, legacySweepScheduleId, reconcileScheduleId } from '../../src/contract';
import { listAttempts } from '../../src/db/queries/attempts';
import { findDeliveryById } from '../../src/db/queries/deliveries';
import { resolveTemporalCli } from '../../src/dev/temporal-cli';
import { startTemporalDevServer, type TemporalDevServerHandle } from '../../src/dev/temporal-dev-server';
import { runReconcile } from '../../src/services/reconcile';
import { ensureReconcileSchedule } from '../../src/temporal/reconcile';
import { createEndpoint, createTenant, publish } from '../helpers/hookflow';
import { loseWorkflow } from '../helpers/ordered';
import { freePort } from '../helpers/ports';
import { eventually, Receiver } from '../helpers/receiver';
import { startTestStack, type TestStack } from '../helpers/stack';

/**
 * Temporal loses its database while deliveries wait on retry timers (the dev server is
 * stopped, its SQLite file deleted, and an empty one started on the same port). PostgreSQL
 * still says `retrying`; Temporal knows nothing. `npm run reconcile` starts every such
 * delivery again from PostgreSQL's state: attempt numbers go on, the schedule goes on where
 * it was, and the pending retry waits until its recorded `next_attempt_at`.
 */

const ROOT = path.resolve(__dirname, '..', '..');
const LONG_WAIT = '25s';

describe('reconcile: recovery from a lost Temporal database', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hookflow-reconcile-'));
  chmodSync(dir, 0o755);
  const dbFile = path.join(dir, 'temporal.db');
  let temporal: TemporalDevServerHandle | undefined;
  let stack: TestStack;
  let receiver: Receiver | undefined;

  const startTemporal = async (port: number) => {
    temporal = await startTemporalDevServer({ cli: resolveTemporalCli({ build: true }), port, dbFile, namespace: 'default' });
  };

  /** `npm run reconcile`, as an operator runs it, against this stack; returns its counts. */
  async function npmRunReconcile(): Promise<{ checked: number; restarted: number; output: string }> {
    const { stdout } = await promisify(execFile)('npm', ['run', '--silent', 'reconcile'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        DATABASE_URL: stack.databaseUrl,
        TEMPORAL_ADDRESS: temporal!.address,
        TEMPORAL_TASK_QUEUE: stack.taskQueue,
        RECONCILE_AFTER: '200ms',
      },
      timeout: 60_000,
    });
    const counts = /checked (\d+) deliveries, restarted (\d+)/.exec(stdout);
    if (!counts) throw new Error(`npm run reconcile printed no counts:\n${stdout}`);
    return { checked: Number(counts[1]), restarted: Number(counts[2]), output: stdout };
  }

  beforeAll(async () => {
    await startTemporal(await freePort());
    stack = await startTestStack({ TEMPORAL_ADDRESS: temporal!.address, RECONCILE_AFTER: '200ms' });
  });

  afterAll(async () => {
    await receiver?.close();
    await stack?.stop();
    await temporal?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the Schedule of earlier versions (sweep-orphaned-deliveries) is deleted when the reconcile Schedule is ensured', async () => {
    const legacyId = legacySweepScheduleId(stack.taskQueue);
    await stack.temporal.schedule.create({
      scheduleId: legacyId,
      spec: { intervals: [{ every: '1h' }] },
      action: { type: 'startWorkflow', workflowType: 'sweepOrphanedDeliveriesWorkflow', taskQueue: stack.taskQueue, args: [] },
    });
    const options = { taskQueue: stack.taskQueue, intervalMs: 3_600_000, olderThanMs: 200 };
    await ensureReconcileSchedule(stack.temporal, options, stack.ctx.logger);
    await expect(stack.temporal.schedule.getHandle(legacyId).describe()).rejects.toBeInstanceOf(ScheduleNotFoundError);
    const current = await stack.temporal.schedule.getHandle(reconcileScheduleId(stack.taskQueue)).describe();
    expect(current.action).toMatchObject({ workflowType: 'reconcileDeliveriesWorkflow', args: [{ olderThanMs: 200, scope: 'due' }] });
    // Again (every worker start): converges, nothing to delete.
    await ensureReconcileSchedule(stack.temporal, options, stack.ctx.logger);
  });

  it('wiped mid-retry: npm run reconcile restarts every delivery; attempts go on 1, 2, 3 and the retry keeps next_attempt_at', async () => {
    // Each (endpoint, event) fails twice, then is accepted.
    const failures = new Map<string, number>();
    receiver = await Receiver.start((request) => {
      const key = `${request.path} ${String(request.headers['webhook-id'])}`;
      const failed = failures.get(key) ?? 0;
      if (failed >= 2) return { status: 200 };
      failures.set(key, failed + 1);
      return { status: 500, body: 'not yet' };
    });
    const tenant = await createTenant(stack, 'reconcile');
    // `one`: waits long after its first attempt; `two`: after its second. Both then retry
    // quickly: a restart that reset the schedule would wait LONG_WAIT again.
    const one = await createEndpoint(stack, tenant, { url: receiver.url('/one'), retrySchedule: [LONG_WAIT, '500ms', '500ms'] });
    await createEndpoint(stack, tenant, { url: receiver.url('/two'), retrySchedule: ['200ms', LONG_WAIT, '500ms'] });
    const events = await Promise.all([0, 1, 2].map((i) => publish(stack, tenant, { type: 'order.created', data: { i } })));
    const deliveryIds = events.flatMap((event) => event.deliveries.map((d) => d.id));
    expect(deliveryIds).toHaveLength(6);
    const expectedBefore = (endpointId: string) => (endpointId === one.id ? 1 : 2);

    // Every delivery waits on its long retry timer, with 1 or 2 attempts recorded.
    const before = await eventually(
      async () => {
        const rows = await Promise.all(deliveryIds.map((id) => findDeliveryById(stack.db, id)));
        const waiting = rows.every(
          (row) => row?.status === 'retrying' && row.waiting_for === 'retry' && row.attempt_count === expectedBefore(row.endpoint_id),
        );
        return waiting ? rows.map((row) => row!) : undefined;
      },
      30_000,
      'every delivery retrying on its long wait',
    );

    // Temporal loses its database: worker and server stop, the file goes, an empty server starts on the same port.
    await stack.stopWorker();
    const port = Number(temporal!.address.split(':').at(-1));
    await temporal!.stop();
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${dbFile}${suffix}`, { force: true });
    await startTemporal(port);
    await stack.startWorker();
    for (const id of deliveryIds) {
      await expect(stack.temporal.workflow.getHandle(deliveryWorkflowId(id)).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
    }
    const requestsBefore = receiver.requests.length;
    expect(requestsBefore).toBe(9);

    const first = await npmRunReconcile();
    const reconciledAt = Date.now();
    expect(first).toMatchObject({ checked: 6, restarted: 6 });
    // The precondition of the timing check below: the restarts came before the retries were due.
    const earliestDue = Math.min(...before.map((row) => row.next_attempt_at!.getTime()));
    expect(reconciledAt).toBeLessThan(earliestDue);
    // A second pass finds every workflow there (waiting for its recorded time) and restarts nothing.
    expect(await npmRunReconcile()).toMatchObject({ checked: 6, restarted: 0 });

    await eventually(
      async () => {
        const rows = await Promise.all(deliveryIds.map((id) => findDeliveryById(stack.db, id)));
        return rows.every((row) => row?.status === 'finished');
      },
      60_000,
      'every delivery finished',
    );
    for (const row of before) {
      const attempts = await listAttempts(stack.db, row.id);
      // Continuous: no number restarts at 1, none is skipped, every one was the schedule's.
      expect(attempts.map((a) => a.number)).toEqual([1, 2, 3]);
      expect(attempts.every((a) => a.trigger === 'scheduled')).toBe(true);
      expect(attempts.map((a) => a.status_code)).toEqual([500, 500, 200]);
      // The retry pending at the wipe kept its time: not before next_attempt_at, and not much after.
      const resumed = attempts[row.attempt_count]!;
      const due = row.next_attempt_at!.getTime();
      expect(resumed.started_at.getTime()).toBeGreaterThanOrEqual(due - 50);
      expect(resumed.started_at.getTime()).toBeLessThan(due + 5_000);
      // The schedule went on where it was: after the resumed attempt, `one` retries on its
      // 500 ms step, not on LONG_WAIT again (retriesSoFar restarted at 0).
      if (row.endpoint_id === one.id) {
        expect(attempts[2]!.started_at.getTime() - attempts[1]!.started_at.getTime()).toBeLessThan(5_000);
      }
    }
    // Each (endpoint, event) was sent exactly three times.
    expect(receiver.requests).toHaveLength(18);
    const delivered = await Promise.all(deliveryIds.map((id) => stack.temporal.workflow.getHandle(deliveryWorkflowId(id)).describe()));
    expect(delivered.every((d) => d.status.name === 'COMPLETED')).toBe(true);
  }, 150_000);

  it('the Schedule restarts a lost retrying delivery once it is overdue by RECONCILE_AFTER, not before', async () => {
    const rx = await Receiver.start(() => ({ status: 200 }));
    try {
      let failedOnce = false;
      rx.respond = () => (failedOnce ? { status: 200 } : ((failedOnce = true), { status: 503 }));
      const tenant = await createTenant(stack, 'due');
      await createEndpoint(stack, tenant, { url: rx.url(), retrySchedule: ['3s', '3s'] });
      const [delivery] = (await publish(stack, tenant, { type: 'order.created', data: {} })).deliveries;
      const waiting = await eventually(async () => {
        const row = await findDeliveryById(stack.db, delivery!.id);
        return row?.status === 'retrying' && row.waiting_for === 'retry' ? row : undefined;
      });
      // This one workflow is lost (as with a wiped database): deleted from Temporal.
      await loseWorkflow(stack, deliveryWorkflowId(delivery!.id));

      // Not yet due: the Schedule's pass does not even look it up.
      const deps = { db: stack.db, client: stack.temporal, logger: stack.ctx.logger, defaults: stack.ctx.deliveryDefaults };
      expect(await runReconcile(deps, { scope: 'due', olderThanMs: 200 })).toEqual({ checked: 0, restarted: 0, fannedOut: 0 });

      // Overdue: the Schedule's run restarts it, and it goes on with attempt 2.
      await sleep(Math.max(0, waiting.next_attempt_at!.getTime() + 300 - Date.now()));
      await stack.temporal.schedule.getHandle(reconcileScheduleId(stack.taskQueue)).trigger();
      const finished = await eventually(async () => {
        const row = await findDeliveryById(stack.db, delivery!.id);
        return row?.status === 'finished' ? row : undefined;
      });
      expect(finished.attempt_count).toBe(2);
      const attempts = await listAttempts(stack.db, delivery!.id);
      expect(attempts.map((a) => [a.number, a.trigger, a.status_code])).toEqual([
        [1, 'scheduled', 503],
        [2, 'scheduled', 200],
      ]);
      expect(rx.requests).toHaveLength(2);
    } finally {
      await rx.close();
    }
  }, 60_000);
});
