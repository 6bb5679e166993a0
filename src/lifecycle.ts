import type { Worker } from '@temporalio/worker';
import { createApp } from './api/app';
import { listen } from './api/listen';
import { startBucketPurge } from './api/shared-rate-limit';
import type { AppContext } from './context';
import { migrateToLatest } from './db/migrate';
import { type MetricsServer, startMetricsServer } from './metrics/metrics-server';
import { sealPlaintextHeaders, sealPlaintextSecrets } from './services/endpoint-secrets';
import { prepareWorker } from './temporal/start-worker';
import { hookflowClient } from './temporal/client';
import { START_DRAIN_MS } from './temporal/start-queue';

/**
 * The one start-up and shut-down sequence of hookflow's two services, shared by the
 * entry points (server.ts, worker.ts) and the test stack: create, start, stop.
 */

/**
 * Brings the database to what this version needs: the migrations, then sealing what an
 * earlier version stored in clear (a migration cannot: it never reads the key). Every
 * step is idempotent and safe for replicas starting at once.
 */
export async function prepareDatabase(ctx: AppContext): Promise<void> {
  await migrateToLatest(ctx.db);
  await sealPlaintextSecrets(ctx.db, ctx.secretBox);
  await sealPlaintextHeaders(ctx.db, ctx.secretBox);
}

export interface ApiService {
  /** Prepares the database and listens; resolves with the URL it serves. */
  start(): Promise<string>;
  /** Stops accepting connections and drains in-flight requests. */
  stop(): Promise<void>;
}

export function createApiService(ctx: AppContext, address: { host: string; port: number }): ApiService {
  let close: (() => Promise<void>) | undefined;
  let stopPurge: (() => void) | undefined;
  return {
    async start() {
      await prepareDatabase(ctx);
      const listening = await listen(createApp(ctx), address.host, address.port);
      close = listening.close;
      // Full rate limit buckets mean the same as none: each API process deletes them now and then.
      stopPurge = startBucketPurge(ctx.db, ctx.logger);
      return listening.url;
    },
    async stop() {
      stopPurge?.();
      stopPurge = undefined;
      await close?.();
      close = undefined;
    },
  };
}

export interface WorkerService {
  /** Prepares the database, Schedules and search attributes, starts polling, and serves /metrics on METRICS_PORT (unless 0). */
  start(): Promise<void>;
  /** The worker's metrics URL once started with a metrics port. */
  readonly metricsUrl: string | undefined;
  /** Settles when the worker has stopped polling (after stop(), or on a fatal error). */
  readonly done: Promise<void>;
  /** Stops polling, lets in-flight attempts finish within the grace time, and closes the worker's connections. */
  stop(): Promise<void>;
}

/**
 * `metricsPort` overrides METRICS_PORT (a second worker in one process serves none: 0).
 * `sdkMetrics` (default: a metrics port is set) adds the SDK's `temporal_*` metrics to this
 * process's registry output: a process that also runs the API serves them on its /metrics.
 * `eagerStarts`: this process also runs the API (HOOKFLOW_ROLE=all). Its publishes then
 * start delivery workflows through a client on the worker's own connection, with eager
 * start: the server hands each new workflow's first task (and so its first attempt)
 * straight back to this worker, with no task-queue round trip.
 */
export function createWorkerService(
  ctx: AppContext,
  options: { metricsPort?: number; sdkMetrics?: boolean; eagerStarts?: boolean } = {},
): WorkerService {
  const metricsPort = options.metricsPort ?? ctx.config.metrics.port;
  const sdkMetrics = options.sdkMetrics ?? metricsPort !== 0;
  let running: { worker: Worker; run: Promise<void>; close(): Promise<void> } | undefined;
  let metrics: MetricsServer | undefined;
  let settle: (result: Promise<void>) => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    settle = resolve;
  });
  return {
    done,
    get metricsUrl() {
      return metrics?.url;
    },
    async start() {
      await prepareDatabase(ctx);
      const { worker, close, connection } = await prepareWorker(ctx, { sdkMetrics });
      if (metricsPort !== 0) metrics = await startMetricsServer(ctx.config.http.host, metricsPort);
      running = { worker, run: worker.run(), close };
      if (options.eagerStarts) {
        ctx.starts.useClient(hookflowClient(connection, ctx.config.temporal.namespace), { eager: true });
      }
      settle(running.run);
    },
    async stop() {
      await metrics?.close();
      metrics = undefined;
      if (!running) return;
      const current = running;
      running = undefined;
      if (options.eagerStarts) {
        // Queued starts go out before the connection they use closes (reconcile covers the rest).
        await ctx.starts.drain(START_DRAIN_MS);
        ctx.starts.useClient(ctx.temporal, { eager: false });
      }
      // Already stopped when the SDK shut it down on a signal.
      if (current.worker.getState() === 'RUNNING') current.worker.shutdown();
      await Promise.allSettled([current.run]);
      await current.close();
    },
  };
}
