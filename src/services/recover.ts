import type { AppContext } from '../context';
import { findEndpoint } from '../db/queries/endpoints';
import { findRunningRecoveryJob, finishRecoveryJob, insertRecoveryJob } from '../db/queries/recover-jobs';
import type { RecoveryJobRow } from '../db/schema';
import { newId } from '../lib/ids';
import { RECOVER_WORKFLOW, type RecoverEndpointWorkflow, recoveryWorkflowId } from '../contract';
import { AppError, notFound } from '../lib/app-error';

export interface RecoveryStart {
  job: RecoveryJobRow;
  /** True when an identical recovery was already running and this request joined it. */
  joined: boolean;
}

/**
 * Starts a bulk recovery: every `failed` delivery of the endpoint created in
 * [since, until) is resent by a workflow, in batches, at a bounded rate. One recovery
 * runs per endpoint at a time (a partial unique index): the same window again joins
 * the running job; another window is refused with 409 until it ends.
 */
export async function startRecovery(
  ctx: AppContext,
  input: { tenantId: string; endpointId: string; since: Date; until: Date | undefined },
): Promise<RecoveryStart> {
  const endpoint = await findEndpoint(ctx.db, input.tenantId, input.endpointId);
  if (!endpoint) throw notFound('endpoint', 'endpointId', input.endpointId);
  if (!endpoint.enabled) {
    throw new AppError('endpoint_disabled', 'the endpoint is disabled; enable it before recovering its deliveries', [
      { field: 'endpointId', message: endpoint.disabled_reason ?? 'disabled' },
    ]);
  }
  const until = input.until ?? new Date();
  if (input.since >= until) {
    throw new AppError('validation_failed', 'Invalid body: until: must be after since', [
      { field: 'until', message: 'must be after since' },
    ]);
  }

  const id = newId('job');
  const job = await insertRecoveryJob(ctx.db, {
    id,
    tenantId: input.tenantId,
    endpointId: endpoint.id,
    since: input.since,
    until,
    workflowId: recoveryWorkflowId(id),
  });
  if (!job) {
    const running = await findRunningRecoveryJob(ctx.db, endpoint.id);
    if (
      running &&
      running.since.getTime() === input.since.getTime() &&
      (input.until === undefined || running.until.getTime() === until.getTime())
    ) {
      return { job: running, joined: true };
    }
    throw new AppError('recovery_in_progress', 'a recovery of this endpoint is already running; wait for it to finish', [
      { field: 'endpointId', message: `recovery ${running?.id ?? ''} is running`.trim() },
    ]);
  }

  const { eventLog } = ctx.config;
  try {
    await ctx.temporal.workflow.start<RecoverEndpointWorkflow>(RECOVER_WORKFLOW, {
      workflowId: job.workflow_id,
      taskQueue: ctx.deliveryDefaults.taskQueue,
      args: [{ jobId: job.id, batchSize: eventLog.recoverBatchSize, ratePerSecond: eventLog.recoverRatePerSecond }],
    });
  } catch (error) {
    // Without its workflow the job would block recoveries of this endpoint forever.
    await finishRecoveryJob(ctx.db, job.id, 'failed', `could not start: ${(error as Error).message}`);
    throw error;
  }
  return { job, joined: false };
}
