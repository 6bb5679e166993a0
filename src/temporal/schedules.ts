import { type Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';
import type { Logger } from '../lib/logger';
import { purgeScheduleId, sweepScheduleId } from '../shared';
import type { purgeEventsWorkflow, sweepOrphanedDeliveriesWorkflow } from '../workflows';

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
    workflowType: 'sweepOrphanedDeliveriesWorkflow',
    taskQueue: options.taskQueue,
    args: [{ olderThanMs: options.olderThanMs }] as Parameters<typeof sweepOrphanedDeliveriesWorkflow>,
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

/**
 * Creates the `purge-events` Schedule, or updates it to the current cron, retention and
 * task queue. Every worker calls this at start; triggering it by hand (Web UI or
 * `temporal schedule trigger --schedule-id purge-events`) runs a purge at once.
 */
export async function ensurePurgeSchedule(
  client: Client,
  options: { taskQueue: string; cron: string; retentionMs: number; batchSize: number },
  logger: Logger,
): Promise<void> {
  const scheduleId = purgeScheduleId(options.taskQueue);
  const action = {
    type: 'startWorkflow' as const,
    workflowType: 'purgeEventsWorkflow',
    taskQueue: options.taskQueue,
    args: [{ retentionMs: options.retentionMs, batchSize: options.batchSize }] as Parameters<typeof purgeEventsWorkflow>,
    workflowId: scheduleId,
  };
  const spec = { cronExpressions: [options.cron] };
  try {
    await client.schedule.create({ scheduleId, spec, action, policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1h' } });
    logger.info({ scheduleId, cron: options.cron }, 'created purge schedule');
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    await client.schedule.getHandle(scheduleId).update((previous) => ({ ...previous, spec, action }));
  }
}
