import type { Logger } from './logger';

/** The ids every log line about one delivery carries: what to search the logs by (docs/operations.md). */
export interface DeliveryLogIds {
  id: string;
  event_id: string;
  endpoint_id: string;
  tenant_id: string;
}

/**
 * A child logger whose every line carries `deliveryId`, `eventId`, `endpointId` and
 * `tenantId` (and `traceId` when tracing is on: the logger's mixin adds it, lib/logger.ts).
 */
export function deliveryLogger(logger: Logger, delivery: DeliveryLogIds): Logger {
  return logger.child({
    deliveryId: delivery.id,
    eventId: delivery.event_id,
    endpointId: delivery.endpoint_id,
    tenantId: delivery.tenant_id,
  });
}
