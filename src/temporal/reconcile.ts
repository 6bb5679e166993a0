import { type Client, ScheduleNotFoundError } from '@temporalio/client';
import type { Logger } from '../lib/logger';
import { legacySweepScheduleId, RECONCILE_WORKFLOW, type ReconcileDeliveriesWorkflow, reconcileScheduleId } from '../contract';
import { ensureSchedule } from './schedules';

/**
 * Creates the reconcile Schedule, or updates it to the current interval and task queue.
 * Every worker calls this at start; concurrent calls converge on one schedule. Its runs
 * look up only the deliveries that are due (ReconcileScope `due`): cheap when all is well.
 */
export async function ensureReconcileSchedule(
  client: Client,
  options: { taskQueue: string; intervalMs: number; olderThanMs: number },
  logger: Logger,
): Promise<void> {
  const scheduleId = reconcileScheduleId(options.taskQueue);
  const action = {
    type: 'startWorkflow' as const,
    workflowType: RECONCILE_WORKFLOW,
    taskQueue: options.taskQueue,
    args: [{ olderThanMs: options.olderThanMs, scope: 'due' }] as Parameters<ReconcileDeliveriesWorkflow>,
    workflowId: scheduleId,
  };
  const spec = { intervals: [{ every: options.intervalMs }] };
  if (await ensureSchedule(client, { scheduleId, spec, action, catchupWindow: '1m' })) {
    logger.info({ scheduleId, everyMs: options.intervalMs }, 'created reconcile schedule');
  }
  await removeLegacySweepSchedule(client, options.taskQueue, logger);
}

/**
 * The Schedule of earlier versions (`sweep-orphaned-deliveries`) did a part of this pass
 * under a workflow type this worker no longer registers: it is deleted, and a run of it
 * still open is terminated (it could never finish here; the pass is idempotent, so
 * nothing is lost). A worker of an earlier version that starts later creates it again;
 * the next worker start of this version removes it.
 */
async function removeLegacySweepSchedule(client: Client, taskQueue: string, logger: Logger): Promise<void> {
  const handle = client.schedule.getHandle(legacySweepScheduleId(taskQueue));
  let running: { workflowId: string; firstExecutionRunId: string }[];
  try {
    running = (await handle.describe()).info.runningActions.map((action) => action.workflow);
    await handle.delete();
  } catch (error) {
    if (error instanceof ScheduleNotFoundError) return;
    throw error;
  }
  for (const run of running) {
    await client.workflow
      .getHandle(run.workflowId, undefined, { firstExecutionRunId: run.firstExecutionRunId })
      .terminate('replaced by the reconcile-deliveries Schedule')
      .catch(() => undefined);
  }
  logger.info({ scheduleId: handle.scheduleId, terminatedRuns: running.length }, 'deleted the sweeper schedule of an earlier version');
}
