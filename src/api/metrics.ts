import type { Router } from 'express';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { AppContext } from '../context';
import { listWorkerHealth } from '../db/queries/worker-health';
import { WORKER_HEALTH_FRESH_MS } from '../temporal/worker-health';

/**
 * `GET /metrics` (Prometheus text format, unauthenticated like /readyz): the process's
 * default metrics, and what the workers of this task queue last reported to PostgreSQL
 * (read at scrape time; one indexed query):
 * - `hookflow_worker_attempts_in_flight{worker_id}`: delivery attempts running now;
 * - `hookflow_worker_stalled{worker_id}`: 1 while the worker has attempts in flight and
 *   none finished for WORKER_STALL_AFTER (then /readyz answers 503 too), else 0;
 * - `hookflow_workers_stalled`: how many workers are stalled (alert on > 0).
 */
export function mountMetricsRoute(router: Router, ctx: AppContext): void {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const inFlight = new Gauge({
    name: 'hookflow_worker_attempts_in_flight',
    help: 'Delivery attempts a worker has in flight',
    labelNames: ['worker_id'],
    registers: [registry],
  });
  const stalled = new Gauge({
    name: 'hookflow_worker_stalled',
    help: '1 while a worker is stalled (attempts in flight, none finishing)',
    labelNames: ['worker_id'],
    registers: [registry],
  });
  const stalledCount = new Gauge({
    name: 'hookflow_workers_stalled',
    help: 'Workers of this task queue that are stalled',
    registers: [registry],
  });

  router.get('/metrics', async (_req, res, next) => {
    try {
      const reports = await listWorkerHealth(ctx.db, ctx.deliveryDefaults.taskQueue, WORKER_HEALTH_FRESH_MS).catch(() => []);
      inFlight.reset();
      stalled.reset();
      for (const report of reports) {
        inFlight.set({ worker_id: report.worker_id }, report.in_flight);
        stalled.set({ worker_id: report.worker_id }, report.stalled_since === null ? 0 : 1);
      }
      stalledCount.set(reports.filter((r) => r.stalled_since !== null).length);
      res.setHeader('content-type', registry.contentType);
      res.send(await registry.metrics());
    } catch (error) {
      next(error);
    }
  });
}
