import { type Kysely, sql } from 'kysely';
import { executePrepared } from '../prepared';
import type { Database, DeliveryRow, EventRow } from '../schema';
import { liveSubscriberOf, SUBSCRIBER_COLUMNS, type SubscribedEndpoint } from './endpoints';

/**
 * The tenant and up to `limit` of its live endpoints subscribed to `type` (as
 * findSubscribedEndpoints finds them), in one round trip: undefined when the tenant does
 * not exist.
 */
export async function findTenantSubscribers(
  db: Kysely<Database>,
  tenantId: string,
  type: string,
  limit: number,
): Promise<SubscribedEndpoint[] | undefined> {
  const query = db
    .selectFrom('tenants as t')
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('endpoints')
          .select(SUBSCRIBER_COLUMNS)
          .whereRef('endpoints.tenant_id', '=', 't.id')
          .where(liveSubscriberOf(type))
          .orderBy('id')
          .limit(limit)
          .as('e'),
      (join) => join.onTrue(),
    )
    .select(['e.id', 'e.url', 'e.retry_schedule_ms', 'e.timeout_ms', 'e.ordering'])
    .where('t.id', '=', tenantId)
    .orderBy('e.id');
  // Every publish runs it: prepared (db/prepared.ts).
  const { rows } = await executePrepared(db, query.compile());
  if (rows.length === 0) return undefined;
  return rows.flatMap((r) => (r.id === null ? [] : [r as SubscribedEndpoint]));
}

export interface NewEventWithDeliveries {
  tenantId: string;
  id: string;
  type: string;
  /** Minified JSON text, stored as is. */
  data: string;
  idempotencyKey: string | null;
  orderingKey: string | null;
  /** One delivery per endpoint (unordered): its id and workflow id are chosen by the caller. */
  deliveries: { id: string; endpointId: string; workflowId: string }[];
}

type Joined = DeliveryRow & {
  ev_created_at: Date;
  ev_test: boolean;
  ev_fan_out_pending: boolean;
};

/**
 * Inserts a new event and its deliveries in ONE statement (atomic without a transaction
 * block: no BEGIN or COMMIT round trip). Undefined when the event was not inserted (its
 * id or idempotency key exists already): nothing was written, and the caller answers
 * the replay the usual way. Deliveries take the event's creation time, as in the fan-out.
 */
export async function insertEventWithDeliveries(
  db: Kysely<Database>,
  input: NewEventWithDeliveries,
): Promise<{ event: EventRow; deliveries: DeliveryRow[] } | undefined> {
  const ids = input.deliveries.map((d) => d.id);
  const endpointIds = input.deliveries.map((d) => d.endpointId);
  const workflowIds = input.deliveries.map((d) => d.workflowId);
  // Every publish runs it: prepared (db/prepared.ts).
  const statement = sql<Joined>`
    with ev as (
      insert into events (tenant_id, id, type, data, idempotency_key, ordering_key)
      values (${input.tenantId}, ${input.id}, ${input.type}, ${input.data}, ${input.idempotencyKey}, ${input.orderingKey})
      on conflict do nothing
      returning tenant_id, id, type, created_at, test, fan_out_pending
    ), dl as (
      insert into deliveries (id, tenant_id, event_id, endpoint_id, workflow_id, event_type, created_at)
      select d.id, ev.tenant_id, ev.id, d.endpoint_id, d.workflow_id, ev.type, ev.created_at
      from ev cross join unnest(${ids}::text[], ${endpointIds}::text[], ${workflowIds}::text[]) as d(id, endpoint_id, workflow_id)
      on conflict do nothing
      returning *
    )
    select dl.*, ev.created_at as ev_created_at, ev.test as ev_test, ev.fan_out_pending as ev_fan_out_pending
    from ev left join dl on true
  `;
  const { rows } = await executePrepared(db, statement.compile(db));
  const first = rows[0];
  if (!first) return undefined;
  const event: EventRow = {
    tenant_id: input.tenantId,
    id: input.id,
    type: input.type,
    data: input.data,
    idempotency_key: input.idempotencyKey,
    test: first.ev_test,
    fan_out_pending: first.ev_fan_out_pending,
    ordering_key: input.orderingKey,
    created_at: first.ev_created_at,
  };
  const deliveries = rows.flatMap(({ ev_created_at: _c, ev_test: _t, ev_fan_out_pending: _f, ...delivery }) =>
    delivery.id === null ? [] : [delivery as DeliveryRow],
  );
  return { event, deliveries };
}
