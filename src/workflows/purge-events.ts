import { proxyActivities } from '@temporalio/workflow';
import type { DeliveryActivities } from '../activities';
import type { PurgeResult } from '../activities/purge';

const { purgeOldEvents } = proxyActivities<DeliveryActivities>({
  // Millions of rows may take a while; heartbeats show it is alive.
  startToCloseTimeout: '2h',
  heartbeatTimeout: '2m',
  retry: { initialInterval: '10s', backoffCoefficient: 2, maximumInterval: '5m', maximumAttempts: 5 },
});

/** Run by the `purge-events` Schedule: deletes settled events older than the retention. */
export async function purgeEventsWorkflow(input: { retentionMs: number; batchSize: number }): Promise<PurgeResult> {
  return purgeOldEvents(input);
}
