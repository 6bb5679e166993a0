import type { EndpointRow } from '../../db/schema';
import { HEADER_VALUE_MASK } from '../../delivery/headers';
import { formatDuration } from '../../lib/duration';

/** API views of endpoints: the camelCase shapes responses carry, mapped from rows. */

export interface Endpoint {
  id: string;
  tenantId: string;
  url: string;
  description: string;
  eventTypes: string[];
  enabled: boolean;
  disabledReason: string | null;
  headers: Record<string, string>;
  retrySchedule: string[] | null;
  timeoutMs: number | null;
  rateLimit: number | null;
  maxInFlight: number | null;
  createdAt: string;
  updatedAt: string;
}

/** The header names with every value masked. */
export function maskHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.keys(headers).map((name) => [name, HEADER_VALUE_MASK]));
}

/** The public view of an endpoint: never its secrets, and header values masked. */
export function toEndpoint(row: EndpointRow): Endpoint {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    url: row.url,
    description: row.description,
    eventTypes: row.event_types,
    enabled: row.enabled,
    disabledReason: row.disabled_reason,
    headers: maskHeaders(row.headers),
    retrySchedule: row.retry_schedule_ms ? row.retry_schedule_ms.map(formatDuration) : null,
    timeoutMs: row.timeout_ms,
    rateLimit: row.rate_limit,
    maxInFlight: row.max_in_flight,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
