import type { AppContext } from '../../context';
import { deleteApiKey, insertApiKey, listApiKeys } from '../../db/queries/api-keys';
import { newId } from '../../lib/ids';
import { notFound } from '../../lib/app-error';
import { displayPrefix, generateApiKey, hashApiKey } from '../api-key';
import { requireTenant } from '../../services/require-tenant';
import { toApiKey } from '../views/api-keys';
import { pageOf } from '../paging';
import { defineRoute } from '../route';
import {
  apiKeyParams,
  apiKeySchema,
  apiKeyWithKeySchema,
  createApiKeyBody,
  errorSchema,
  listOf,
  pageQuery,
  tenantParams,
} from '../schemas';

/**
 * Tenant-scoped API keys. Creating one needs the admin key (a leaked tenant key cannot
 * mint more); listing and revoking are open to the admin key and to that tenant's own
 * keys, so a tenant can revoke a leaked key without waiting for the operator.
 */
export function apiKeyRoutes(ctx: AppContext) {
  const base = '/v1/tenants/:tenantId/api-keys';

  return [
    defineRoute({
      method: 'post',
      path: base,
      operationId: 'createApiKey',
      summary: 'Create an API key for this tenant (admin key only); the key is in this response and never again',
      tag: 'API keys',
      auth: true,
      adminOnly: true,
      params: tenantParams,
      body: createApiKeyBody,
      responses: {
        201: { description: 'Created: `key` is shown only here', schema: apiKeyWithKeySchema },
        404: { description: 'Unknown tenant', schema: errorSchema },
      },
      async handle({ params, body }) {
        await requireTenant(ctx.db, params.tenantId);
        const key = generateApiKey();
        const row = await insertApiKey(ctx.db, {
          id: newId('key'),
          tenant_id: params.tenantId,
          name: body?.name ?? '',
          prefix: displayPrefix(key),
          key_hash: hashApiKey(key),
        });
        return { status: 201, body: { ...toApiKey(row), key } };
      },
    }),
    defineRoute({
      method: 'get',
      path: base,
      operationId: 'listApiKeys',
      summary: "List this tenant's API keys (prefix and creation time, never the key)",
      tag: 'API keys',
      auth: true,
      params: tenantParams,
      query: pageQuery,
      responses: {
        200: { description: 'Keys, oldest first', schema: listOf(apiKeySchema) },
        404: { description: 'Unknown tenant', schema: errorSchema },
      },
      async handle({ params, query }) {
        await requireTenant(ctx.db, params.tenantId);
        const limit = query.limit ?? 50;
        const { page, nextCursor } = pageOf(
          await listApiKeys(ctx.db, params.tenantId, { limit: limit + 1, after: query.cursor }),
          limit,
          (last) => last.id,
        );
        return { status: 200, body: { data: page.map(toApiKey), nextCursor } };
      },
    }),
    defineRoute({
      method: 'delete',
      path: `${base}/:keyId`,
      operationId: 'revokeApiKey',
      summary: 'Revoke an API key at once (the admin key, or any key of this tenant)',
      tag: 'API keys',
      auth: true,
      params: apiKeyParams,
      responses: { 204: { description: 'Revoked' }, 404: { description: 'Not found', schema: errorSchema } },
      async handle({ params }) {
        await requireTenant(ctx.db, params.tenantId);
        if (!(await deleteApiKey(ctx.db, params.tenantId, params.keyId))) throw notFound('API key', 'keyId', params.keyId);
        return { status: 204 };
      },
    }),
  ];
}
