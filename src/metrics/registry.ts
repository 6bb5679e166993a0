import { collectDefaultMetrics, Registry } from 'prom-client';
import { sdkMetricsText } from './sdk-metrics';

/**
 * The process's one Prometheus registry. Every hookflow metric registers here, whichever
 * role the process plays, so a process that runs both the API and a worker serves all of
 * them from either /metrics. Default process metrics (`process_*`, `nodejs_*`) included.
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry });

/** The content type of the text format both /metrics answers use. */
export const METRICS_CONTENT_TYPE = registry.contentType;

/**
 * The text a scrape gets: this registry, then, in a process running a worker with metrics
 * on, the Temporal SDK's own metrics (`temporal_*`) read from its loopback exporter.
 */
export async function renderMetrics(): Promise<string> {
  const [ours, sdk] = await Promise.all([registry.metrics(), sdkMetricsText()]);
  return sdk ? `${ours}\n${sdk}` : ours;
}
