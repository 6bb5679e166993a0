import { proxyActivities } from '@temporalio/workflow';
import type { HookflowActivities, PurgeEventsWorkflow } from '../contract';

const { purgeEvents } = proxyActivities<HookflowActivities>({
  // Millions of rows may take a while; heartbeats show it is alive.
  startToCloseTimeout: '2h',
  heartbeatTimeout: '2m',
  retry: { initialInterval: '10s', backoffCoefficient: 2, maximumInterval: '5m', maximumAttempts: 5 },
});

/** Run by the `purge-events` Schedule: deletes settled events older than the retention. */
export const purgeEventsWorkflow: PurgeEventsWorkflow = async (input) => purgeEvents(input);
