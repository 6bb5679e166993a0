/**
 * hookflow's own events ("operational webhooks"): notices about endpoints and deliveries
 * that go, signed, through the ordinary delivery pipeline to the operational endpoints,
 * which are the endpoints of the reserved system tenant.
 */

/** The system tenant whose endpoints are the operational endpoints (created by migration 0010). */
export const SYSTEM_TENANT_ID = '_hookflow';

/** Tenant ids starting with this are reserved for hookflow: the API refuses them. */
export const RESERVED_TENANT_PREFIX = '_';

export const isSystemTenant = (tenantId: string): boolean => tenantId === SYSTEM_TENANT_ID;

export const OPERATIONAL_EVENT_TYPES = [
  'endpoint.created',
  'endpoint.updated',
  'endpoint.deleted',
  'endpoint.enabled',
  'endpoint.disabled',
  'endpoint.failing',
  'delivery.exhausted',
] as const;
export type OperationalEventType = (typeof OPERATIONAL_EVENT_TYPES)[number];

/** Why an endpoint was disabled: a 410 Gone, auto-disable after a failing streak, or its owner. */
export type DisabledReason = 'gone_410' | 'auto_disabled' | 'manual';

interface EndpointRef {
  tenantId: string;
  endpointId: string;
}

/** Each notice's `type` and `data` (documented in docs/api.md#operational-webhooks). */
export type OperationalNotice =
  | { type: 'endpoint.created' | 'endpoint.updated' | 'endpoint.deleted' | 'endpoint.enabled'; data: EndpointRef }
  | { type: 'endpoint.disabled'; data: EndpointRef & { reason: DisabledReason; message: string } }
  | {
      type: 'endpoint.failing';
      data: EndpointRef & { failingSince: string; failedAttempts: number; disableAfter: string; minFailures: number };
    }
  | {
      type: 'delivery.exhausted';
      data: EndpointRef & {
        deliveryId: string;
        eventId: string;
        attempts: number;
        lastStatusCode: number | null;
        lastError: string | null;
        failureReason: string | null;
      };
    };
