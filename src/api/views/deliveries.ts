import type { DeliveryStatus, DeliveryWaitReason } from '../../contract/statuses';
import type { AttemptRow, DeliveryRow } from '../../db/schema';

/** API views of deliveries: the camelCase shapes responses carry, mapped from rows. */

export interface Delivery {
  id: string;
  tenantId: string;
  eventId: string;
  endpointId: string;
  status: DeliveryStatus;
  attemptCount: number;
  nextAttemptAt: string | null;
  waitingFor: DeliveryWaitReason | null;
  orderingKey: string | null;
  sequence: number | null;
  predecessorId: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  failureReason: string | null;
  workflowId: string;
  createdAt: string;
  updatedAt: string;
}

export function toDelivery(row: DeliveryRow): Delivery {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    eventId: row.event_id,
    endpointId: row.endpoint_id,
    status: row.status,
    attemptCount: row.attempt_count,
    nextAttemptAt: row.next_attempt_at?.toISOString() ?? null,
    // Only an open delivery waits.
    waitingFor: row.status === 'new' || row.status === 'retrying' ? row.waiting_for : null,
    orderingKey: row.ordering_key,
    sequence: row.ordering_seq,
    predecessorId: row.predecessor_id,
    lastStatusCode: row.last_status_code,
    lastError: row.last_error,
    failureReason: row.failure_reason,
    workflowId: row.workflow_id,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export interface Attempt {
  number: number;
  trigger: AttemptRow['trigger'];
  startedAt: string;
  durationMs: number;
  statusCode: number | null;
  responseBody: string | null;
  errorKind: AttemptRow['error_kind'];
  errorMessage: string | null;
}

export function toAttempt(row: AttemptRow): Attempt {
  return {
    number: row.number,
    trigger: row.trigger,
    startedAt: row.started_at.toISOString(),
    durationMs: row.duration_ms,
    statusCode: row.status_code,
    responseBody: row.response_body,
    errorKind: row.error_kind,
    errorMessage: row.error_message,
  };
}
