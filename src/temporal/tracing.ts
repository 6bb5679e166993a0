import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
} from '@temporalio/interceptors-opentelemetry';
import type { ClientInterceptors } from '@temporalio/client';
import type { WorkerOptions } from '@temporalio/worker';
import { tracing } from '../lib/tracing';

/**
 * Temporal's OpenTelemetry interceptors, wired as hookflow needs them. With tracing on,
 * a workflow start (or signal-with-start) made inside a traced operation carries its
 * trace context in a header; the workflow's spans continue it, and each activity, local
 * or not, runs under a span that is the workflow's child.
 */

/** For every Temporal Client that starts or signals workflows (the API's, the worker's, one on a NativeConnection). */
export function temporalClientInterceptors(): ClientInterceptors | undefined {
  if (!tracing().enabled) return undefined;
  return { workflow: [new OpenTelemetryWorkflowClientInterceptor()] };
}

/**
 * For Worker.create. The workflow interceptors are bundled with the workflows (workflow-code.ts);
 * their spans leave the sandbox through the `exporter` sink, which must exist even with
 * tracing off (it then drops them), or the worker would log an error per workflow task.
 */
export function workerTracingOptions(): Pick<WorkerOptions, 'sinks' | 'interceptors'> {
  const { enabled, spanProcessor, resource } = tracing();
  return {
    sinks: { exporter: makeWorkflowExporter(spanProcessor, resource) },
    interceptors: {
      activity: enabled
        ? [
            (ctx) => ({
              inbound: new OpenTelemetryActivityInboundInterceptor(ctx),
              outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
            }),
          ]
        : [],
    },
  };
}
