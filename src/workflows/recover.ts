import { ApplicationFailure, proxyActivities, setHandler, sleep } from '@temporalio/workflow';
import { type HookflowActivities, type RecoverEndpointWorkflow, type RecoverPosition, recoveryProgressQuery } from '../contract';

const { recoverBatch, finishRecovery } = proxyActivities<HookflowActivities>({
  startToCloseTimeout: '5m',
  heartbeatTimeout: '1m',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30s', maximumAttempts: 10 },
});

/**
 * Resends every failed delivery of one endpoint in a time window, in batches, pausing
 * between batches so the rate stays at or under `ratePerSecond`.
 */
export const recoverEndpointWorkflow: RecoverEndpointWorkflow = async (input) => {
  let resent = 0;
  let done = false;
  setHandler(recoveryProgressQuery, () => ({ resent, done }));
  try {
    let after: RecoverPosition | undefined;
    for (;;) {
      const batch = await recoverBatch({ jobId: input.jobId, after, limit: input.batchSize });
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
};
