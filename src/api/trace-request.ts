import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { RequestHandler } from 'express';
import { tracing } from '../lib/tracing';

// Looked up per span, not kept: a tracer obtained before tracing (re)starts would stay a no-op.
const tracer = () => trace.getTracer('hookflow');

/**
 * A server span for one API route (`POST /v1/tenants/:tenantId/events`), first in the
 * route's handlers, so what the route does — above all a publish's workflow starts —
 * runs inside it and joins its trace. A caller's W3C `traceparent` makes it a child of
 * the caller's span. Nothing when tracing is off.
 */
export function traceRequest(route: { method: string; path: string; operationId: string }): RequestHandler | undefined {
  if (!tracing().enabled) return undefined;
  const method = route.method.toUpperCase();
  const name = `${method} ${route.path}`;
  return (req, res, next) => {
    const parent = propagation.extract(context.active(), req.headers);
    const span = tracer().startSpan(
      name,
      {
        kind: SpanKind.SERVER,
        attributes: { 'http.request.method': method, 'http.route': route.path, 'hookflow.operation': route.operationId },
      },
      parent,
    );
    const active = trace.setSpan(parent, span);
    // The body parser continues from the request's stream events: keep them in the span.
    context.bind(active, req);
    context.bind(active, res);
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      span.setAttribute('http.response.status_code', res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    };
    res.once('finish', end);
    res.once('close', end);
    context.with(active, next);
  };
}
