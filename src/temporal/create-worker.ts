import path from 'node:path';
import { DefaultLogger, NativeConnection, Runtime, Worker, type WorkerOptions, makeTelemetryFilterString } from '@temporalio/worker';
import type { Client } from '@temporalio/client';
import type { Kysely } from 'kysely';
import { createActivities } from '../activities';
import { AttemptTracker } from '../activities/deliver-tracker';
import type { Database } from '../db/schema';
import { OriginPools } from '../delivery/send';
import type { TargetGuard } from '../delivery/target-guard';
import type { SecretBox } from '../lib/secret-box';
import type { AutoDisableSettings } from '../services/auto-disable';
import type { Notifier } from '../services/operational-notices';
import type { Logger } from '../lib/logger';
import { tracing } from '../lib/tracing';
import type { DeliveryDefaults } from './deliver';
import { reserveSdkMetricsAddress, sdkMetricsEnabled, useSdkMetricsExporter } from '../metrics/sdk-metrics';
import { DEFAULT_WORKFLOW_TASK_SLOTS } from '../config/env-schema';
import type { TemporalConnectionConfig } from '../config/temporal-env';
import { temporalConnectionOptions } from './connection';
import { workerTracingOptions } from './tracing';
import { chooseBundle, isTracedBundle, tracedBundlePath, workflowInterceptorModules, WORKFLOWS_PATH } from './workflow-code';
import { startWorkerHealthReporter } from './worker-health';

export interface HookflowWorkerOptions {
  /** Where Temporal is and how to connect (TLS, mTLS, API key): temporal/connection.ts. */
  connection: TemporalConnectionConfig;
  namespace: string;
  db: Kysely<Database>;
  client: Client;
  logger: Logger;
  defaults: DeliveryDefaults;
  /** The SSRF guard every delivery connection passes. */
  targetGuard: TargetGuard;
  /** Opens the endpoints' sealed signing secrets. */
  secretBox: SecretBox;
  /** Publishes operational notices from the attempt activities. */
  notices: Notifier;
  autoDisable: AutoDisableSettings;
  /** A pre-built bundle (production, tests); without one the workflows are bundled at start. */
  workflowBundlePath?: string | undefined;
  maxConcurrentActivityTaskExecutions?: number;
  /** Workflow tasks held at once (WORKER_WORKFLOW_TASK_SLOTS); the SDK caps it at its workflow cache size. */
  workflowTaskSlots?: number;
  /** Attempts in flight with none finishing for this long make the worker count as stalled. */
  stallAfterMs: number;
  /** Export the SDK's own metrics (`temporal_*`) into this process's /metrics (a worker with METRICS_PORT). */
  sdkMetrics?: boolean;
}

let runtimeInstalled = false;

/**
 * Installs the SDK's runtime once per process: the SDK's and the core's logs go to pino at
 * warn and above; with `sdkMetrics`, the core's Prometheus exporter listens on a free
 * loopback port and hookflow's /metrics appends what it serves (src/metrics/sdk-metrics.ts).
 */
async function installRuntime(logger: Logger, sdkMetrics: boolean): Promise<void> {
  if (runtimeInstalled) {
    if (sdkMetrics && !sdkMetricsEnabled())
      logger.warn('the Temporal runtime was installed without metrics: no temporal_* metrics in /metrics');
    return;
  }
  runtimeInstalled = true;
  const bindAddress = sdkMetrics ? await reserveSdkMetricsAddress() : undefined;
  Runtime.install({
    logger: new DefaultLogger('WARN', ({ level, message, meta }) => {
      // `err`: pino's error serializer shows a failure's message and type (a plain `error` logs as {}).
      const { error, ...rest } = meta ?? {};
      logger[level.toLowerCase() as 'warn']({ ...rest, ...(error === undefined ? {} : { err: error }) }, message);
    }),
    telemetryOptions: {
      logging: { filter: makeTelemetryFilterString({ core: 'WARN' }), forward: {} },
      ...(bindAddress
        ? {
            metrics: {
              prometheus: { bindAddress, countersTotalSuffix: true, unitSuffix: true, useSecondsForDurations: true },
            },
          }
        : {}),
    },
  });
  if (bindAddress) useSdkMetricsExporter(bindAddress);
}

/** The default location of the pre-built bundle in a compiled deployment. */
export const DEFAULT_BUNDLE_PATH = path.resolve(__dirname, '..', 'workflow-bundle.js');

export async function createHookflowWorker(options: HookflowWorkerOptions & { taskQueue: string }) {
  await installRuntime(options.logger, options.sdkMetrics ?? false);
  const connection = await NativeConnection.connect(temporalConnectionOptions(options.connection));
  const pools = new OriginPools(options.targetGuard);
  const tracker = new AttemptTracker(Date.now, options.stallAfterMs);
  const activities = createActivities({
    db: options.db,
    client: options.client,
    pools,
    tracker,
    logger: options.logger,
    defaults: options.defaults,
    secretBox: options.secretBox,
    notices: options.notices,
    autoDisable: options.autoDisable,
  });
  const traced = tracing().enabled;
  const bundlePath = chooseBundle(options.workflowBundlePath, DEFAULT_BUNDLE_PATH, traced);
  if (traced && bundlePath && !isTracedBundle(bundlePath)) {
    options.logger.warn(
      { bundle: bundlePath, expected: tracedBundlePath(bundlePath) },
      'tracing is on but the workflow bundle has no traced twin: workflow spans are missing and each attempt starts its own trace; build both with npm run build',
    );
  }
  const workflowSource: Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'> = bundlePath
    ? { workflowBundle: { codePath: bundlePath } }
    : { workflowsPath: WORKFLOWS_PATH };
  const tracingOptions = workerTracingOptions();
  const worker = await Worker.create({
    connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities,
    ...workflowSource,
    ...tracingOptions,
    interceptors: {
      ...tracingOptions.interceptors,
      // A pre-built bundle has them already (the worker would warn that it ignores them).
      ...(bundlePath ? {} : { workflowModules: workflowInterceptorModules(traced) }),
    },
    maxConcurrentActivityTaskExecutions: options.maxConcurrentActivityTaskExecutions ?? 100,
    // Delivery attempts are local activities: this bounds the attempts in flight on this worker.
    maxConcurrentLocalActivityExecutions: options.maxConcurrentActivityTaskExecutions ?? 100,
    // An attempt holds its workflow task's slot while the receiver answers, and an eager
    // start is taken only with a slot free: the SDK's 40 sent most of a burst's starts
    // through the task queue (docs/performance.md).
    maxConcurrentWorkflowTaskExecutions: options.workflowTaskSlots ?? DEFAULT_WORKFLOW_TASK_SLOTS,
    // Finish in-flight attempts on shutdown before giving up on them.
    shutdownGraceTime: '35s',
  });
  const health = startWorkerHealthReporter({
    db: options.db,
    tracker,
    taskQueue: options.taskQueue,
    logger: options.logger,
    intervalMs: Math.min(5_000, Math.max(250, Math.floor(options.stallAfterMs / 3))),
  });
  return {
    worker,
    /** The worker's own connection: a client on it can start workflows eagerly on this worker. */
    connection,
    async close() {
      await health.stop();
      await connection.close();
      await pools.close();
    },
  };
}
