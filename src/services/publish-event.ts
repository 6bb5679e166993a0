import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import type { AppContext } from '../context';
import { type DeliveryRow, type EndpointRow, type EventRow } from '../db/schema';
import { type DeliveryToStart, findDeliveriesToStartForEvent, insertDeliveries, listDeliveriesOfEvent } from '../db/queries/deliveries';
import { findEndpoint, findSubscribedEndpoints } from '../db/queries/endpoints';
import { findEvent, findEventByIdempotencyKey, insertEventIfNew } from '../db/queries/events';
import { findTenant } from '../db/queries/tenants';
import { newId } from '../lib/ids';
import { deliveryWorkflowId, fanOutWorkflowId } from '../shared';
import { startDeliveryWorkflow } from '../temporal/start-deliveries';
import type { fanOutEventWorkflow } from '../workflows';
import { notFound, ServiceError } from './errors';
import { canonicalJson } from '../lib/canonical-json';

export interface PublishInput {
  tenantId: string;
  type: string;
  data: unknown;
  id?: string | undefined;
  idempotencyKey?: string | undefined;
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
 * Publishes an event. The event and one delivery row per subscribed, enabled endpoint are
 * written in one transaction, so the event is durable before the caller hears 202. Then
 * ONE Temporal call starts the work: the delivery's own workflow when there is one
 * delivery, else a fan-out workflow that starts them all. If that call fails, or the
 * process dies before it, the sweeper starts the deliveries it finds still `new`.
 */
export async function publishEvent(ctx: AppContext, input: PublishInput): Promise<PublishResult> {
  const outcome = await ctx.db.transaction().execute(async (trx) => {
    if (!(await findTenant(trx, input.tenantId))) throw notFound('tenant', 'tenantId', input.tenantId);

    const existing = input.idempotencyKey
      ? await findEventByIdempotencyKey(trx, input.tenantId, input.idempotencyKey)
      : undefined;
    if (existing) return { event: existing, replayed: true as const };

    const event = await insertEventIfNew(trx, {
      tenantId: input.tenantId,
      id: input.id ?? newId('evt'),
      type: input.type,
      payload: input.data,
      idempotencyKey: input.idempotencyKey ?? null,
      test: input.testEndpointId !== undefined,
    });
    if (!event) {
      // Same id, or same key inserted concurrently: the earlier event is the answer.
      const earlier =
        (input.id ? await findEvent(trx, input.tenantId, input.id) : undefined) ??
        (input.idempotencyKey ? await findEventByIdempotencyKey(trx, input.tenantId, input.idempotencyKey) : undefined);
      if (!earlier) throw new Error('event insert conflicted but no earlier event was found');
      return { event: earlier, replayed: true as const };
    }

    let endpoints: Pick<EndpointRow, 'id' | 'retry_schedule_ms' | 'timeout_ms'>[];
    if (input.testEndpointId) {
      const endpoint = await findEndpoint(trx, input.tenantId, input.testEndpointId);
      if (!endpoint) throw notFound('endpoint', 'endpointId', input.testEndpointId);
      endpoints = [endpoint];
    } else {
      endpoints = await findSubscribedEndpoints(trx, input.tenantId, input.type);
    }
    const deliveries = await insertDeliveries(
      trx,
      endpoints.map(({ id: endpointId }) => {
        const id = newId('dlv');
        return {
          id,
          tenantId: input.tenantId,
          eventId: event.id,
          endpointId,
          workflowId: deliveryWorkflowId(id),
          eventType: event.type,
          eventCreatedAt: event.created_at,
        };
      }),
    );
    // With one delivery the API starts its workflow itself: what the start needs is in hand.
    const endpoint = deliveries.length === 1 ? endpoints.find((e) => e.id === deliveries[0]?.endpoint_id) : undefined;
    const single = endpoint && deliveries[0] ? toStart(event, deliveries[0], endpoint) : undefined;
    return { event, deliveries, single, replayed: false as const };
  });

  if (outcome.replayed) {
    assertSameEvent(outcome.event, input);
    const deliveries = await listDeliveriesOfEvent(ctx.db, input.tenantId, outcome.event.id);
    // A replay also re-issues the (idempotent) start, in case the first publish died before it.
    if (deliveries.some((d) => d.status === 'new')) await startEventWork(ctx, outcome.event, deliveries);
    return { event: outcome.event, deliveries, replayed: true };
  }
  await startEventWork(ctx, outcome.event, outcome.deliveries, outcome.single);
  return { event: outcome.event, deliveries: outcome.deliveries, replayed: false };
}

/**
 * A replay must ask for the same event: reusing an idempotency key or an event id for a
 * different type or payload is a client bug, answered 409 rather than silently ignored.
 */
function assertSameEvent(existing: EventRow, input: PublishInput): void {
  if (existing.type === input.type && canonicalJson(existing.payload) === canonicalJson(input.data)) return;
  const byKey = input.idempotencyKey !== undefined && existing.idempotency_key === input.idempotencyKey;
  const field = byKey ? 'idempotency-key' : 'id';
  throw new ServiceError(
    409,
    'idempotency_conflict',
    `${byKey ? 'this Idempotency-Key' : 'this event id'} was already used for an event with a different type or data`,
    [{ field, message: `already used for event ${existing.id} with different content` }],
  );
}

function toStart(event: EventRow, delivery: DeliveryRow, endpoint: Pick<EndpointRow, 'retry_schedule_ms' | 'timeout_ms'>): DeliveryToStart {
  return {
    deliveryId: delivery.id,
    tenantId: delivery.tenant_id,
    eventId: event.id,
    endpointId: delivery.endpoint_id,
    eventType: event.type,
    workflowId: delivery.workflow_id,
    retryScheduleMs: endpoint.retry_schedule_ms,
    timeoutMs: endpoint.timeout_ms,
    test: event.test,
  };
}

/**
 * `single`: the one delivery of a new event, ready to start (saves a round trip to
 * Postgres on the publish path); without it (a replay) the deliveries still `new` are read.
 */
/**
 * How long the publish request waits for Temporal to accept the start. The event is
 * committed already and the sweeper starts what was not started, so a Temporal outage
 * must not hold the 202 (the client's own retries would wait about 20 s).
 */
// 5 s: a healthy Temporal answers in milliseconds, and a merely slow one (a loaded machine)
// should not push starts onto the sweeper, which can add up to SWEEP_INTERVAL + SWEEP_AFTER.
const START_DEADLINE_MS = 5_000;

async function startEventWork(ctx: AppContext, event: EventRow, deliveries: DeliveryRow[], single?: DeliveryToStart): Promise<void> {
  if (deliveries.length === 0) return;
  try {
    await ctx.temporal.withDeadline(Date.now() + START_DEADLINE_MS, async () => {
      if (deliveries.length === 1) {
        const [toStart] = single ? [single] : await findDeliveriesToStartForEvent(ctx.db, event.tenant_id, event.id);
        if (toStart) await startDeliveryWorkflow(ctx.temporal, toStart, ctx.deliveryDefaults);
        return;
      }
      await ctx.temporal.workflow.start<typeof fanOutEventWorkflow>('fanOutEventWorkflow', {
        workflowId: fanOutWorkflowId(event.tenant_id, event.id),
        taskQueue: ctx.deliveryDefaults.taskQueue,
        args: [{ tenantId: event.tenant_id, eventId: event.id }],
        workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
      });
    });
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return;
    // The event and its deliveries are committed: the sweeper will start them.
    ctx.logger.warn({ err: error, eventId: event.id }, 'could not start delivery workflows; the sweeper will');
  }
}
