import { ApplicationFailure, defineQuery, proxyActivities, setHandler, sleep } from '@temporalio/workflow';
import type { DeliveryActivities } from '../activities';

export interface RecoverEndpointInput {
  jobId: string;
  batchSize: number;
  /** Resends per second at most: a recovering receiver is not flooded. */
  ratePerSecond: number;
}

export const recoveryProgressQuery = defineQuery<{ resent: number; done: boolean }>('recoveryProgress');

const { resendFailedBatch, finishRecovery } = proxyActivities<DeliveryActivities>({
  startToCloseTimeout: '5m',
  heartbeatTimeout: '1m',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30s', maximumAttempts: 10 },
});

/**
 * Resends every failed delivery of one endpoint in a time window, in batches, pausing
 * between batches so the rate stays at or under `ratePerSecond`.
 */
export async function recoverEndpointWorkflow(input: RecoverEndpointInput): Promise<{ resent: number }> {
  let resent = 0;
  let done = false;
  setHandler(recoveryProgressQuery, () => ({ resent, done }));
  try {
    let after: { createdAt: string; id: string } | undefined;
    for (;;) {
      const batch = await resendFailedBatch({ jobId: input.jobId, after, limit: input.batchSize });
      resent += batch.resent;
      if (!batch.next) break;
      after = batch.next;
      await sleep(Math.ceil((batch.resent / input.ratePerSecond) * 1000));
    }
  } catch (error) {
    await finishRecovery({ jobId: input.jobId, error: error instanceof Error ? error.message : String(error) });
    throw ApplicationFailure.nonRetryable(`recovery ${input.jobId} failed`);
  }
  await finishRecovery({ jobId: input.jobId });
  done = true;
  return { resent };
}
