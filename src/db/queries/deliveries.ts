import { type Kysely, sql, type Transaction } from 'kysely';
import type { AttemptRow, Database, DeliveryRow, DeliveryStatus } from '../schema';

export interface Delivery {
  id: string;
  tenantId: string;
  eventId: string;
  endpointId: string;
  status: DeliveryStatus;
  attemptCount: number;
  nextAttemptAt: string | null;
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
    lastStatusCode: row.last_status_code,
    lastError: row.last_error,
    failureReason: row.failure_reason,
    workflowId: row.workflow_id,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export interface NewDelivery {
  id: string;
  tenantId: string;
  eventId: string;
  endpointId: string;
  workflowId: string;
  eventType: string;
  /** A delivery's created_at IS its event's: the event log's keyset reads events through deliveries. */
  eventCreatedAt: Date;
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
  return db
    .selectFrom('deliveries')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('event_id', '=', eventId)
    .orderBy('id')
    .execute();
}

/** What a delivery workflow needs to start: ids and the values of its search attributes. */
export interface DeliveryToStart {
  deliveryId: string;
  tenantId: string;
  eventId: string;
  endpointId: string;
  eventType: string;
  workflowId: string;
  retryScheduleMs: number[] | null;
  timeoutMs: number | null;
  test: boolean;
}

const deliveryToStartColumns = [
  'd.id as deliveryId',
  'd.tenant_id as tenantId',
  'd.event_id as eventId',
  'd.endpoint_id as endpointId',
  'e.type as eventType',
  'd.workflow_id as workflowId',
  'ep.retry_schedule_ms as retryScheduleMs',
  'ep.timeout_ms as timeoutMs',
  'e.test as test',
] as const;

export async function findDeliveriesToStartForEvent(db: Kysely<Database>, tenantId: string, eventId: string): Promise<DeliveryToStart[]> {
  return db
    .selectFrom('deliveries as d')
    .innerJoin('events as e', (join) => join.onRef('e.tenant_id', '=', 'd.tenant_id').onRef('e.id', '=', 'd.event_id'))
    .innerJoin('endpoints as ep', 'ep.id', 'd.endpoint_id')
    .select(deliveryToStartColumns)
    .where('d.tenant_id', '=', tenantId)
    .where('d.event_id', '=', eventId)
    .where('d.status', '=', 'new')
    .orderBy('d.id')
    .execute();
}

/** One delivery with what its workflow needs, whatever its status (resend). */
export async function findDeliveryToStart(db: Kysely<Database>, tenantId: string, deliveryId: string): Promise<DeliveryToStart | undefined> {
  return db
    .selectFrom('deliveries as d')
    .innerJoin('events as e', (join) => join.onRef('e.tenant_id', '=', 'd.tenant_id').onRef('e.id', '=', 'd.event_id'))
    .innerJoin('endpoints as ep', 'ep.id', 'd.endpoint_id')
    .select(deliveryToStartColumns)
    .where('d.tenant_id', '=', tenantId)
    .where('d.id', '=', deliveryId)
    .executeTakeFirst();
}

/**
 * One page of deliveries still `new` with no attempt `olderThanMs` after they were
 * created: their workflow may never have been started (a crash between commit and
 * start). Starting them again is harmless: the workflow id deduplicates. Keyset-paged
 * on (created_at, id) so a sweep visits each candidate once.
 */
export async function findOrphanedDeliveries(
  db: Kysely<Database>,
  options: { olderThanMs: number; limit: number; after?: { createdAt: Date; id: string } | undefined },
): Promise<(DeliveryToStart & { createdAt: Date })[]> {
  let query = db
    .selectFrom('deliveries as d')
    .innerJoin('events as e', (join) => join.onRef('e.tenant_id', '=', 'd.tenant_id').onRef('e.id', '=', 'd.event_id'))
    .innerJoin('endpoints as ep', 'ep.id', 'd.endpoint_id')
    .select([...deliveryToStartColumns, 'd.created_at as createdAt'])
    .where('d.status', '=', 'new')
    .where('d.attempt_count', '=', 0)
    .where('d.created_at', '<', sql<Date>`now() - make_interval(secs => ${options.olderThanMs / 1000})`)
    .orderBy('d.created_at')
    .orderBy('d.id')
    .limit(options.limit);
  const after = options.after;
  if (after) {
    query = query.where((eb) =>
      eb.or([eb('d.created_at', '>', after.createdAt), eb.and([eb('d.created_at', '=', after.createdAt), eb('d.id', '>', after.id)])]),
    );
  }
  return query.execute();
}

export interface AttemptRecordInput {
  deliveryId: string;
  tenantId: string;
  endpointId: string;
  attempt: Omit<AttemptRow, 'delivery_id' | 'tenant_id' | 'endpoint_id'>;
  status: DeliveryStatus;
  nextAttemptAt: Date | null;
  failureReason: string | null;
}

/**
 * Records one attempt and the delivery's new status together. Idempotent per attempt
 * number, so an activity retried after a crash rewrites the same attempt row.
 */
export async function recordAttempt(db: Kysely<Database>, input: AttemptRecordInput): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = { ...input.attempt, delivery_id: input.deliveryId, tenant_id: input.tenantId, endpoint_id: input.endpointId };
    await trx
      .insertInto('attempts')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['delivery_id', 'number']).doUpdateSet({
          trigger: row.trigger,
          started_at: row.started_at,
          duration_ms: row.duration_ms,
          status_code: row.status_code,
          response_body: row.response_body,
          error_kind: row.error_kind,
          error_message: row.error_message,
        }),
      )
      .execute();
    await trx
      .updateTable('deliveries')
      .set({
        status: input.status,
        attempt_count: sql<number>`greatest(attempt_count, ${input.attempt.number})`,
        next_attempt_at: input.nextAttemptAt,
        last_status_code: input.attempt.status_code,
        last_error: input.attempt.error_message,
        failure_reason: input.failureReason,
        updated_at: sql<Date>`now()`,
      })
      .where('id', '=', input.deliveryId)
      .execute();
  });
}

/**
 * Fails every delivery of an endpoint still waiting (`new` or `retrying`). Their
 * workflows find them failed when they next wake and stop without attempting.
 */
export async function failPendingDeliveriesOfEndpoint(db: Kysely<Database>, endpointId: string, reason: string): Promise<number> {
  const result = await db
    .updateTable('deliveries')
    .set({ status: 'failed', next_attempt_at: null, failure_reason: reason, updated_at: sql<Date>`now()` })
    .where('endpoint_id', '=', endpointId)
    .where('status', 'in', ['new', 'retrying'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Ends a delivery without an attempt (endpoint deleted or disabled before it could be tried). */
export async function markDeliveryFailed(db: Kysely<Database>, deliveryId: string, reason: string): Promise<void> {
  await db
    .updateTable('deliveries')
    .set({ status: 'failed', next_attempt_at: null, failure_reason: reason, updated_at: sql<Date>`now()` })
    .where('id', '=', deliveryId)
    .execute();
}
