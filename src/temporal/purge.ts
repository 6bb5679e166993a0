import type { Client } from '@temporalio/client';
import { PURGE_WORKFLOW, type PurgeEventsWorkflow, purgeScheduleId } from '../contract';
import type { Logger } from '../lib/logger';
import { ensureSchedule } from './schedules';

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
    workflowType: PURGE_WORKFLOW,
    taskQueue: options.taskQueue,
    args: [{ retentionMs: options.retentionMs, batchSize: options.batchSize }] as Parameters<PurgeEventsWorkflow>,
    workflowId: scheduleId,
  };
  const spec = { cronExpressions: [options.cron] };
  if (await ensureSchedule(client, { scheduleId, spec, action, catchupWindow: '1h' })) {
    logger.info({ scheduleId, cron: options.cron }, 'created purge schedule');
  }
}
