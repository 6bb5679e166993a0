import type { AppContext } from '../../context';
import { countLiveEndpoints } from '../../db/queries/endpoints';
import { deleteTenant, findTenant, insertTenant, listTenants } from '../../db/queries/tenants';
import { newId } from '../../lib/ids';
import { AppError, notFound } from '../../lib/app-error';
import { requireTenant } from '../../services/require-tenant';
import { toTenant } from '../views/tenants';
import { pageOf } from '../paging';
import { defineRoute } from '../route';
import { createTenantExample, tenantExample } from '../examples';
import { createTenantBody, deleteTenantQuery, errorSchema, listOf, pageQuery, tenantParams, tenantSchema } from '../schemas';

export function tenantRoutes(ctx: AppContext) {
  return [
    defineRoute({
      method: 'post',
      path: '/v1/tenants',
      operationId: 'createTenant',
      summary: 'Create a tenant (admin key only)',
      tag: 'Tenants',
      auth: true,
      adminOnly: true,
      body: createTenantBody,
      requestExample: createTenantExample,
      responses: {
        201: { description: 'Created', schema: tenantSchema, example: tenantExample },
        409: { description: 'Id taken', schema: errorSchema },
      },
      async handle({ body }) {
        const row = await insertTenant(ctx.db, { id: body.id ?? newId('ten'), name: body.name });
        if (!row)
          throw new AppError('conflict', `tenant ${JSON.stringify(body.id)} already exists`, [{ field: 'id', message: 'already exists' }]);
        return { status: 201, body: toTenant(row) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/tenants',
      operationId: 'listTenants',
      summary: 'List tenants (admin key only)',
      tag: 'Tenants',
      auth: true,
      adminOnly: true,
      query: pageQuery,
      responses: { 200: { description: 'Tenants, by id', schema: listOf(tenantSchema) } },
      async handle({ query }) {
        const limit = query.limit ?? 50;
        const { page, nextCursor } = pageOf(await listTenants(ctx.db, { limit: limit + 1, after: query.cursor }), limit, (last) => last.id);
        return { status: 200, body: { data: page.map(toTenant), nextCursor } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/tenants/:tenantId',
      operationId: 'getTenant',
      summary: 'Get a tenant',
      tag: 'Tenants',
      auth: true,
      params: tenantParams,
      responses: { 200: { description: 'The tenant', schema: tenantSchema }, 404: { description: 'Not found', schema: errorSchema } },
      async handle({ params }) {
        const row = await findTenant(ctx.db, params.tenantId);
        if (!row) throw notFound('tenant', 'tenantId', params.tenantId);
        return { status: 200, body: toTenant(row) };
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/v1/tenants/:tenantId',
      operationId: 'deleteTenant',
      summary: 'Delete a tenant (refused while it has endpoints, unless ?force=true; admin key only)',
      tag: 'Tenants',
      auth: true,
      adminOnly: true,
      params: tenantParams,
      query: deleteTenantQuery,
      responses: {
        204: { description: 'Deleted with everything it owned' },
        404: { description: 'Not found', schema: errorSchema },
        409: { description: 'Has endpoints', schema: errorSchema },
      },
      async handle({ params, query }) {
        await requireTenant(ctx.db, params.tenantId);
        const endpoints = await countLiveEndpoints(ctx.db, params.tenantId);
        if (endpoints > 0 && query.force !== 'true') {
          throw new AppError('tenant_has_endpoints', `tenant has ${endpoints} endpoint(s); delete them or pass ?force=true`, [
            { field: 'force', message: 'required while the tenant has endpoints' },
          ]);
        }
        await deleteTenant(ctx.db, params.tenantId);
        return { status: 204 };
      },
    }),
  ];
}
