import { context, defaultTextMapSetter, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { tracing } from '../lib/tracing';
import { type OriginPools, type SendRequest, type SendResult, sendWebhook } from './send';

// Looked up per span, not kept: a tracer obtained before tracing (re)starts would stay a no-op.
const tracer = () => trace.getTracer('hookflow');
const w3c = new W3CTraceContextPropagator();

/**
 * sendWebhook inside a client span `POST` (when tracing is on), a child of the attempt's
 * activity span. The span names the receiver by host and port only: URL paths and
 * queries can hold the receiver's tokens. With `propagateTrace` (the endpoint opted in)
 * the request carries the W3C `traceparent` of this span, and nothing else of our trace
 * context (no `tracestate`, no baggage): receivers are other companies.
 */
export async function sendWebhookTraced(input: SendRequest, pools: OriginPools, options: { propagateTrace: boolean }): Promise<SendResult> {
  if (!tracing().enabled) return sendWebhook(input, pools);
  return tracer().startActiveSpan('POST', { kind: SpanKind.CLIENT, attributes: targetAttributes(input.url) }, async (span) => {
    try {
      const headers = options.propagateTrace ? withTraceparent(input.headers) : input.headers;
      const result = await sendWebhook({ ...input, headers }, pools);
      recordResult(span, result);
      return result;
    } finally {
      span.end();
    }
  });
}

function targetAttributes(url: string): Record<string, string | number> {
  if (!URL.canParse(url)) return { 'http.request.method': 'POST' };
  const { protocol, hostname, port } = new URL(url);
  const scheme = protocol.replace(/:$/, '');
  return {
    'http.request.method': 'POST',
    'url.scheme': scheme,
    'server.address': hostname,
    'server.port': port ? Number(port) : scheme === 'https' ? 443 : 80,
  };
}

function withTraceparent(headers: Record<string, string>): Record<string, string> {
  const carrier: Record<string, string> = {};
  w3c.inject(context.active(), carrier, defaultTextMapSetter);
  if (!carrier.traceparent) return headers;
  // An endpoint's own header of that name gives way to the real one.
  const others = Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'traceparent');
  return { ...Object.fromEntries(others), traceparent: carrier.traceparent };
}

function recordResult(span: Span, result: SendResult): void {
  span.setAttribute('hookflow.attempt.duration_ms', result.durationMs);
  if (result.kind === 'response') {
    span.setAttribute('http.response.status_code', result.statusCode);
    // A client span fails on 4xx and 5xx; a 3xx is a failed attempt too (no redirects are followed).
    if (result.statusCode >= 300) {
      span.setAttribute('error.type', String(result.statusCode));
      span.setStatus({ code: SpanStatusCode.ERROR, message: `HTTP ${result.statusCode}` });
    }
  } else {
    span.setAttribute('error.type', result.errorKind);
    span.setStatus({ code: SpanStatusCode.ERROR, message: result.message });
  }
}
