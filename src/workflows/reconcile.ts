import { proxyActivities } from '@temporalio/workflow';
import type { HookflowActivities, ReconcileDeliveriesWorkflow } from '../contract';

const { reconcileDeliveries } = proxyActivities<HookflowActivities>({
  startToCloseTimeout: '5m',
  heartbeatTimeout: '30s',
  retry: { maximumAttempts: 3 },
});

/**
 * Run by the `reconcile-deliveries` Schedule: starts the workflow of every delivery still
 * `new` or `retrying` that Temporal does not have (never started, or lost with Temporal's
 * database), from where PostgreSQL says it stands.
 */
export const reconcileDeliveriesWorkflow: ReconcileDeliveriesWorkflow = async (input) => reconcileDeliveries(input);
