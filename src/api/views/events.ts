import type { EventRow } from '../../db/schema';
import { RawJson } from '../../lib/raw-json';
import type { PublishResult } from '../../services/publish';

/** API views of events: the camelCase shapes responses carry, mapped from rows. */

export interface EventRecord {
  id: string;
  tenantId: string;
  type: string;
  /** The stored text, written into the response untouched (see `stringifyWithRawJson`). */
  data: RawJson;
  test: boolean;
  idempotencyKey: string | null;
  orderingKey: string | null;
  createdAt: string;
  fanOutPending: boolean;
}

export function toEvent(row: EventRow): EventRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    type: row.type,
    data: new RawJson(row.data),
    test: row.test,
    idempotencyKey: row.idempotency_key,
    orderingKey: row.ordering_key,
    createdAt: row.created_at.toISOString(),
    fanOutPending: row.fan_out_pending,
  };
}

/** What a publish (and a test event) answers: the event and its deliveries so far. */
export function toPublishResult(result: PublishResult) {
  return {
    id: result.event.id,
    type: result.event.type,
    createdAt: result.event.created_at.toISOString(),
    test: result.event.test,
    fanOutPending: result.event.fan_out_pending,
    deliveries: result.deliveries.map((d) => ({ id: d.id, endpointId: d.endpoint_id, status: d.status })),
  };
}
