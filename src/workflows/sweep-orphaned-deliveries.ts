import { proxyActivities } from '@temporalio/workflow';
import type { DeliveryActivities } from '../activities';

const { startOrphanedDeliveries } = proxyActivities<DeliveryActivities>({
  startToCloseTimeout: '5m',
  heartbeatTimeout: '30s',
  retry: { maximumAttempts: 3 },
});

/**
 * Run by the `sweep-orphaned-deliveries` Schedule: finds deliveries whose workflow was
 * never started (a process died between the database commit and the start) and starts them.
 */
export async function sweepOrphanedDeliveriesWorkflow(input: { olderThanMs: number }): Promise<{ started: number }> {
  return startOrphanedDeliveries(input);
}
