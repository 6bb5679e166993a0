import type { AppContext } from '../context';
import { ensureSearchAttributes } from './search-attributes';
import { ensurePurgeSchedule } from './purge';
import { ensureReconcileSchedule } from './reconcile';
import { createHookflowWorker } from './create-worker';
import { createNotifier } from '../services/operational-notices';

/**
 * Everything a worker process does before polling: register search attributes (on an
 * existing cluster), create or update the reconcile and purge Schedules, and build the worker.
 */
export async function prepareWorker(ctx: AppContext, options: { maxConcurrentActivityTaskExecutions?: number; sdkMetrics?: boolean } = {}) {
  const { temporal: config } = ctx.config;
  await ensureSearchAttributes(ctx.temporalConnection, config.namespace, ctx.logger);
  await ensureReconcileSchedule(
    ctx.temporal,
    { taskQueue: config.taskQueue, intervalMs: ctx.config.delivery.reconcileIntervalMs, olderThanMs: ctx.config.delivery.reconcileAfterMs },
    ctx.logger,
  );
  const { eventLog } = ctx.config;
  await ensurePurgeSchedule(
    ctx.temporal,
    { taskQueue: config.taskQueue, cron: eventLog.purgeCron, retentionMs: eventLog.retentionMs, batchSize: eventLog.purgeBatchSize },
    ctx.logger,
  );
  return createHookflowWorker({
    connection: config,
    namespace: config.namespace,
    taskQueue: config.taskQueue,
    db: ctx.db,
    client: ctx.temporal,
    logger: ctx.logger,
    defaults: ctx.deliveryDefaults,
    targetGuard: ctx.targetGuard,
    secretBox: ctx.secretBox,
    notices: createNotifier(ctx),
    autoDisable: ctx.config.delivery.autoDisable,
    workflowBundlePath: config.workflowBundlePath,
    stallAfterMs: ctx.config.delivery.stallAfterMs,
    workflowTaskSlots: ctx.config.delivery.workflowTaskSlots,
    ...options,
  });
}
