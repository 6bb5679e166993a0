import { proxyActivities, proxyLocalActivities, upsertSearchAttributes } from '@temporalio/workflow';
import { SEARCH_ATTRIBUTES } from '../../src/contract';
import type { FloorActivities } from './activities';

const { noop } = proxyActivities<FloorActivities>({
  startToCloseTimeout: '45s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' },
});

const local = proxyLocalActivities<FloorActivities>({
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

/**
 * A diagnostic baseline: the floor plus what hookflow's delivery workflow adds to
 * Temporal's visibility store for the Web UI (4 search attributes at the start, one
 * `DeliveryStatus` upsert at the end). The gap between this and the bare floor is the
 * cost of those features on this server; hookflow cannot go below it.
 */
export async function floorVisibleWorkflow(input: { sentAt: number }): Promise<void> {
  await noop(input);
  upsertSearchAttributes([{ key: SEARCH_ATTRIBUTES.deliveryStatus, value: 'finished' }]);
}

/**
 * The local-activity ceiling: the floor with its no-op as a local activity, which runs in
 * the workflow task's worker without an activity task round trip through the server.
 */
export async function floorLocalWorkflow(input: { sentAt: number }): Promise<void> {
  await local.noop(input);
}
