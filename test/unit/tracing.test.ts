import { context, trace } from '@opentelemetry/api';
import { ConfigError, loadConfig } from '../../src/config';
import { traceIdMixin } from '../../src/lib/logger';
import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace-node';
import {
  activeTraceId,
  captureTraceContext,
  rootSampler,
  runInTraceContext,
  sampledWorkflowSpans,
  startTracing,
  tracing,
} from '../../src/lib/tracing';

describe('tracing configuration', () => {
  it('is off unless an OTLP endpoint is set; protobuf by default', () => {
    expect(loadConfig({}).tracing).toEqual({
      enabled: false,
      protocol: 'http/protobuf',
      serviceName: undefined,
      sampler: 'parentbased_always_on',
      samplerRatio: 1,
    });
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' }).tracing.enabled).toBe(true);
    expect(loadConfig({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:4318/v1/traces' }).tracing.enabled).toBe(true);
    const json = loadConfig({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf', OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json' });
    expect(json.tracing.protocol).toBe('http/json');
  });

  it('refuses grpc, an unknown sampler and a ratio above 1, naming the variable', () => {
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })).toThrow(
      /OTEL_EXPORTER_OTLP_PROTOCOL must be http\/protobuf or http\/json/,
    );
    expect(() => loadConfig({ OTEL_TRACES_SAMPLER: 'sometimes' })).toThrow(ConfigError);
    expect(() => loadConfig({ OTEL_TRACES_SAMPLER_ARG: '1.5' })).toThrow(/OTEL_TRACES_SAMPLER_ARG must be a ratio/);
  });
});

describe('trace context across queued work', () => {
  afterAll(() => tracing().shutdown());

  it('with tracing off: an empty carrier, no trace id in logs, and the work still runs', () => {
    expect(tracing().enabled).toBe(false);
    expect(captureTraceContext()).toEqual({});
    expect(runInTraceContext({}, () => 42)).toBe(42);
    expect(traceIdMixin()).toEqual({});
  });

  it('with tracing on: work run later in the captured context continues the trace, and logs name it', async () => {
    // Nothing is exported: the endpoint is never flushed to.
    startTracing(
      { enabled: true, protocol: 'http/json', serviceName: undefined, sampler: 'parentbased_always_on', samplerRatio: 1 },
      'unit',
    );
    const span = trace.getTracer('unit').startSpan('publish');
    const carrier = context.with(trace.setSpan(context.active(), span), () => captureTraceContext());
    span.end();
    expect(carrier.traceparent).toBe(`00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`);

    // Later, outside the request: a span started in the carrier's context is the publish span's child.
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(activeTraceId()).toBeUndefined();
    const child = runInTraceContext(carrier, () => {
      expect(traceIdMixin()).toEqual({ traceId: span.spanContext().traceId });
      return trace.getTracer('unit').startSpan('StartWorkflow');
    });
    expect(child.spanContext().traceId).toBe(span.spanContext().traceId);
    expect((child as unknown as { parentSpanId?: string }).parentSpanId).toBe(span.spanContext().spanId);
    child.end();
  });
});

describe('spans recorded in workflow code (a Schedule-started reconcile has no parent)', () => {
  /** A finished span as the SDK's workflow sink hands it over, with the given trace id. */
  const span = (traceId: string) =>
    ({
      name: 'RunWorkflow:reconcileDeliveriesWorkflow',
      kind: 0,
      attributes: {},
      links: [],
      spanContext: () => ({ traceId, spanId: '00f067aa0ba902b7', traceFlags: 1 }),
    }) as unknown as ReadableSpan;
  const passed = (settings: Parameters<typeof rootSampler>[0], traceIds: string[]) => {
    const ended: ReadableSpan[] = [];
    const next: SpanProcessor = {
      onStart: () => undefined,
      onEnd: (s) => ended.push(s),
      forceFlush: async () => undefined,
      shutdown: async () => undefined,
    };
    const sink = sampledWorkflowSpans(next, rootSampler(settings));
    for (const traceId of traceIds) sink.onEnd(span(traceId));
    return ended.length;
  };
  const low = '00000000000000000000000000000001';
  // The ratio sampler XORs the id's 32-bit words: 1 and 0x8fffffff, under and over half of 2^32.
  const high = '0000000000000000000000008fffffff';

  it('pass as a sampler that decides by trace id decides for the process', () => {
    expect(passed({ sampler: 'always_on', samplerRatio: 1 }, [low, high])).toBe(2);
    expect(passed({ sampler: 'always_off', samplerRatio: 1 }, [low, high])).toBe(0);
    expect(passed({ sampler: 'traceidratio', samplerRatio: 0 }, [low, high])).toBe(0);
    expect(passed({ sampler: 'traceidratio', samplerRatio: 0.5 }, [low])).toBe(1);
    expect(passed({ sampler: 'traceidratio', samplerRatio: 0.5 }, [high])).toBe(0);
  });

  it('all pass under a parentbased_ sampler: they follow their parent, as recorded in workflow code', () => {
    // A caller's sampled traceparent keeps the whole delivery, whatever its trace id.
    for (const sampler of ['parentbased_always_on', 'parentbased_always_off', 'parentbased_traceidratio'] as const) {
      expect(passed({ sampler, samplerRatio: 0 }, [low, high])).toBe(2);
    }
  });
});
