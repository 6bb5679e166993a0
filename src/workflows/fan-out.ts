import { proxyActivities } from '@temporalio/workflow';
import type { FanOutEventWorkflow, HookflowActivities } from '../contract';

const { fanOutEvent } = proxyActivities<HookflowActivities>({
  startToCloseTimeout: '5m',
  heartbeatTimeout: '30s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30s' },
});

/**
 * Starts one delivery workflow per delivery row of an event. The API makes one Temporal
 * call per publish whatever the number of subscribers: this workflow does the rest.
 * Starting is idempotent (workflow ids come from delivery ids), so a retried activity
 * or a second run of this workflow starts nothing twice.
 */
export const fanOutEventWorkflow: FanOutEventWorkflow = async (input) => fanOutEvent(input);
