import { proxyActivities } from '@temporalio/workflow';
import type { HookflowActivities, SweepOrphanedDeliveriesWorkflow } from '../contract';

const { sweepOrphanedDeliveries } = proxyActivities<HookflowActivities>({
  startToCloseTimeout: '5m',
  heartbeatTimeout: '30s',
  retry: { maximumAttempts: 3 },
});

/**
 * Run by the `sweep-orphaned-deliveries` Schedule: finds deliveries whose workflow was
 * never started (a process died between the database commit and the start) and starts them.
 */
export const sweepOrphanedDeliveriesWorkflow: SweepOrphanedDeliveriesWorkflow = async (input) => sweepOrphanedDeliveries(input);
