import { type Kysely, sql } from 'kysely';
import { executePrepared } from '../prepared';
import type { Database, DeliveryRow, EndpointRow, EventRow } from '../schema';
import { liveSubscriberOf, type SubscribedEndpoint } from './endpoints';

export interface DirectPublish {
  tenantId: string;
  id: string;
  type: string;
  /** Minified JSON text, stored as is. */
  data: string;
  idempotencyKey: string | null;
  orderingKey: string | null;
  /**
   * Ids for the deliveries, chosen by the caller: the statement writes the event only
   * when it has at most this many subscribers, and gives the k-th of them (by endpoint
   * id) the k-th key.
   */
  deliveryKeys: readonly { id: string; workflowId: string }[];
}

export type DirectPublishOutcome =
  /** No such tenant: nothing written. */
  | { written: false; tenantFound: false }
  /**
   * Nothing written: more subscribers than keys, a `fifo` subscriber (its place in line is
   * taken in a transaction), or the id or idempotency key exists already (a replay).
   */
  | { written: false; tenantFound: true }
  | { written: true; event: EventRow; deliveries: DeliveryRow[]; endpoints: SubscribedEndpoint[] };

type Row = Partial<DeliveryRow> & {
  ev_created_at: Date | null;
  ev_test: boolean | null;
  ev_fan_out_pending: boolean | null;
  sub_id: string | null;
  sub_url: string;
  sub_retry_schedule_ms: EndpointRow['retry_schedule_ms'];
  sub_timeout_ms: EndpointRow['timeout_ms'];
  sub_ordering: EndpointRow['ordering'];
};

/**
 * The common publish in ONE statement, atomic without a transaction block: it reads the
 * tenant and its live subscribers to `type` (as findSubscribedEndpoints finds them) and,
 * when they are few enough and none is `fifo`, inserts the event and one delivery per
 * subscriber. One round trip for the whole publish; whatever it cannot do alone it leaves
 * unwritten, and the caller's transaction does it.
 */
export async function writeDirectPublish(db: Kysely<Database>, input: DirectPublish): Promise<DirectPublishOutcome> {
  const max = input.deliveryKeys.length;
  const ids = input.deliveryKeys.map((k) => k.id);
  const workflowIds = input.deliveryKeys.map((k) => k.workflowId);
  // Every publish runs it: prepared (db/prepared.ts).
  const statement = sql<Row>`
    with t as (
      select id from tenants where id = ${input.tenantId}
    ), subs as (
      select id, url, retry_schedule_ms, timeout_ms, ordering, row_number() over (order by id) as n
      from endpoints
      where tenant_id = ${input.tenantId} and ${liveSubscriberOf(input.type)}
      order by id
      limit ${max + 1}::int
    ), ev as (
      insert into events (tenant_id, id, type, data, idempotency_key, ordering_key)
      select t.id, ${input.id}::text, ${input.type}::text, ${input.data}::text, ${input.idempotencyKey}::text, ${input.orderingKey}::text
      from t
      where (select count(*) from subs) <= ${max}::int and not exists (select 1 from subs where ordering = 'fifo')
      on conflict do nothing
      returning tenant_id, id, type, created_at, test, fan_out_pending
    ), dl as (
      insert into deliveries (id, tenant_id, event_id, endpoint_id, workflow_id, event_type, created_at)
      select k.id, ev.tenant_id, ev.id, s.id, k.workflow_id, ev.type, ev.created_at
      from ev cross join subs s
      join unnest(${ids}::text[], ${workflowIds}::text[]) with ordinality as k(id, workflow_id, n) on k.n = s.n
      on conflict do nothing
      returning *
    )
    select dl.*, ev.created_at as ev_created_at, ev.test as ev_test, ev.fan_out_pending as ev_fan_out_pending,
      s.id as sub_id, s.url as sub_url, s.retry_schedule_ms as sub_retry_schedule_ms,
      s.timeout_ms as sub_timeout_ms, s.ordering as sub_ordering
    from t
    left join ev on true
    left join subs s on ev.id is not null
    left join dl on dl.endpoint_id = s.id
    order by s.id
  `;
  const { rows } = await executePrepared(db, statement.compile(db));
  const first = rows[0];
  if (!first) return { written: false, tenantFound: false };
  if (first.ev_created_at === null) return { written: false, tenantFound: true };
  const event: EventRow = {
    tenant_id: input.tenantId,
    id: input.id,
    type: input.type,
    data: input.data,
    idempotency_key: input.idempotencyKey,
    test: first.ev_test ?? false,
    fan_out_pending: first.ev_fan_out_pending ?? false,
    ordering_key: input.orderingKey,
    created_at: first.ev_created_at,
  };
  const endpoints: SubscribedEndpoint[] = [];
  const deliveries: DeliveryRow[] = [];
  for (const row of rows) {
    const {
      ev_created_at: _c,
      ev_test: _t,
      ev_fan_out_pending: _f,
      sub_id,
      sub_url,
      sub_retry_schedule_ms,
      sub_timeout_ms,
      sub_ordering,
      ...delivery
    } = row;
    if (sub_id === null) continue;
    endpoints.push({
      id: sub_id,
      url: sub_url,
      retry_schedule_ms: sub_retry_schedule_ms,
      timeout_ms: sub_timeout_ms,
      ordering: sub_ordering,
    });
    if (delivery.id !== null && delivery.id !== undefined) deliveries.push(delivery as DeliveryRow);
  }
  return { written: true, event, deliveries, endpoints };
}
