import type { Router } from 'express';
import type { AppContext } from '../context';
import { METRICS_CONTENT_TYPE, renderMetrics } from '../metrics/registry';
import { watchStore } from '../metrics/store-gauges';

/**
 * `GET /metrics` (Prometheus text format, unauthenticated like /readyz): this process's
 * registry (src/metrics/: default process metrics, the API's request metrics, and in a
 * process that also runs a worker, the worker's), plus the gauges read from PostgreSQL:
 * the deliveries backlog and the stall reports of this task queue's workers.
 * docs/operations.md lists every metric.
 */
export function mountMetricsRoute(router: Router, ctx: AppContext): void {
  watchStore(ctx.db, ctx.deliveryDefaults.taskQueue);
  router.get('/metrics', async (_req, res, next) => {
    try {
      const text = await renderMetrics();
      res.setHeader('content-type', METRICS_CONTENT_TYPE);
      res.send(text);
    } catch (error) {
      next(error);
    }
  });
}
