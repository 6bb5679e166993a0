import type { AppContext } from '../../context';
import { countPublished } from '../../metrics/delivery-metrics';
import { publishEvent } from '../../services/publish';
import { publishEventExample, publishResultExample } from '../examples';
import { asRawJson, defineRoute } from '../route';
import { errorSchema, publishEventBody, publishHeaders, publishResultSchema, tenantParams } from '../schemas';
import { toPublishResult } from '../views/events';

/** The publish flow's route: `POST /v1/tenants/:tenantId/events` (services/publish.ts does the work). */
export function publishRoutes(ctx: AppContext) {
  return [
    defineRoute({
      method: 'post',
      path: '/v1/tenants/:tenantId/events',
      operationId: 'publishEvent',
      summary: 'Publish an event',
      description:
        'With up to PUBLISH_DIRECT_START_MAX (8) subscribers its deliveries are created in the same ' +
        'transaction and listed in the response; with more, a fan-out workflow creates them right after (fanOutPending: true). ' +
        'The same Idempotency-Key or id again returns the same event and creates nothing new. ' +
        '`data` is stored and delivered as the JSON text sent, minified: key order, every digit of every number and string escapes ' +
        "are kept. Objects that repeat a key and numbers outside a double's range are refused (400 naming the field).",
      tag: 'Events',
      auth: true,
      params: tenantParams,
      headers: publishHeaders,
      body: publishEventBody,
      rawJsonMember: 'data',
      requestExample: publishEventExample,
      responses: {
        202: {
          description: 'Accepted: stored, deliveries created and starting',
          schema: publishResultSchema,
          example: publishResultExample,
        },
        404: { description: 'Unknown tenant', schema: errorSchema },
        413: { description: 'Body larger than MAX_PAYLOAD_BYTES', schema: errorSchema },
        503: { description: 'Database unavailable: nothing stored', schema: errorSchema },
      },
      async handle({ params, body, headers }) {
        const result = await publishEvent(ctx, {
          tenantId: params.tenantId,
          type: body.type,
          data: asRawJson(body.data),
          id: body.id,
          idempotencyKey: headers['idempotency-key'],
          orderingKey: body.orderingKey,
        });
        if (!result.replayed) countPublished(params.tenantId, ctx.config.metrics.tenantLabels);
        return {
          status: 202,
          body: toPublishResult(result),
          headers: result.replayed ? { 'idempotent-replayed': 'true' } : undefined,
        };
      },
    }),
  ];
}
