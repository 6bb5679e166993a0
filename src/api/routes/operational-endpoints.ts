import type { AppContext } from '../../context';
import { SYSTEM_TENANT_ID } from '../../domain/operational-events';
import { defineRoute } from '../route';
import { createOperationalEndpointExample } from '../examples';
import {
  createEndpointBody,
  endpointSchema,
  endpointWithSecretSchema,
  errorSchema,
  listOf,
  operationalEndpointParams,
  pageQuery,
  secretSchema,
  updateEndpointBody,
} from '../schemas';
import { endpointHandlers } from './endpoint-handlers';

/**
 * The operational endpoints: where hookflow sends its own notices (endpoint created,
 * disabled, failing; delivery exhausted), signed with each one's own secret. They are the
 * endpoints of the reserved system tenant, so the same handlers, delivery pipeline and
 * Temporal workflows serve them; only the admin key reaches these routes.
 */
export function operationalEndpointRoutes(ctx: AppContext) {
  const h = endpointHandlers(ctx);
  const base = '/v1/operational-endpoints';
  const tag = 'Operational endpoints';

  return [
    defineRoute({
      method: 'post',
      path: base,
      operationId: 'createOperationalEndpoint',
      summary: 'Create an operational endpoint (admin key only); the response carries its signing secret',
      tag,
      auth: true,
      adminOnly: true,
      body: createEndpointBody,
      requestExample: createOperationalEndpointExample,
      responses: {
        201: { description: 'Created', schema: endpointWithSecretSchema },
        422: { description: 'The url points at a private, loopback, link-local or otherwise blocked address', schema: errorSchema },
      },
      handle: ({ body }) => h.create(SYSTEM_TENANT_ID, body),
    }),
    defineRoute({
      method: 'get',
      path: base,
      operationId: 'listOperationalEndpoints',
      summary: 'List operational endpoints (admin key only)',
      tag,
      auth: true,
      adminOnly: true,
      query: pageQuery,
      responses: { 200: { description: 'Operational endpoints, oldest first', schema: listOf(endpointSchema) } },
      handle: ({ query }) => h.list(SYSTEM_TENANT_ID, query),
    }),
    defineRoute({
      method: 'get',
      path: `${base}/:endpointId`,
      operationId: 'getOperationalEndpoint',
      summary: 'Get an operational endpoint (admin key only)',
      tag,
      auth: true,
      adminOnly: true,
      params: operationalEndpointParams,
      responses: {
        200: { description: 'The operational endpoint', schema: endpointSchema },
        404: { description: 'Not found', schema: errorSchema },
      },
      handle: ({ params }) => h.get(SYSTEM_TENANT_ID, params.endpointId),
    }),
    defineRoute({
      method: 'get',
      path: `${base}/:endpointId/secret`,
      operationId: 'getOperationalEndpointSecret',
      summary: 'Get the signing secret of an operational endpoint (admin key only)',
      tag,
      auth: true,
      adminOnly: true,
      params: operationalEndpointParams,
      responses: { 200: { description: 'Secrets', schema: secretSchema }, 404: { description: 'Not found', schema: errorSchema } },
      handle: ({ params }) => h.getSecret(SYSTEM_TENANT_ID, params.endpointId),
    }),
    defineRoute({
      method: 'patch',
      path: `${base}/:endpointId`,
      operationId: 'updateOperationalEndpoint',
      summary: 'Update an operational endpoint (admin key only)',
      tag,
      auth: true,
      adminOnly: true,
      params: operationalEndpointParams,
      body: updateEndpointBody,
      responses: {
        200: { description: 'Updated', schema: endpointSchema },
        404: { description: 'Not found', schema: errorSchema },
        422: { description: 'The url points at a private, loopback, link-local or otherwise blocked address', schema: errorSchema },
      },
      handle: ({ params, body }) => h.update(SYSTEM_TENANT_ID, params.endpointId, body),
    }),
    defineRoute({
      method: 'delete',
      path: `${base}/:endpointId`,
      operationId: 'deleteOperationalEndpoint',
      summary: 'Delete an operational endpoint (admin key only); its waiting deliveries end failed at once',
      tag,
      auth: true,
      adminOnly: true,
      params: operationalEndpointParams,
      responses: { 204: { description: 'Deleted' }, 404: { description: 'Not found', schema: errorSchema } },
      handle: ({ params }) => h.remove(SYSTEM_TENANT_ID, params.endpointId),
    }),
    defineRoute({
      method: 'post',
      path: `${base}/:endpointId/rotate-secret`,
      operationId: 'rotateOperationalEndpointSecret',
      summary: 'Rotate the signing secret of an operational endpoint (admin key only); the previous one keeps signing for 24 hours',
      tag,
      auth: true,
      adminOnly: true,
      params: operationalEndpointParams,
      responses: { 200: { description: 'The new secrets', schema: secretSchema }, 404: { description: 'Not found', schema: errorSchema } },
      handle: ({ params }) => h.rotateSecret(SYSTEM_TENANT_ID, params.endpointId),
    }),
  ];
}
