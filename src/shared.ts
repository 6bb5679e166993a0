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

/** The sweeper's Schedule: one per task queue, so several deployments can share a namespace. */
export function sweepScheduleId(taskQueue: string): string {
  return `sweep-orphaned-deliveries-${taskQueue}`;
}
