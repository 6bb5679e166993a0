import { proxyActivities } from '@temporalio/workflow';
import type { FloorActivities } from './activities';

const { noop } = proxyActivities<FloorActivities>({
  startToCloseTimeout: '45s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' },
});

/**
 * The Temporal floor: the least a durable delivery can cost on this server. One
 * workflow, one activity that does nothing, ids only — hookflow's delivery workflow
 * minus the HTTP POST, the Postgres reads and writes and the status search attribute.
 */
export async function floorWorkflow(input: { sentAt: number }): Promise<void> {
  await noop(input);
}
