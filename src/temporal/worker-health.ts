import { hostname } from 'node:os';
import type { Kysely } from 'kysely';
import type { AttemptTracker } from '../activities/deliver-tracker';
import { deleteWorkerHealth, upsertWorkerHealth } from '../db/queries/worker-health';
import type { Database } from '../db/schema';
import type { Logger } from '../lib/logger';

/** /readyz reads only reports younger than this: a worker that stopped reporting is no longer judged. */
export const WORKER_HEALTH_FRESH_MS = 30_000;

/**
 * Reports the worker's attempts in flight to PostgreSQL every `intervalMs`, so the API's
 * /readyz can tell a stalled worker (one still polling Temporal, but whose attempts never
 * finish) and name it. Logs an alert when the worker becomes stalled and when it recovers.
 */
export function startWorkerHealthReporter(options: {
  db: Kysely<Database>;
  tracker: AttemptTracker;
  taskQueue: string;
  logger: Logger;
  intervalMs: number;
}): { workerId: string; stop(): Promise<void> } {
  const workerId = `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  let stalled = false;
  let running: Promise<void> = Promise.resolve();
  const report = async () => {
    const snapshot = options.tracker.snapshot();
    if ((snapshot.stalledSince !== null) !== stalled) {
      stalled = !stalled;
      if (stalled) {
        options.logger.error(
          {
            workerId,
            inFlight: snapshot.inFlight,
            lastFinishedAt: new Date(snapshot.lastFinishedAt).toISOString(),
            alert: 'worker_stalled',
          },
          'worker stalled: delivery attempts in flight, none finishing',
        );
      } else {
        options.logger.info({ workerId }, 'worker no longer stalled');
      }
    }
    try {
      await upsertWorkerHealth(options.db, {
        workerId,
        taskQueue: options.taskQueue,
        inFlight: snapshot.inFlight,
        lastFinishedAt: new Date(snapshot.lastFinishedAt),
        stalledSince: snapshot.stalledSince === null ? null : new Date(snapshot.stalledSince),
      });
    } catch (error) {
      options.logger.warn({ err: error }, 'could not report worker health');
    }
  };
  const timer = setInterval(() => {
    running = running.then(report);
  }, options.intervalMs);
  timer.unref();
  return {
    workerId,
    async stop() {
      clearInterval(timer);
      await running;
      await deleteWorkerHealth(options.db, workerId).catch(() => undefined);
    },
  };
}
