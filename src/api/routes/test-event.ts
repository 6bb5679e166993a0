import type { AppContext } from '../../context';
import { sendTestEvent } from '../../services/test-event';
import { testEventExample } from '../examples';
import { asRawJson, defineRoute } from '../route';
import { endpointParams, errorSchema, publishResultSchema, testEventBody } from '../schemas';
import { toPublishResult } from '../views/events';

/** The test-event flow's route: `POST …/endpoints/:endpointId/test` (services/test-event.ts). */
export function testEventRoutes(ctx: AppContext) {
  return [
    defineRoute({
      method: 'post',
      path: '/v1/tenants/:tenantId/endpoints/:endpointId/test',
      operationId: 'sendTestEvent',
      summary: 'Send a test event of a type to this endpoint only, marked test',
      tag: 'Endpoints',
      auth: true,
      params: endpointParams,
      body: testEventBody,
      rawJsonMember: 'data',
      requestExample: testEventExample,
      responses: { 202: { description: 'Accepted', schema: publishResultSchema }, 404: { description: 'Not found', schema: errorSchema } },
      async handle({ params, body }) {
        const result = await sendTestEvent(ctx, {
          tenantId: params.tenantId,
          endpointId: params.endpointId,
          type: body.type,
          data: body.data === undefined ? undefined : asRawJson(body.data),
        });
        return { status: 202, body: toPublishResult(result) };
      },
    }),
  ];
}
