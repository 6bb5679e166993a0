import type { AppContext } from '../../context';
import { defineRoute } from '../route';
import { createEndpointExample, endpointExample, endpointWithSecretExample, notFoundExample, rotatedSecretExample } from '../examples';
import {
  createEndpointBody,
  endpointParams,
  endpointSchema,
  endpointWithSecretSchema,
  endpointHeadersSchema,
  errorSchema,
  listOf,
  pageQuery,
  secretSchema,
  tenantParams,
  updateEndpointBody,
} from '../schemas';
import { endpointHandlers } from './endpoint-handlers';

export function endpointRoutes(ctx: AppContext) {
  const h = endpointHandlers(ctx);
  const base = '/v1/tenants/:tenantId/endpoints';

  return [
    defineRoute({
      method: 'post',
      path: base,
      operationId: 'createEndpoint',
      summary:
        'Create an endpoint; the response carries its signing secret, or its public key for ed25519 (custom header values are masked)',
      tag: 'Endpoints',
      auth: true,
      params: tenantParams,
      body: createEndpointBody,
      requestExample: createEndpointExample,
      responses: {
        201: { description: 'Created', schema: endpointWithSecretSchema, example: endpointWithSecretExample },
        404: { description: 'Unknown tenant', schema: errorSchema },
        422: { description: 'The url points at a private, loopback, link-local or otherwise blocked address', schema: errorSchema },
      },
      handle: ({ params, body }) => h.create(params.tenantId, body),
    }),
    defineRoute({
      method: 'get',
      path: base,
      operationId: 'listEndpoints',
      summary: 'List endpoints',
      tag: 'Endpoints',
      auth: true,
      params: tenantParams,
      query: pageQuery,
      responses: { 200: { description: 'Endpoints, oldest first', schema: listOf(endpointSchema) } },
      handle: ({ params, query }) => h.list(params.tenantId, query),
    }),
    defineRoute({
      method: 'get',
      path: `${base}/:endpointId`,
      operationId: 'getEndpoint',
      summary: 'Get an endpoint (never its secret; custom header values masked)',
      tag: 'Endpoints',
      auth: true,
      params: endpointParams,
      responses: {
        200: { description: 'The endpoint', schema: endpointSchema, example: endpointExample },
        404: { description: 'Not found', schema: errorSchema, example: notFoundExample },
      },
      handle: ({ params }) => h.get(params.tenantId, params.endpointId),
    }),
    defineRoute({
      method: 'get',
      path: `${base}/:endpointId/secret`,
      operationId: 'getEndpointSecret',
      summary: 'Get the signing secret (and the previous one during a rotation); for ed25519 the public keys',
      tag: 'Endpoints',
      auth: true,
      params: endpointParams,
      responses: { 200: { description: 'Secrets', schema: secretSchema }, 404: { description: 'Not found', schema: errorSchema } },
      handle: ({ params }) => h.getSecret(params.tenantId, params.endpointId),
    }),
    defineRoute({
      method: 'get',
      path: `${base}/:endpointId/headers`,
      operationId: 'getEndpointHeaders',
      summary: 'Get the custom headers with their values (every other response masks the values)',
      tag: 'Endpoints',
      auth: true,
      params: endpointParams,
      responses: {
        200: { description: 'Custom headers, in clear', schema: endpointHeadersSchema },
        404: { description: 'Not found', schema: errorSchema },
      },
      handle: ({ params }) => h.getHeaders(params.tenantId, params.endpointId),
    }),
    defineRoute({
      method: 'patch',
      path: `${base}/:endpointId`,
      operationId: 'updateEndpoint',
      summary: 'Update an endpoint',
      tag: 'Endpoints',
      auth: true,
      params: endpointParams,
      body: updateEndpointBody,
      responses: {
        200: { description: 'Updated', schema: endpointSchema },
        404: { description: 'Not found', schema: errorSchema },
        422: { description: 'The url points at a private, loopback, link-local or otherwise blocked address', schema: errorSchema },
      },
      handle: ({ params, body }) => h.update(params.tenantId, params.endpointId, body),
    }),
    defineRoute({
      method: 'delete',
      path: `${base}/:endpointId`,
      operationId: 'deleteEndpoint',
      summary: 'Delete an endpoint; its waiting deliveries end failed at once',
      tag: 'Endpoints',
      auth: true,
      params: endpointParams,
      responses: { 204: { description: 'Deleted' }, 404: { description: 'Not found', schema: errorSchema } },
      handle: ({ params }) => h.remove(params.tenantId, params.endpointId),
    }),
    defineRoute({
      method: 'post',
      path: `${base}/:endpointId/rotate-secret`,
      operationId: 'rotateEndpointSecret',
      summary: 'Rotate the signing secret (ed25519: a new key pair); the previous one keeps signing for 24 hours',
      tag: 'Endpoints',
      auth: true,
      params: endpointParams,
      responses: {
        200: { description: 'The new secrets', schema: secretSchema, example: rotatedSecretExample },
        404: { description: 'Not found', schema: errorSchema },
      },
      handle: ({ params }) => h.rotateSecret(params.tenantId, params.endpointId),
    }),
  ];
}
