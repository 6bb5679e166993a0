import type { AppContext } from '../../context';
import { listDeliveriesOfEvent } from '../../db/queries/deliveries';
import { findEvent } from '../../db/queries/events';
import { notFound } from '../../lib/app-error';
import { type PublishResult, publishEvent } from '../../services/publish';
import { requireTenant } from '../../services/require-tenant';
import { toDelivery } from '../views/deliveries';
import { toEvent } from '../views/events';
import { defineRoute } from '../route';
import { publishEventExample, publishResultExample } from '../examples';
import { errorSchema, eventDetailSchema, eventParams, publishEventBody, publishHeaders, publishResultSchema, tenantParams } from '../schemas';

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

export function eventRoutes(ctx: AppContext) {
  return [
    defineRoute({
      method: 'post',
      path: '/v1/tenants/:tenantId/events',
      operationId: 'publishEvent',
      summary: 'Publish an event',
      description:
        'With up to PUBLISH_DIRECT_START_MAX (8) subscribers its deliveries are created in the same ' +
        'transaction and listed in the response; with more, a fan-out workflow creates them right after (fanOutPending: true). ' +
        'The same Idempotency-Key or id again returns the same event and creates nothing new.',
      tag: 'Events',
      auth: true,
      params: tenantParams,
      headers: publishHeaders,
      body: publishEventBody,
      requestExample: publishEventExample,
      responses: {
        202: { description: 'Accepted: stored, deliveries created and starting', schema: publishResultSchema, example: publishResultExample },
        404: { description: 'Unknown tenant', schema: errorSchema },
        413: { description: 'Body larger than MAX_PAYLOAD_BYTES', schema: errorSchema },
        503: { description: 'Database unavailable: nothing stored', schema: errorSchema },
      },
      async handle({ params, body, headers }) {
        const result = await publishEvent(ctx, {
          tenantId: params.tenantId,
          type: body.type,
          data: body.data,
          id: body.id,
          idempotencyKey: headers['idempotency-key'],
        });
        return {
          status: 202,
          body: toPublishResult(result),
          headers: result.replayed ? { 'idempotent-replayed': 'true' } : undefined,
        };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/tenants/:tenantId/events/:eventId',
      operationId: 'getEvent',
      summary: 'Get an event with its payload and every delivery',
      tag: 'Events',
      auth: true,
      params: eventParams,
      responses: { 200: { description: 'The event', schema: eventDetailSchema }, 404: { description: 'Not found', schema: errorSchema } },
      async handle({ params }) {
        await requireTenant(ctx.db, params.tenantId);
        const row = await findEvent(ctx.db, params.tenantId, params.eventId);
        if (!row) throw notFound('event', 'eventId', params.eventId);
        const deliveries = await listDeliveriesOfEvent(ctx.db, params.tenantId, params.eventId);
        return { status: 200, body: { ...toEvent(row), deliveries: deliveries.map(toDelivery) } };
      },
    }),
  ];
}
