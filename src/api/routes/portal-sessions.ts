import type { AppContext } from '../../context';
import { findPortalSession, revokePortalSession } from '../../db/queries/portal-sessions';
import { AppError, notFound } from '../../lib/app-error';
import { createPortalSession } from '../../services/portal-sessions';
import { requireTenant } from '../../services/require-tenant';
import { principalOf } from '../auth';
import { createdPortalSessionSchema, createPortalSessionBody, portalSessionParams, portalSessionSchema } from '../portal-schemas';
import { defineRoute } from '../route';
import { errorSchema, tenantParams } from '../schemas';
import { toPortalSession } from '../views/portal-sessions';

/**
 * Customer-portal sessions. The platform's backend (admin key, or the tenant's own API
 * key) opens one and hands its `url` to its customer; a portal session cannot open or
 * revoke sessions itself, so a link cannot extend its own life.
 */
export function portalSessionRoutes(ctx: AppContext) {
  const base = '/v1/tenants/:tenantId/portal-sessions';
  const refuseSessions = (req: Parameters<typeof principalOf>[0]) => {
    const principal = principalOf(req);
    if (principal?.kind === 'tenant' && principal.portalSessionId) {
      throw new AppError('forbidden', 'A portal session cannot open or revoke portal sessions; use an API key');
    }
  };
  return [
    defineRoute({
      method: 'post',
      path: base,
      operationId: 'createPortalSession',
      summary: "Open a customer-portal session for this tenant: a link to hand to the platform's customer",
      description:
        "The admin key or the tenant's own API key. The `url` (on PUBLIC_URL) carries the session token in its fragment; " +
        'it works until `expiresAt` (default 1 h, at most 24 h) or until revoked.',
      tag: 'Portal',
      auth: true,
      params: tenantParams,
      body: createPortalSessionBody,
      responses: {
        201: { description: 'Opened', schema: createdPortalSessionSchema },
        403: { description: 'Called with a portal session', schema: errorSchema },
        404: { description: 'Unknown tenant', schema: errorSchema },
      },
      async handle({ params, body, req }) {
        refuseSessions(req);
        const { session, url } = await createPortalSession(ctx, {
          tenantId: params.tenantId,
          readOnly: body?.readOnly,
          expiresIn: body?.expiresIn,
          theme: body?.theme,
        });
        return { status: 201, body: { id: session.id, url, expiresAt: session.expires_at.toISOString() } };
      },
    }),
    defineRoute({
      method: 'get',
      path: `${base}/current`,
      operationId: 'getCurrentPortalSession',
      summary: 'The portal session making this request: its tenant, read-only flag, theme and expiry (for the portal itself)',
      tag: 'Portal',
      auth: true,
      params: tenantParams,
      responses: {
        200: { description: 'This session', schema: portalSessionSchema },
        404: { description: 'Not called with a portal session', schema: errorSchema },
      },
      async handle({ params, req }) {
        await requireTenant(ctx.db, params.tenantId);
        const principal = principalOf(req);
        const sessionId = principal?.kind === 'tenant' ? principal.portalSessionId : undefined;
        const row = sessionId ? await findPortalSession(ctx.db, params.tenantId, sessionId) : undefined;
        if (!row) throw notFound('portal session', 'authorization', 'current');
        return { status: 200, body: toPortalSession(row) };
      },
    }),
    defineRoute({
      method: 'delete',
      path: `${base}/:sessionId`,
      operationId: 'revokePortalSession',
      summary: 'Revoke a portal session at once: its link shows the portal\'s "expired" page',
      tag: 'Portal',
      auth: true,
      params: portalSessionParams,
      responses: {
        204: { description: 'Revoked' },
        403: { description: 'Called with a portal session', schema: errorSchema },
        404: { description: 'Not found', schema: errorSchema },
      },
      async handle({ params, req }) {
        refuseSessions(req);
        await requireTenant(ctx.db, params.tenantId);
        if (!(await revokePortalSession(ctx.db, params.tenantId, params.sessionId))) {
          throw notFound('portal session', 'sessionId', params.sessionId);
        }
        return { status: 204 };
      },
    }),
  ];
}
