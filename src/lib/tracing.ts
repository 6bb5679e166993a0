import { context, isSpanContextValid, propagation, ROOT_CONTEXT, type Context, trace } from '@opentelemetry/api';
import { OTLPTraceExporter as OtlpJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OtlpProtobufExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { envDetectorSync, Resource } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  BatchSpanProcessor,
  NodeTracerProvider,
  NoopSpanProcessor,
  type ReadableSpan,
  type Sampler,
  SamplingDecision,
  type SpanProcessor,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace-node';
import type { Config } from '../config';

/**
 * OpenTelemetry traces for one process. Off unless OTEL_EXPORTER_OTLP_ENDPOINT (or its
 * traces variant) is set; then spans go over OTLP/HTTP, protobuf or JSON as
 * OTEL_EXPORTER_OTLP_PROTOCOL says. The SDK reads the other standard variables itself:
 * the endpoint, headers and timeout (the exporter), OTEL_TRACES_SAMPLER and its argument
 * (the provider), OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES (the env detector).
 *
 * The OpenTelemetry API is process-wide: the first start wins, later ones share it (the
 * test stack runs the API and the worker in one process).
 */
export interface Tracing {
  readonly enabled: boolean;
  /** Where the worker's workflow-span sink sends spans (a no-op one when tracing is off). */
  readonly spanProcessor: SpanProcessor;
  readonly resource: Resource;
  /** Sends what is buffered. */
  flush(): Promise<void>;
  /** Flushes and unregisters, so a later start begins afresh (tests switch protocols). */
  shutdown(): Promise<void>;
}

const OFF: Tracing = {
  enabled: false,
  spanProcessor: new NoopSpanProcessor(),
  resource: Resource.empty(),
  flush: async () => undefined,
  shutdown: async () => undefined,
};

let current: Tracing = OFF;

/** The process's tracing (off until startTracing turned it on). */
export function tracing(): Tracing {
  return current;
}

export function startTracing(settings: Config['tracing'], defaultServiceName: string): Tracing {
  if (current.enabled || !settings.enabled) return current;
  // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES (the env detector) win over our default name.
  const resource = Resource.default()
    .merge(new Resource({ 'service.name': defaultServiceName }))
    .merge(envDetectorSync.detect());
  const exporter = settings.protocol === 'http/json' ? new OtlpJsonExporter() : new OtlpProtobufExporter();
  const spanProcessor = new BatchSpanProcessor(exporter);
  // The sampler comes from OTEL_TRACES_SAMPLER; the propagator from OTEL_PROPAGATORS (W3C by default).
  const provider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
  provider.register();
  const started: Tracing = {
    enabled: true,
    spanProcessor: sampledWorkflowSpans(spanProcessor, rootSampler(settings)),
    resource,
    flush: () => provider.forceFlush(),
    async shutdown() {
      if (current !== started) return;
      current = OFF;
      // On the way out: a collector that is down must not fail the process's shutdown.
      await provider.shutdown().catch(() => undefined);
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
  current = started;
  return started;
}

/**
 * The sampler the workflow-span sink applies: OTEL_TRACES_SAMPLER when it drops traces by
 * the trace id alone (`always_off`, `traceidratio`), so every span of a trace, recorded in
 * workflow code or not, gets the process's answer. Undefined, passing every span, for
 * `always_on` and for the `parentbased_` samplers: a workflow's spans then follow their
 * parent as the in-sandbox tracer decided (a delivery follows its publish request), and a
 * workflow started with no parent (a Schedule's reconcile or purge run) is recorded, its
 * activities with it.
 */
export function rootSampler(settings: Pick<Config['tracing'], 'sampler' | 'samplerRatio'>): Sampler | undefined {
  switch (settings.sampler) {
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return new TraceIdRatioBasedSampler(settings.samplerRatio);
    default:
      return undefined;
  }
}

/**
 * What the workflow-span sink passes on. Workflow code records its spans with the SDK's
 * own in-sandbox tracer, which samples every trace that starts there (a Schedule's
 * reconcile or purge run). With a sampler that decides by trace id, a span is passed on
 * only when that sampler records its trace: the answer the process's own spans of the
 * same trace got (its activities, the publish request).
 */
export function sampledWorkflowSpans(next: SpanProcessor, sampler: Sampler | undefined): SpanProcessor {
  if (!sampler) return next;
  const records = (span: ReadableSpan) =>
    sampler.shouldSample(ROOT_CONTEXT, span.spanContext().traceId, span.name, span.kind, span.attributes, span.links).decision ===
    SamplingDecision.RECORD_AND_SAMPLED;
  return {
    onStart: () => undefined,
    onEnd: (span) => {
      if (records(span)) next.onEnd(span);
    },
    forceFlush: () => next.forceFlush(),
    shutdown: () => next.shutdown(),
  };
}

/**
 * A trace context as W3C headers (`traceparent`, `tracestate`): plain strings, so it can
 * travel with queued work, even through a database row. Empty when nothing is traced.
 */
export type TraceCarrier = Readonly<Record<string, string>>;

/** The active trace context, to resume later with runInTraceContext. */
export function captureTraceContext(): TraceCarrier {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier;
}

/** Runs `fn` as part of the captured trace: spans it starts (a workflow start) join that trace. */
export function runInTraceContext<T>(carrier: TraceCarrier, fn: () => T): T {
  if (Object.keys(carrier).length === 0) return fn();
  return context.with(propagation.extract(context.active(), carrier), fn);
}

/** The trace id of the active span, when there is a valid one. */
export function activeTraceId(active: Context = context.active()): string | undefined {
  const span = trace.getSpan(active);
  if (!span) return undefined;
  const spanContext = span.spanContext();
  return isSpanContextValid(spanContext) ? spanContext.traceId : undefined;
}
