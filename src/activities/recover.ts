import { heartbeat } from '@temporalio/activity';
import { addRecoveryProgress, findFailedDeliveriesInWindow, findRecoveryJobById, finishRecoveryJob } from '../db/queries/recover-jobs';
import type { RecoverBatchInput, RecoverBatchResult } from '../contract';
import { resendDelivery } from '../services/resend';
import type { StartDeps } from './deps';

/**
 * Resends one batch of the job's failed deliveries (oldest first) through the same
 * signalWithStart as a manual resend, and records the progress. Idempotent per batch:
 * a retried activity resends the same deliveries, which attempt once more at worst.
 */
export async function recoverBatch(deps: StartDeps, input: RecoverBatchInput): Promise<RecoverBatchResult> {
  const job = await findRecoveryJobById(deps.db, input.jobId);
  if (!job || job.status !== 'running') return { resent: 0 };
  const batch = await findFailedDeliveriesInWindow(deps.db, job, input.after, input.limit);
  let resent = 0;
  for (const delivery of batch) {
    const outcome = await resendDelivery(
      { db: deps.db, temporal: deps.client, deliveryDefaults: deps.defaults },
      job.tenant_id,
      delivery.id,
    );
    // A delivery whose endpoint was disabled (or that was purged) meanwhile is skipped, not fatal to the job.
    if (outcome.kind === 'resent') resent++;
    heartbeat(resent);
  }
  await addRecoveryProgress(deps.db, job.id, resent);
  const last = batch.at(-1);
  return batch.length === input.limit && last ? { resent, next: { createdAt: last.position, id: last.id } } : { resent };
}

export async function finishRecovery(deps: StartDeps, input: { jobId: string; error?: string }): Promise<void> {
  await finishRecoveryJob(deps.db, input.jobId, input.error ? 'failed' : 'completed', input.error ?? null);
  deps.logger.info({ jobId: input.jobId, error: input.error }, 'recovery finished');
}
