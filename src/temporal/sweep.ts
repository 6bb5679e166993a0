import { type Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';
import type { Logger } from '../lib/logger';
import { SWEEP_WORKFLOW, type SweepOrphanedDeliveriesWorkflow, sweepScheduleId } from '../contract';

/**
 * Creates the sweeper's Schedule, or updates it to the current interval and task queue.
 * Every worker calls this at start; concurrent calls converge on one schedule.
 */
export async function ensureSweepSchedule(
  client: Client,
  options: { taskQueue: string; intervalMs: number; olderThanMs: number },
  logger: Logger,
): Promise<void> {
  const scheduleId = sweepScheduleId(options.taskQueue);
  const action = {
    type: 'startWorkflow' as const,
    workflowType: SWEEP_WORKFLOW,
    taskQueue: options.taskQueue,
    args: [{ olderThanMs: options.olderThanMs }] as Parameters<SweepOrphanedDeliveriesWorkflow>,
    workflowId: scheduleId,
  };
  const spec = { intervals: [{ every: options.intervalMs }] };
  try {
    await client.schedule.create({
      scheduleId: scheduleId,
      spec,
      action,
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1m' },
    });
    logger.info({ scheduleId: scheduleId, everyMs: options.intervalMs }, 'created sweeper schedule');
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    await client.schedule.getHandle(scheduleId).update((previous) => ({ ...previous, spec, action }));
  }
}
