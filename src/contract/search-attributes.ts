import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** hookflow's custom search attributes (all Keyword); the dev launcher and the worker register them. */
export const SEARCH_ATTRIBUTES = {
  tenantId: defineSearchAttributeKey('TenantId', SearchAttributeType.KEYWORD),
  endpointId: defineSearchAttributeKey('EndpointId', SearchAttributeType.KEYWORD),
  eventType: defineSearchAttributeKey('EventType', SearchAttributeType.KEYWORD),
  /** The event a delivery carries: `EventId="evt_…"` lists an event's deliveries in the Web UI. */
  eventId: defineSearchAttributeKey('EventId', SearchAttributeType.KEYWORD),
  deliveryStatus: defineSearchAttributeKey('DeliveryStatus', SearchAttributeType.KEYWORD),
} as const;

export const SEARCH_ATTRIBUTE_NAMES = Object.values(SEARCH_ATTRIBUTES).map((key) => key.name);
