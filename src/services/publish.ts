import type { AppContext } from '../context';
import { type DeliveryRow, type EventRow } from '../db/schema';
import { type DeliveryToStart, findDeliveriesToStartForEvent, insertDeliveries, listDeliveriesOfEvent } from '../db/queries/deliveries';
import { findEndpoint, findSubscribedEndpoints, type SubscribedEndpoint } from '../db/queries/endpoints';
import { findEvent, findEventByIdempotencyKey, insertEventIfNew } from '../db/queries/events';
import { takeLinePlaces } from '../db/queries/ordering';
import { writeDirectPublish } from '../db/queries/publish';
import { findTenant } from '../db/queries/tenants';
import { newId } from '../lib/ids';
import type { StartWork } from '../temporal/start-queue';
import { checkEventData } from './event-types';
import { newDeliveriesFor, newDeliveryKey } from './fan-out';
import { AppError, notFound } from '../lib/app-error';
import { canonicalJsonText, type RawJson } from '../lib/raw-json';
import { captureTraceContext, type TraceCarrier } from '../lib/tracing';

/** What a publish needs: the API's context, or the worker's (operational notices are published from activities). */
export type PublishContext = Pick<AppContext, 'db' | 'logger' | 'starts'> & {
  config: { delivery: Pick<AppContext['config']['delivery'], 'directStartMax'>; strictEventTypes: boolean };
};

export interface PublishInput {
  tenantId: string;
  type: string;
  /** As published, minified (the route reads it from the request's bytes). */
  data: RawJson;
  id?: string | undefined;
  idempotencyKey?: string | undefined;
  /** Its line at `fifo` endpoints (events without one share each endpoint's default line). */
  orderingKey?: string | undefined;
  /** A test event goes to this one endpoint only, marked `test`. */
  testEndpointId?: string;
}

export interface PublishResult {
  event: EventRow;
  deliveries: DeliveryRow[];
  /** True when the id or idempotency key named an existing event: nothing new was created. */
  replayed: boolean;
}

/**
 * Publishes an event. The event is durable before the caller hears 202; the workflows
 * start right after, off the request's path (the process's StartQueue), with a bounded
 * number of Temporal calls whatever the number of subscribers:
 *
 * - up to PUBLISH_DIRECT_START_MAX subscribers (the common case), the event and one
 *   delivery row per subscribed, enabled endpoint are written together (one statement
 *   when none is `fifo`: publishDirect; else one transaction), and the queue starts
 *   those delivery workflows;
 * - with more, the transaction writes the event marked `fan_out_pending` and the queue
 *   starts ONE fan-out workflow, which writes the deliveries and starts them. The publish
 *   then costs the same for 1,000 subscribers as for one.
 *
 * If a start fails, or the process dies before it, reconcile starts what is still
 * `new` (or still awaiting its fan-out). While the queue is at its bound
 * (PUBLISH_START_BACKLOG_MAX), the publish is refused with 503 and Retry-After: nothing
 * is stored, so the caller's retry is safe. During a burst of publishes the queue holds
 * their starts until the burst has been answered (PUBLISH_BURST_START_HOLD, PublishBurst).
 */
export async function publishEvent(ctx: PublishContext, input: PublishInput): Promise<PublishResult> {
  if (ctx.starts.full) {
    throw new AppError(
      'overloaded',
      'Deliveries are being started more slowly than events arrive; nothing was stored. Retry shortly.',
      [],
      1,
    );
  }
  // Counted while it runs: from 4 at once, the queue holds the burst's starts (PUBLISH_BURST_START_HOLD).
  const ended = ctx.starts.publishing();
  try {
    return await storeAndEnqueue(ctx, input);
  } finally {
    ended();
  }
}

async function storeAndEnqueue(ctx: PublishContext, input: PublishInput): Promise<PublishResult> {
  const directMax = ctx.config.delivery.directStartMax;
  // The publish request's trace: the workflow starts join it, whenever the StartQueue runs them.
  const trace = captureTraceContext();
  // The catalog's rules first: a type's JSON Schema, and STRICT_EVENT_TYPES (422 naming the field).
  await checkEventData(ctx.db, { type: input.type, dataText: input.data.text }, { strict: ctx.config.strictEventTypes });
  if (input.testEndpointId === undefined) {
    const direct = await publishDirect(ctx, input, directMax);
    if (direct) {
      ctx.starts.enqueue(direct.toStart.map((d) => deliveryWork(d, trace)));
      return { event: direct.event, deliveries: direct.deliveries, replayed: false };
    }
  }
  const outcome = await ctx.db.transaction().execute(async (trx) => {
    if (!(await findTenant(trx, input.tenantId))) throw notFound('tenant', 'tenantId', input.tenantId);

    const existing = input.idempotencyKey ? await findEventByIdempotencyKey(trx, input.tenantId, input.idempotencyKey) : undefined;
    if (existing) return { event: existing, replayed: true as const };

    let endpoints: SubscribedEndpoint[];
    if (input.testEndpointId) {
      const endpoint = await findEndpoint(trx, input.tenantId, input.testEndpointId);
      if (!endpoint) throw notFound('endpoint', 'endpointId', input.testEndpointId);
      endpoints = [endpoint];
    } else {
      // One more than the API starts itself tells whether the fan-out workflow is needed.
      endpoints = await findSubscribedEndpoints(trx, input.tenantId, input.type, { limit: directMax + 1 });
    }
    // A test event always goes to its one endpoint directly, whatever the setting.
    const deferred = input.testEndpointId === undefined && endpoints.length > directMax;

    const event = await insertEventIfNew(trx, {
      tenantId: input.tenantId,
      id: input.id ?? newId('evt'),
      type: input.type,
      data: input.data.text,
      idempotencyKey: input.idempotencyKey ?? null,
      test: input.testEndpointId !== undefined,
      fanOutPending: deferred,
      orderingKey: input.orderingKey ?? null,
    });
    if (!event) {
      // Same id, or same key inserted concurrently: the earlier event is the answer.
      const earlier =
        (input.id ? await findEvent(trx, input.tenantId, input.id) : undefined) ??
        (input.idempotencyKey ? await findEventByIdempotencyKey(trx, input.tenantId, input.idempotencyKey) : undefined);
      if (!earlier) throw new Error('event insert conflicted but no earlier event was found');
      return { event: earlier, replayed: true as const };
    }
    // Deliveries to `fifo` endpoints take their place in line here, in the publish's
    // transaction, so the line's order is the commits' order; with many subscribers the
    // fan-out writes the others later. A test event is not ordered.
    const written = deferred ? await findSubscribedEndpoints(trx, input.tenantId, input.type, { fifoOnly: true }) : endpoints;
    const inLine = event.test ? new Set<string>() : new Set(written.filter((e) => e.ordering === 'fifo').map((e) => e.id));
    const orderingKey = event.ordering_key ?? '';
    const fresh = newDeliveriesFor(
      event,
      written.map((e) => e.id),
    );
    const places = await takeLinePlaces(
      trx,
      fresh.filter((d) => inLine.has(d.endpointId)).map((d) => ({ deliveryId: d.id, endpointId: d.endpointId, orderingKey })),
    );
    const deliveries = await insertDeliveries(
      trx,
      fresh.map((d) => {
        const place = places.get(d.id);
        return place ? { ...d, line: { orderingKey, ...place } } : d;
      }),
    );
    if (deferred) return { event, deliveries, toStart: [], replayed: false as const };
    return { event, deliveries, toStart: toStartInputs(event, deliveries, endpoints), replayed: false as const };
  });

  if (outcome.replayed) {
    assertSameEvent(outcome.event, input);
    const deliveries = await listDeliveriesOfEvent(ctx.db, input.tenantId, outcome.event.id);
    // A replay also re-issues the (idempotent) starts, in case the first publish died before them.
    if (outcome.event.fan_out_pending) ctx.starts.enqueue([fanOutWork(outcome.event, trace)]);
    else if (deliveries.some((d) => d.status === 'new')) {
      const pending = await findDeliveriesToStartForEvent(ctx.db, input.tenantId, outcome.event.id);
      ctx.starts.enqueue(pending.length > directMax ? [fanOutWork(outcome.event, trace)] : pending.map((d) => deliveryWork(d, trace)));
    }
    return { event: outcome.event, deliveries, replayed: true };
  }
  ctx.starts.enqueue(
    outcome.event.fan_out_pending ? [fanOutWork(outcome.event, trace)] : outcome.toStart.map((d) => deliveryWork(d, trace)),
  );
  return { event: outcome.event, deliveries: outcome.deliveries, replayed: false };
}

/**
 * The common publish in one round trip and no transaction block: one statement reads the
 * tenant and its subscribers and writes the event and its deliveries together
 * (writeDirectPublish). Undefined, with nothing written, when the transaction in
 * publishEvent must do it: more subscribers than PUBLISH_DIRECT_START_MAX (the fan-out),
 * a `fifo` subscriber (places in line are taken in the transaction), or an id or
 * idempotency key used before (a replay).
 */
async function publishDirect(
  ctx: PublishContext,
  input: PublishInput,
  directMax: number,
): Promise<{ event: EventRow; deliveries: DeliveryRow[]; toStart: DeliveryToStart[] } | undefined> {
  const outcome = await writeDirectPublish(ctx.db, {
    tenantId: input.tenantId,
    id: input.id ?? newId('evt'),
    type: input.type,
    data: input.data.text,
    idempotencyKey: input.idempotencyKey ?? null,
    orderingKey: input.orderingKey ?? null,
    // One key per subscriber it may write; the ones it does not need are never used.
    deliveryKeys: Array.from({ length: directMax }, () => newDeliveryKey()),
  });
  if (!outcome.written) {
    if (!outcome.tenantFound) throw notFound('tenant', 'tenantId', input.tenantId);
    return undefined;
  }
  const { event, deliveries, endpoints } = outcome;
  return { event, deliveries, toStart: toStartInputs(event, deliveries, endpoints) };
}

/**
 * A replay must ask for the same event: reusing an idempotency key or an event id for a
 * different type or payload, or an idempotency key for a different event id, is a client
 * bug, answered 409 rather than silently ignored. A replay that gives no id matches any.
 * Data compares semantically up to key order, whitespace and string escapes; numbers
 * compare as written (`canonicalJsonText`), so `19.9` does not replay `19.90`.
 */
function assertSameEvent(existing: EventRow, input: PublishInput): void {
  const byKey = input.idempotencyKey !== undefined && existing.idempotency_key === input.idempotencyKey;
  // The key names one event: asking for it under another id is a different event.
  if (byKey && input.id !== undefined && input.id !== existing.id) {
    throw new AppError('idempotency_conflict', 'this Idempotency-Key was already used for an event with a different id', [
      { field: 'id', message: `the Idempotency-Key was already used for event ${existing.id}` },
    ]);
  }
  // A replay keeps the event's place in its lines: it cannot move it to another line.
  if ((input.orderingKey ?? null) !== existing.ordering_key && input.orderingKey !== undefined) {
    throw new AppError('idempotency_conflict', 'this event was already published with a different orderingKey', [
      {
        field: 'orderingKey',
        message: `event ${existing.id} was published with ${existing.ordering_key === null ? 'no orderingKey' : 'another orderingKey'}`,
      },
    ]);
  }
  if (existing.type === input.type && canonicalJsonText(existing.data) === canonicalJsonText(input.data.text)) return;
  const field = byKey ? 'idempotency-key' : 'id';
  throw new AppError(
    'idempotency_conflict',
    `${byKey ? 'this Idempotency-Key' : 'this event id'} was already used for an event with a different type or data`,
    [{ field, message: `already used for event ${existing.id} with different content` }],
  );
}

/** What each start needs, from the rows just written and their endpoints: no second read. */
function toStartInputs(event: EventRow, deliveries: readonly DeliveryRow[], endpoints: readonly SubscribedEndpoint[]): DeliveryToStart[] {
  const byId = new Map(endpoints.map((e) => [e.id, e]));
  return deliveries.flatMap((d) => {
    const endpoint = byId.get(d.endpoint_id);
    return endpoint ? [toStartInput(event, d, endpoint)] : [];
  });
}

function toStartInput(event: EventRow, delivery: DeliveryRow, endpoint: SubscribedEndpoint): DeliveryToStart {
  return {
    deliveryId: delivery.id,
    tenantId: delivery.tenant_id,
    eventId: event.id,
    endpointId: delivery.endpoint_id,
    eventType: event.type,
    endpointUrl: endpoint.url,
    workflowId: delivery.workflow_id,
    retryScheduleMs: endpoint.retry_schedule_ms,
    timeoutMs: endpoint.timeout_ms,
    test: event.test,
    orderingSeq: delivery.ordering_seq,
    predecessorId: delivery.predecessor_id,
  };
}

const fanOutWork = (event: EventRow, trace: TraceCarrier): StartWork => ({
  kind: 'fanOut',
  tenantId: event.tenant_id,
  eventId: event.id,
  trace,
});
const deliveryWork = (delivery: DeliveryToStart, trace: TraceCarrier): StartWork => ({ kind: 'delivery', delivery, trace });
