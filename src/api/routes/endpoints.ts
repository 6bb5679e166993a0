import type { AppContext } from '../../context';
import { findEndpoint, insertEndpoint, listEndpoints, updateEndpoint } from '../../db/queries/endpoints';
import { failPendingDeliveriesOfEndpoint } from '../../db/queries/deliveries';
import { deleteEndpointAndFailPending } from '../../services/endpoint-lifecycle';
import type { EndpointUpdate } from '../../db/schema';
import { generateSecret } from '../../delivery/sign';
import { parseDuration } from '../../lib/duration';
import { newId } from '../../lib/ids';
import { openHeaders, openSecrets, rotateEndpointSecret, sealHeaders, sealSecret } from '../../services/endpoint-secrets';
import { AppError, notFound } from '../../lib/app-error';
import { requireTenant } from '../../services/require-tenant';
import { toEndpoint } from '../views/endpoints';
import { pageOf } from '../paging';
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

const toMs = (schedule: string[]) => schedule.map((d) => parseDuration(d) as number);

export function endpointRoutes(ctx: AppContext) {
  const requireEndpoint = async (tenantId: string, endpointId: string) => {
    await requireTenant(ctx.db, tenantId);
    const row = await findEndpoint(ctx.db, tenantId, endpointId);
    if (!row) throw notFound('endpoint', 'endpointId', endpointId);
    return row;
  };
  /** The SSRF guard on save: a URL hookflow would refuse to deliver to is refused now, with the reason. */
  const requireAllowedTarget = async (url: string) => {
    const refused = await ctx.targetGuard.checkTarget(url);
    if (!refused) return;
    // The address a name resolved to goes to the log only, never to the client.
    ctx.logger.info(
      { host: new URL(url).hostname, address: refused.blocked.address, range: refused.blocked.label },
      'endpoint url refused by the SSRF guard',
    );
    const reason = refused.message;
    throw new AppError('target_blocked', `url is not allowed: ${reason}`, [{ field: 'url', message: reason }]);
  };
  /** Header values as they will be stored (the schema has refused the mask responses show). */
  const sealedHeaders = (endpointId: string, headers: Record<string, string>) =>
    JSON.stringify(sealHeaders(ctx.secretBox, endpointId, headers));
  const base = '/v1/tenants/:tenantId/endpoints';

  return [
    defineRoute({
      method: 'post',
      path: base,
      operationId: 'createEndpoint',
      summary: 'Create an endpoint; the response carries its signing secret (custom header values are masked)',
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
      async handle({ params, body }) {
        await requireTenant(ctx.db, params.tenantId);
        await requireAllowedTarget(body.url);
        const id = newId('ep');
        const secret = body.secret ?? generateSecret();
        const row = await insertEndpoint(ctx.db, {
          id,
          tenant_id: params.tenantId,
          url: body.url,
          description: body.description ?? '',
          event_types: body.eventTypes ?? ['*'],
          enabled: body.enabled ?? true,
          disabled_reason: body.enabled === false ? 'disabled by user' : null,
          secret: sealSecret(ctx.secretBox, id, secret),
          headers: sealedHeaders(id, body.headers ?? {}),
          headers_sealed: true,
          retry_schedule_ms: body.retrySchedule ? toMs(body.retrySchedule) : null,
          timeout_ms: body.timeoutMs ?? null,
          rate_limit: body.rateLimit ?? null,
          max_in_flight: body.maxInFlight ?? null,
        });
        return { status: 201, body: { ...toEndpoint(row), secret } };
      },
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
      async handle({ params, query }) {
        await requireTenant(ctx.db, params.tenantId);
        const limit = query.limit ?? 50;
        const { page, nextCursor } = pageOf(
          await listEndpoints(ctx.db, params.tenantId, { limit: limit + 1, after: query.cursor }),
          limit,
          (last) => last.id,
        );
        return { status: 200, body: { data: page.map(toEndpoint), nextCursor } };
      },
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
      async handle({ params }) {
        return { status: 200, body: toEndpoint(await requireEndpoint(params.tenantId, params.endpointId)) };
      },
    }),
    defineRoute({
      method: 'get',
      path: `${base}/:endpointId/secret`,
      operationId: 'getEndpointSecret',
      summary: 'Get the signing secret (and the previous one during a rotation)',
      tag: 'Endpoints',
      auth: true,
      params: endpointParams,
      responses: { 200: { description: 'Secrets', schema: secretSchema }, 404: { description: 'Not found', schema: errorSchema } },
      async handle({ params }) {
        const row = await requireEndpoint(params.tenantId, params.endpointId);
        const previousValid = row.previous_secret_expires_at && row.previous_secret_expires_at > new Date();
        const opened = openSecrets(ctx.secretBox, row);
        return {
          status: 200,
          body: {
            secret: opened.secret,
            previousSecret: previousValid ? opened.previousSecret : null,
            previousSecretExpiresAt: previousValid ? row.previous_secret_expires_at!.toISOString() : null,
          },
        };
      },
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
      async handle({ params }) {
        const row = await requireEndpoint(params.tenantId, params.endpointId);
        return { status: 200, body: { headers: openHeaders(ctx.secretBox, row) } };
      },
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
      async handle({ params, body }) {
        const existing = await requireEndpoint(params.tenantId, params.endpointId);
        if (body.url !== undefined) await requireAllowedTarget(body.url);
        const changes: EndpointUpdate = {};
        if (body.url !== undefined) changes.url = body.url;
        if (body.description !== undefined) changes.description = body.description;
        if (body.eventTypes !== undefined) changes.event_types = body.eventTypes;
        if (body.enabled !== undefined) {
          changes.enabled = body.enabled;
          changes.disabled_reason = body.enabled ? null : 'disabled by user';
        }
        if (body.headers !== undefined) {
          changes.headers = sealedHeaders(existing.id, body.headers);
          changes.headers_sealed = true;
        }
        if (body.retrySchedule !== undefined) changes.retry_schedule_ms = body.retrySchedule ? toMs(body.retrySchedule) : null;
        if (body.timeoutMs !== undefined) changes.timeout_ms = body.timeoutMs;
        if (body.rateLimit !== undefined) changes.rate_limit = body.rateLimit;
        if (body.maxInFlight !== undefined) changes.max_in_flight = body.maxInFlight;
        const row = await ctx.db.transaction().execute(async (trx) => {
          const updated = await updateEndpoint(trx, params.tenantId, params.endpointId, changes);
          // Disabling takes the endpoint's waiting deliveries with it (see endpoint-lifecycle.ts).
          if (updated && body.enabled === false) {
            await failPendingDeliveriesOfEndpoint(trx, updated.id, 'endpoint disabled: disabled by user');
          }
          return updated;
        });
        if (!row) throw notFound('endpoint', 'endpointId', params.endpointId);
        return { status: 200, body: toEndpoint(row) };
      },
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
      async handle({ params }) {
        await requireTenant(ctx.db, params.tenantId);
        if (!(await deleteEndpointAndFailPending(ctx.db, params.tenantId, params.endpointId))) {
          throw notFound('endpoint', 'endpointId', params.endpointId);
        }
        return { status: 204 };
      },
    }),
    defineRoute({
      method: 'post',
      path: `${base}/:endpointId/rotate-secret`,
      operationId: 'rotateEndpointSecret',
      summary: 'Rotate the signing secret; the previous one keeps signing for 24 hours',
      tag: 'Endpoints',
      auth: true,
      params: endpointParams,
      responses: {
        200: { description: 'The new secrets', schema: secretSchema, example: rotatedSecretExample },
        404: { description: 'Not found', schema: errorSchema },
      },
      async handle({ params }) {
        await requireTenant(ctx.db, params.tenantId);
        const rotated = await rotateEndpointSecret(ctx.db, ctx.secretBox, params.tenantId, params.endpointId);
        if (!rotated) throw notFound('endpoint', 'endpointId', params.endpointId);
        return {
          status: 200,
          body: {
            secret: rotated.secret,
            previousSecret: rotated.previousSecret,
            previousSecretExpiresAt: rotated.previousSecretExpiresAt.toISOString(),
          },
        };
      },
    }),
  ];
}
