import type { z } from 'zod';
import type { AppContext } from '../../context';
import { findEndpoint, insertEndpoint, listEndpoints, updateEndpoint } from '../../db/queries/endpoints';
import { failPendingDeliveriesOfEndpoint } from '../../db/queries/deliveries';
import { clearFailureStreak } from '../../db/queries/endpoint-failure-streaks';
import { deleteEndpointAndFailPending } from '../../services/endpoint-lifecycle';
import type { EndpointUpdate } from '../../db/schema';
import { parseDuration } from '../../lib/duration';
import { newId } from '../../lib/ids';
import {
  generateSigningKeyFor,
  openHeaders,
  openSecrets,
  rotateEndpointSecret,
  sealHeaders,
  sealSecret,
} from '../../services/endpoint-secrets';
import { createNotifier } from '../../services/operational-notices';
import { AppError, invalid, notFound } from '../../lib/app-error';
import { requireTenant } from '../../services/require-tenant';
import { toEndpoint, toSigningKey, toSigningKeys } from '../views/endpoints';
import { pageOf } from '../paging';
import type { RouteResult } from '../route';
import type { createEndpointBody, pageQuery, updateEndpointBody } from '../schemas';

const toMs = (schedule: string[]) => schedule.map((d) => parseDuration(d) as number);

/**
 * What the endpoint routes do, for one tenant: the tenants' endpoints
 * (`/v1/tenants/:tenantId/endpoints`) and the operational endpoints
 * (`/v1/operational-endpoints`, the system tenant's) share them. Each change is reported
 * to the operational endpoints once committed (the notifier ignores the system tenant's).
 * Reads `ctx` only when called: route declarations are built without a context.
 */
export function endpointHandlers(ctx: AppContext) {
  const notices = createNotifier(ctx);
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

  return {
    async create(tenantId: string, body: z.output<typeof createEndpointBody>): Promise<RouteResult> {
      await requireTenant(ctx.db, tenantId);
      await requireAllowedTarget(body.url);
      const id = newId('ep');
      const scheme = body.signatureScheme ?? 'hmac-sha256';
      // The schema has refused a secret for ed25519: that key is always generated here.
      const secret = body.secret ?? generateSigningKeyFor(scheme);
      const row = await insertEndpoint(ctx.db, {
        id,
        tenant_id: tenantId,
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
        propagate_trace: body.propagateTrace ?? false,
        ordering: body.ordering ?? 'none',
        fifo_on_failure: body.fifoOnFailure ?? 'continue',
        signature_scheme: scheme,
      });
      await notices.emit({ type: 'endpoint.created', data: { tenantId, endpointId: id } });
      return { status: 201, body: { ...toEndpoint(row), ...toSigningKey(scheme, secret) } };
    },

    async list(tenantId: string, query: z.output<typeof pageQuery>): Promise<RouteResult> {
      await requireTenant(ctx.db, tenantId);
      const limit = query.limit ?? 50;
      const { page, nextCursor } = pageOf(
        await listEndpoints(ctx.db, tenantId, { limit: limit + 1, after: query.cursor }),
        limit,
        (last) => last.id,
      );
      return { status: 200, body: { data: page.map(toEndpoint), nextCursor } };
    },

    async get(tenantId: string, endpointId: string): Promise<RouteResult> {
      return { status: 200, body: toEndpoint(await requireEndpoint(tenantId, endpointId)) };
    },

    async getSecret(tenantId: string, endpointId: string): Promise<RouteResult> {
      const row = await requireEndpoint(tenantId, endpointId);
      const previousValid = row.previous_secret_expires_at && row.previous_secret_expires_at > new Date();
      const opened = openSecrets(ctx.secretBox, row);
      const previous =
        previousValid && opened.previousSecret ? { key: opened.previousSecret, expiresAt: row.previous_secret_expires_at! } : null;
      return { status: 200, body: toSigningKeys(row.signature_scheme, opened.secret, previous) };
    },

    async getHeaders(tenantId: string, endpointId: string): Promise<RouteResult> {
      const row = await requireEndpoint(tenantId, endpointId);
      return { status: 200, body: { headers: openHeaders(ctx.secretBox, row) } };
    },

    async update(tenantId: string, endpointId: string, body: z.output<typeof updateEndpointBody>): Promise<RouteResult> {
      const existing = await requireEndpoint(tenantId, endpointId);
      // Receivers hold a secret or a public key of the scheme they were given; a new endpoint gets another scheme.
      if (body.signatureScheme !== undefined && body.signatureScheme !== existing.signature_scheme) {
        throw invalid('body', [
          {
            field: 'signatureScheme',
            message: `cannot be changed (this endpoint signs with ${existing.signature_scheme}); create a new endpoint with ${body.signatureScheme}`,
          },
        ]);
      }
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
      if (body.propagateTrace !== undefined) changes.propagate_trace = body.propagateTrace;
      if (body.ordering !== undefined) changes.ordering = body.ordering;
      if (body.fifoOnFailure !== undefined) changes.fifo_on_failure = body.fifoOnFailure;
      const enabled = body.enabled === true && !existing.enabled;
      const disabled = body.enabled === false && existing.enabled;
      const row = await ctx.db.transaction().execute(async (trx) => {
        const updated = await updateEndpoint(trx, tenantId, endpointId, changes);
        // Disabling takes the endpoint's waiting deliveries with it (see endpoint-lifecycle.ts).
        if (updated && body.enabled === false) {
          await failPendingDeliveriesOfEndpoint(trx, updated.id, 'endpoint disabled: disabled by user');
        }
        // Re-enabled: the auto-disable clock starts afresh.
        if (updated && enabled) await clearFailureStreak(trx, updated.id);
        return updated;
      });
      if (!row) throw notFound('endpoint', 'endpointId', endpointId);
      const ref = { tenantId, endpointId: row.id };
      await notices.emit({ type: 'endpoint.updated', data: ref });
      if (enabled) await notices.emit({ type: 'endpoint.enabled', data: ref });
      if (disabled) await notices.emit({ type: 'endpoint.disabled', data: { ...ref, reason: 'manual', message: 'disabled by user' } });
      return { status: 200, body: toEndpoint(row) };
    },

    async remove(tenantId: string, endpointId: string): Promise<RouteResult> {
      await requireTenant(ctx.db, tenantId);
      if (!(await deleteEndpointAndFailPending(ctx.db, tenantId, endpointId))) {
        throw notFound('endpoint', 'endpointId', endpointId);
      }
      await notices.emit({ type: 'endpoint.deleted', data: { tenantId, endpointId } });
      return { status: 204 };
    },

    async rotateSecret(tenantId: string, endpointId: string): Promise<RouteResult> {
      await requireTenant(ctx.db, tenantId);
      const rotated = await rotateEndpointSecret(ctx.db, ctx.secretBox, tenantId, endpointId);
      if (!rotated) throw notFound('endpoint', 'endpointId', endpointId);
      const previous = { key: rotated.previousSecret, expiresAt: rotated.previousSecretExpiresAt };
      return { status: 200, body: toSigningKeys(rotated.scheme, rotated.secret, previous) };
    },
  };
}
