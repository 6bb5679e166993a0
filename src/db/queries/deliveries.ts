import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database, DeliveryRow } from '../schema';

export interface NewDelivery {
  id: string;
  tenantId: string;
  eventId: string;
  endpointId: string;
  workflowId: string;
  eventType: string;
  /** A delivery's created_at IS its event's: the event log's keyset reads events through deliveries. */
  eventCreatedAt: Date;
  /** Ordered delivery: its line (ordering key), its place and the delivery before it. */
  line?: { orderingKey: string; seq: number; predecessorId: string | null };
}

/** Inserts deliveries; the (tenant, event, endpoint) key makes a repeated fan-out a no-op. */
export async function insertDeliveries(trx: Transaction<Database>, deliveries: NewDelivery[]): Promise<DeliveryRow[]> {
  if (deliveries.length === 0) return [];
  return trx
    .insertInto('deliveries')
    .values(
      deliveries.map((d) => ({
        id: d.id,
        tenant_id: d.tenantId,
        event_id: d.eventId,
        endpoint_id: d.endpointId,
        workflow_id: d.workflowId,
        event_type: d.eventType,
        created_at: d.eventCreatedAt,
        ordering_key: d.line?.orderingKey ?? null,
        ordering_seq: d.line?.seq ?? null,
        predecessor_id: d.line?.predecessorId ?? null,
      })),
    )
    .onConflict((oc) => oc.doNothing())
    .returningAll()
    .execute();
}

export async function findDelivery(db: Kysely<Database>, tenantId: string, id: string): Promise<DeliveryRow | undefined> {
  return db.selectFrom('deliveries').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

export async function findDeliveryById(db: Kysely<Database>, id: string): Promise<DeliveryRow | undefined> {
  return db.selectFrom('deliveries').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listDeliveriesOfEvent(db: Kysely<Database>, tenantId: string, eventId: string): Promise<DeliveryRow[]> {
  return db.selectFrom('deliveries').selectAll().where('tenant_id', '=', tenantId).where('event_id', '=', eventId).orderBy('id').execute();
}

/** What a delivery workflow needs to start: ids and the values of its search attributes. */
export interface DeliveryToStart {
  deliveryId: string;
  tenantId: string;
  eventId: string;
  endpointId: string;
  eventType: string;
  /** For the workflow's summary in the Web UI (its origin and path only). */
  endpointUrl: string;
  workflowId: string;
  retryScheduleMs: number[] | null;
  timeoutMs: number | null;
  test: boolean;
  /** Ordered delivery: its place in its line (null: not in a line) and the delivery before it. */
  orderingSeq: number | null;
  predecessorId: string | null;
}

const deliveryToStartColumns = [
  'd.id as deliveryId',
  'd.tenant_id as tenantId',
  'd.event_id as eventId',
  'd.endpoint_id as endpointId',
  'e.type as eventType',
  'ep.url as endpointUrl',
  'd.workflow_id as workflowId',
  'ep.retry_schedule_ms as retryScheduleMs',
  'ep.timeout_ms as timeoutMs',
  'e.test as test',
  'd.ordering_seq as orderingSeq',
  'd.predecessor_id as predecessorId',
] as const;

/** Deliveries joined to their event and endpoint: what a delivery workflow needs to start. */
export function deliveriesToStart(db: Kysely<Database>) {
  return db
    .selectFrom('deliveries as d')
    .innerJoin('events as e', (join) => join.onRef('e.tenant_id', '=', 'd.tenant_id').onRef('e.id', '=', 'd.event_id'))
    .innerJoin('endpoints as ep', 'ep.id', 'd.endpoint_id')
    .select(deliveryToStartColumns);
}

export async function findDeliveriesToStartForEvent(db: Kysely<Database>, tenantId: string, eventId: string): Promise<DeliveryToStart[]> {
  return deliveriesToStart(db)
    .where('d.tenant_id', '=', tenantId)
    .where('d.event_id', '=', eventId)
    .where('d.status', '=', 'new')
    .orderBy('d.id')
    .execute();
}

/** One delivery with what its workflow needs, whatever its status (resend). */
export async function findDeliveryToStart(
  db: Kysely<Database>,
  tenantId: string,
  deliveryId: string,
): Promise<DeliveryToStart | undefined> {
  return deliveriesToStart(db).where('d.tenant_id', '=', tenantId).where('d.id', '=', deliveryId).executeTakeFirst();
}

/**
 * Fails every delivery of an endpoint still waiting (`new` or `retrying`). Their
 * workflows find them failed when they next wake and stop without attempting.
 */
export async function failPendingDeliveriesOfEndpoint(db: Kysely<Database>, endpointId: string, reason: string): Promise<number> {
  const result = await db
    .updateTable('deliveries')
    .set({ status: 'failed', next_attempt_at: null, waiting_for: null, failure_reason: reason, updated_at: sql<Date>`now()` })
    .where('endpoint_id', '=', endpointId)
    .where('status', 'in', ['new', 'retrying'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Ends a delivery without an attempt (endpoint deleted or disabled before it could be tried). */
export async function markDeliveryFailed(db: Kysely<Database>, deliveryId: string, reason: string): Promise<void> {
  await db
    .updateTable('deliveries')
    .set({ status: 'failed', next_attempt_at: null, waiting_for: null, failure_reason: reason, updated_at: sql<Date>`now()` })
    .where('id', '=', deliveryId)
    .execute();
}
