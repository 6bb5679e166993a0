import type { Request, RequestHandler } from 'express';
import { Counter, Histogram } from 'prom-client';
import { registry } from './registry';

const requests = new Counter({
  name: 'hookflow_http_requests_total',
  help: 'API requests answered, by route template, method and status',
  labelNames: ['route', 'method', 'status'],
  registers: [registry],
});

const duration = new Histogram({
  name: 'hookflow_http_request_duration_seconds',
  help: 'How long the API took to answer, by route template and method',
  labelNames: ['route', 'method'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

/**
 * The route label: the Express route template that answered (`/v1/tenants/:tenantId/events`),
 * never the raw path, whose ids would make a series per tenant and event. Requests no
 * route matched (404s, the portal's static files) share one label each.
 */
export function routeLabel(req: Request): string {
  const template: unknown = req.route?.path;
  if (typeof template === 'string') return `${req.baseUrl}${template}`;
  if (req.path === '/portal' || req.path.startsWith('/portal/')) return '/portal/*';
  return 'unmatched';
}

/** Counts and times every API response; mounted before every route. */
export function httpMetrics(): RequestHandler {
  return (req, res, next) => {
    const stop = duration.startTimer();
    res.once('finish', () => {
      const route = routeLabel(req);
      const method = req.method;
      requests.inc({ route, method, status: String(res.statusCode) });
      stop({ route, method });
    });
    next();
  };
}
