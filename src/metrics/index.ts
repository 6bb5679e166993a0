/** hookflow's Prometheus metrics: one process-wide registry; docs/operations.md lists every metric. */
export { METRICS_CONTENT_TYPE, registry, renderMetrics } from './registry';
export { attemptOutcome, countPublished, countSettled, observeAttempt } from './delivery-metrics';
export { httpMetrics } from './http-metrics';
export { watchStore } from './store-gauges';
export { startMetricsServer, type MetricsServer } from './metrics-server';
export { reserveSdkMetricsAddress, SDK_METRICS_USED, sdkMetricsEnabled, useSdkMetricsExporter } from './sdk-metrics';
