import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import pino from 'pino';
import { loadConfig } from '../../src/config';
import { traceIdMixin } from '../../src/lib/logger';
import { startTracing, type Tracing } from '../../src/lib/tracing';
import { createEndpoint, createTenant, publish, waitForDeliveryStatus } from '../helpers/hookflow';
import { OtlpReceiver, type ReceivedSpan } from '../helpers/otlp-receiver';
import { eventually, ReceiverPool } from '../helpers/receiver';
import { startTestStack, type TestStack } from '../helpers/stack';

const PUBLISH_SPAN = 'POST /v1/tenants/:tenantId/events';
const SERVER = 2;
const CLIENT = 3;
const ERROR = 2;

/** A caller's own span, as a publisher that traces would send it: the whole delivery joins its trace. */
function callerTraceparent(): { header: string; traceId: string; spanId: string } {
  const traceId = randomBytes(16).toString('hex');
  const spanId = randomBytes(8).toString('hex');
  return { header: `00-${traceId}-${spanId}-01`, traceId, spanId };
}

/**
 * One trace per delivery, end to end, through a real OTLP/HTTP collector on loopback:
 * the publish request → StartWorkflow → RunWorkflow → each attempt (StartActivity →
 * RunActivity) → the outbound POST, with the POST's status code; `traceparent` reaches
 * the receiver only when the endpoint opts in. Once per OTLP encoding. The OpenTelemetry
 * SDK is process-wide, as in production, where each process starts it once: here the
 * API and the worker share it.
 */
describe.each(['http/json', 'http/protobuf'] as const)('tracing over OTLP %s', (protocol) => {
  let otlp: OtlpReceiver;
  let tracing: Tracing;
  let stack: TestStack;
  const receivers = new ReceiverPool();
  const logLines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    otlp = await OtlpReceiver.start();
    const otelEnv = {
      OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url(),
      OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
      OTEL_SERVICE_NAME: 'hookflow-under-test',
      OTEL_TRACES_SAMPLER: 'parentbased_always_on',
    };
    // The SDK reads the standard variables from process.env, as it does in production.
    Object.assign(process.env, otelEnv);
    tracing = startTracing(loadConfig(otelEnv).tracing, 'hookflow-test');
    for (const name of Object.keys(otelEnv)) delete process.env[name];
    expect(tracing.enabled).toBe(true);

    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) logLines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    // The production logger's mixin, on a logger the test can read.
    stack = await startTestStack({}, { logger: pino({ level: 'info', mixin: traceIdMixin }, sink) });
  });
  afterAll(async () => {
    await receivers.closeAll();
    await stack?.stop();
    await tracing?.shutdown();
    await otlp?.close();
  });

  /** Waits until the trace holds `count` spans (the workflow's last ones come when it closes). */
  async function spansOf(traceId: string, count: number): Promise<ReceivedSpan[]> {
    return eventually(
      async () => {
        await tracing.flush();
        const spans = otlp.spans.filter((s) => s.traceId === traceId);
        return spans.length >= count ? spans : undefined;
      },
      20_000,
      `${count} spans of trace ${traceId} (have: ${otlp.spans
        .filter((s) => s.traceId === traceId)
        .map((s) => s.name)
        .join(', ')})`,
    );
  }

  it('one trace: publish → start → workflow → each attempt → each POST (500, then 200), traceparent sent when opted in', async () => {
    const tenant = await createTenant(stack);
    const rx = await receivers.start((req) => (req.n === 1 ? { status: 500, body: 'boom' } : { status: 200, body: 'ok' }));
    const endpoint = await createEndpoint(stack, tenant, {
      url: rx.url('/hook?token=s3cret'),
      retrySchedule: ['200ms'],
      propagateTrace: true,
    });
    expect(endpoint.propagateTrace).toBe(true);
    const caller = callerTraceparent();
    const event = await publish(stack, tenant, { type: 'order.created', data: { n: 1 } }, { traceparent: caller.header });
    await waitForDeliveryStatus(stack, tenant, event.deliveries[0]!.id, 'finished');

    // publish, StartWorkflow, RunWorkflow, 2 × (StartActivity, RunActivity, POST)
    const spans = await spansOf(caller.traceId, 9);
    const named = (name: string) => spans.filter((s) => s.name === name);
    const one = (name: string) => {
      const found = named(name);
      expect(found.map((s) => s.name)).toEqual([name]);
      return found[0]!;
    };
    const publishSpan = one(PUBLISH_SPAN);
    expect(publishSpan).toMatchObject({
      kind: SERVER,
      parentSpanId: caller.spanId,
      serviceName: 'hookflow-under-test',
      contentType: protocolContentType(protocol),
    });
    expect(publishSpan.attributes['http.response.status_code']).toBe(202);
    const start = one('StartWorkflow:deliverWebhookWorkflow');
    expect(start.parentSpanId).toBe(publishSpan.spanId);
    const run = one('RunWorkflow:deliverWebhookWorkflow');
    expect(run.parentSpanId).toBe(start.spanId);

    const scheduled = named('StartActivity:attemptDelivery');
    expect(scheduled).toHaveLength(2);
    for (const s of scheduled) expect(s.parentSpanId).toBe(run.spanId);
    const attempts = named('RunActivity:attemptDelivery');
    expect(attempts.map((a) => a.parentSpanId).sort()).toEqual(scheduled.map((s) => s.spanId).sort());
    const posts = named('POST');
    expect(posts.map((p) => p.parentSpanId).sort()).toEqual(attempts.map((a) => a.spanId).sort());
    expect(posts.map((p) => p.attributes['http.response.status_code']).sort()).toEqual([200, 500]);
    for (const post of posts) {
      expect(post.kind).toBe(CLIENT);
      expect(post.attributes['server.address']).toBe('127.0.0.1');
      expect(typeof post.attributes['hookflow.attempt.duration_ms']).toBe('number');
      // The URL's path and query (the receiver's token) are not in the span.
      expect(JSON.stringify(post.attributes)).not.toContain('s3cret');
    }
    expect(posts.find((p) => p.attributes['http.response.status_code'] === 500)!.statusCode).toBe(ERROR);

    // Opted in: each POST carried its own span as W3C traceparent, and nothing else of the trace.
    const postBySpanId = new Map(posts.map((p) => [p.spanId, p]));
    const answered = rx.requests.map((r) => {
      const parts = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/.exec(String(r.headers.traceparent));
      expect(parts?.[1]).toBe(caller.traceId);
      return postBySpanId.get(parts?.[2] ?? '')?.attributes['http.response.status_code'];
    });
    expect(answered).toEqual([500, 200]);
    for (const r of rx.requests) {
      expect(r.headers.tracestate).toBeUndefined();
      expect(r.headers.baggage).toBeUndefined();
    }

    // Every log line of the attempts carries the trace id.
    const attemptLines = logLines.filter((l) => l.msg === 'delivery attempt' && l.deliveryId === event.deliveries[0]!.id);
    expect(attemptLines).toHaveLength(2);
    for (const line of attemptLines) expect(line.traceId).toBe(caller.traceId);
  });

  it('an endpoint that did not opt in gets no traceparent; the trace has its POST all the same', async () => {
    const tenant = await createTenant(stack);
    const rx = await receivers.start(() => ({ status: 204 }));
    const endpoint = await createEndpoint(stack, tenant, { url: rx.url() });
    expect(endpoint.propagateTrace).toBe(false);
    const caller = callerTraceparent();
    const event = await publish(stack, tenant, { type: 'order.created', data: {} }, { traceparent: caller.header });
    await waitForDeliveryStatus(stack, tenant, event.deliveries[0]!.id, 'finished');
    const spans = await spansOf(caller.traceId, 6);
    const post = spans.find((s) => s.name === 'POST');
    expect(post?.attributes['http.response.status_code']).toBe(204);
    expect(rx.requests).toHaveLength(1);
    expect(rx.requests[0]!.headers.traceparent).toBeUndefined();
  });
});

function protocolContentType(protocol: 'http/json' | 'http/protobuf'): string {
  return protocol === 'http/json' ? 'application/json' : 'application/x-protobuf';
}
