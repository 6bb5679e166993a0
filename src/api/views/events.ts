import type { EventRow } from '../../db/schema';

/** API views of events: the camelCase shapes responses carry, mapped from rows. */

export interface EventRecord {
  id: string;
  tenantId: string;
  type: string;
  data: unknown;
  test: boolean;
  idempotencyKey: string | null;
  createdAt: string;
  fanOutPending: boolean;
}

export function toEvent(row: EventRow): EventRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    type: row.type,
    data: row.payload,
    test: row.test,
    idempotencyKey: row.idempotency_key,
    createdAt: row.created_at.toISOString(),
    fanOutPending: row.fan_out_pending,
  };
}
