import express, { type Express } from 'express';
import type { AppContext } from '../context';
import { findApiKeyByHash, findApiKeyTakingToken } from '../db/queries/api-keys';
import { findLivePortalSessionByHash } from '../db/queries/portal-sessions';
import { createAuthorizer } from './auth';
import { createErrorHandler, notFoundHandler } from './error-handler';
import { httpMetrics } from '../metrics/http-metrics';
import { mountMetricsRoute } from './metrics';
import { buildOpenApiDocument } from './openapi';
import { mountPortal } from './portal';
import { createApiLimits } from './api-limits';
import { mountRoute, type RouteSpec } from './route';
import { apiKeyRoutes } from './routes/api-keys';
import { deliveryRoutes } from './routes/deliveries';
import { endpointRoutes } from './routes/endpoints';
import { operationalEndpointRoutes } from './routes/operational-endpoints';
import { eventLogRoutes } from './routes/event-log';
import { eventRoutes } from './routes/events';
import { publishRoutes } from './routes/publish';
import { resendRoutes } from './routes/resend';
import { skipRoutes } from './routes/skip';
import { testEventRoutes } from './routes/test-event';
import { recoverRoutes } from './routes/recover';
import { eventTypeRoutes } from './routes/event-types';
import { portalSessionRoutes } from './routes/portal-sessions';
import { mountHealthRoutes } from './routes/health';
import { tenantRoutes } from './routes/tenants';

export function apiRoutes(ctx: AppContext): RouteSpec[] {
  return [
    ...tenantRoutes(ctx),
    ...apiKeyRoutes(ctx),
    ...endpointRoutes(ctx),
    ...operationalEndpointRoutes(ctx),
    ...testEventRoutes(ctx),
    ...publishRoutes(ctx),
    ...eventRoutes(ctx),
    ...deliveryRoutes(ctx),
    ...resendRoutes(ctx),
    ...skipRoutes(ctx),
    ...eventLogRoutes(ctx),
    ...recoverRoutes(ctx),
    ...eventTypeRoutes(ctx),
    ...portalSessionRoutes(ctx),
  ];
}

/**
 * The document `/openapi.json` serves, built from the route table alone (for
 * `npm run openapi:lint` and the typed client): route definitions read `ctx` only in handlers.
 */
export function buildApiDocument(): ReturnType<typeof buildOpenApiDocument> {
  const noContext = new Proxy({} as AppContext, {
    get(_target, name) {
      throw new Error(`a route definition read ctx.${String(name)} outside its handler`);
    },
  });
  return buildOpenApiDocument(apiRoutes(noContext));
}

export function createApp(ctx: AppContext): Express {
  const adminApiKey = ctx.config.adminApiKey;
  if (!adminApiKey) throw new Error('ADMIN_API_KEY is not set: the API needs it to authenticate requests');

  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  // First, so every answer is counted, the 404s and errors too.
  app.use(httpMetrics());

  const router = express.Router();
  mountHealthRoutes(router, ctx);
  mountMetricsRoute(router, ctx);
  const routes = apiRoutes(ctx);
  const openApi = buildOpenApiDocument(routes);
  router.get('/openapi.json', (_req, res) => {
    res.json(openApi);
  });
  // Shared with every other API process through PostgreSQL (rate_limit_buckets).
  const limits = createApiLimits(ctx);
  const authorize = createAuthorizer({
    adminApiKey,
    findKeyTakingToken: (keyHash) =>
      limits.principal.takeFound({
        taking: (scope, rate) => findApiKeyTakingToken(ctx.db, keyHash, scope, rate),
        only: () => findApiKeyByHash(ctx.db, keyHash),
      }),
    findPortalSessionByHash: (tokenHash) => findLivePortalSessionByHash(ctx.db, tokenHash),
    limiter: limits.principal,
    failureLimiter: limits.authFailure,
  });
  for (const route of routes) mountRoute(router, route, authorize, ctx.config.http.maxPayloadBytes);

  app.use(router);
  // The customer portal: static files that call the routes above with a portal session.
  mountPortal(app, { frameAncestors: ctx.config.portal.frameAncestors });
  app.use(notFoundHandler);
  app.use(createErrorHandler(ctx.logger));
  return app;
}
