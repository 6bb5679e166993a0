import type { Kysely } from 'kysely';
import type { Database, DeliveryStatus } from '../../src/db/schema';
import { deliveryWorkflowId } from '../../src/contract';

export interface SeedDelivery {
  endpointId: string;
  status: DeliveryStatus;
  attempts?: { statusCode: number | null; durationMs: number; startedAt?: Date }[];
}

export interface SeedEvent {
  id: string;
  type: string;
  createdAt: Date;
  test?: boolean;
  deliveries: SeedDelivery[];
}

/**
 * Writes events, deliveries and attempts straight into PostgreSQL, with chosen times and
 * statuses, for tests of the event log's queries. No workflow is started for them.
 */
export async function seedEvents(db: Kysely<Database>, tenantId: string, events: SeedEvent[]): Promise<Map<string, string[]>> {
  const deliveryIds = new Map<string, string[]>();
  let n = 0;
  for (const event of events) {
    await db
      .insertInto('events')
      .values({
        tenant_id: tenantId,
        id: event.id,
        type: event.type,
        data: JSON.stringify({ seeded: true }),
        idempotency_key: null,
        test: event.test ?? false,
        created_at: event.createdAt,
      })
      .execute();
    const ids: string[] = [];
    for (const delivery of event.deliveries) {
      const id = `dlv_seed_${tenantId}_${n++}`;
      ids.push(id);
      await db
        .insertInto('deliveries')
        .values({
          id,
          tenant_id: tenantId,
          event_id: event.id,
          endpoint_id: delivery.endpointId,
          status: delivery.status,
          attempt_count: delivery.attempts?.length ?? (delivery.status === 'new' ? 0 : 1),
          workflow_id: deliveryWorkflowId(id),
          event_type: event.type,
          created_at: event.createdAt,
        })
        .execute();
      for (const [index, attempt] of (delivery.attempts ?? []).entries()) {
        await db
          .insertInto('attempts')
          .values({
            delivery_id: id,
            number: index + 1,
            tenant_id: tenantId,
            endpoint_id: delivery.endpointId,
            trigger: 'scheduled',
            started_at: attempt.startedAt ?? new Date(),
            duration_ms: attempt.durationMs,
            status_code: attempt.statusCode,
            response_body: null,
            error_kind: attempt.statusCode === null ? 'timeout' : attempt.statusCode >= 300 ? 'http_status' : null,
            error_message: null,
          })
          .execute();
      }
    }
    deliveryIds.set(event.id, ids);
  }
  return deliveryIds;
}
