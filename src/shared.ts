/**
 * Names shared by the API, the worker and workflow code. No Node imports here: the
 * workflow bundle includes this file.
 */

import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** hookflow's custom search attributes (all Keyword); the dev launcher and the worker register them. */
export const SEARCH_ATTRIBUTES = {
  tenantId: defineSearchAttributeKey('TenantId', SearchAttributeType.KEYWORD),
  endpointId: defineSearchAttributeKey('EndpointId', SearchAttributeType.KEYWORD),
  eventType: defineSearchAttributeKey('EventType', SearchAttributeType.KEYWORD),
  deliveryStatus: defineSearchAttributeKey('DeliveryStatus', SearchAttributeType.KEYWORD),
} as const;

export const SEARCH_ATTRIBUTE_NAMES = Object.values(SEARCH_ATTRIBUTES).map((key) => key.name);

/** One workflow per delivery; its id is readable in the Web UI and derived from the delivery id. */
export function deliveryWorkflowId(deliveryId: string): string {
  return `delivery-${deliveryId}`;
}

/** One fan-out workflow per event with more than one delivery; the id makes a retried start harmless. */
export function fanOutWorkflowId(tenantId: string, eventId: string): string {
  return `fanout-${tenantId}-${eventId}`;
}

/** The task queue hookflow uses unless configured otherwise. */
export const DEFAULT_TASK_QUEUE = 'hookflow';

/**
 * Schedules are per task queue, so several deployments (or test runs) can share a
 * namespace; on the default task queue the id is the plain name (`purge-events`).
 */
function scheduleId(base: string, taskQueue: string): string {
  return taskQueue === DEFAULT_TASK_QUEUE ? base : `${base}-${taskQueue}`;
}

export const sweepScheduleId = (taskQueue: string) => scheduleId('sweep-orphaned-deliveries', taskQueue);
export const purgeScheduleId = (taskQueue: string) => scheduleId('purge-events', taskQueue);

export function recoveryWorkflowId(jobId: string): string {
  return `recover-${jobId}`;
}

/**
 * A delivery attempt heartbeats while it runs (every third of this), so when the worker
 * running it dies, Temporal retries the attempt after this long rather than after the
 * activity's whole start-to-close timeout (45 s).
 */
export const ATTEMPT_HEARTBEAT_TIMEOUT_MS = 15_000;
