import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { temporalConnectionOptions } from '../temporal/connection';
import { SEARCH_ATTRIBUTE_NAMES } from '../contract';
import { EmbeddedServerError, describeSpawnError } from './embedded-server-error';
import { waitFor } from './wait';

export interface TemporalDevServerOptions {
  cli: string;
  port: number;
  /** Web UI port; omit to run headless (tests). */
  uiPort?: number;
  /** SQLite file that keeps workflows across restarts; omit for in-memory (tests). */
  dbFile?: string;
  namespace: string;
  ip?: string;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  onLog?: (line: string) => void;
  /** `--dynamic-config-value` settings; ONE_WORKER_DYNAMIC_CONFIG unless given (`[]`: the server's defaults). */
  dynamicConfig?: readonly string[];
}

export interface TemporalDevServerHandle {
  address: string;
  uiUrl: string | undefined;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Dynamic config for the shape of a one-machine stack: one task-queue partition (the
 * default is 4). With one worker polling, four partitions mostly make tasks wait for the
 * poller that happens to sit on their partition; one partition lets every poll take any
 * task (issue 13 measured 44–66 → 87–99 workflows/s for the bare floor on 2 cores). On a
 * cluster, size partitions by worker count instead (docs/operations.md).
 */
export const ONE_WORKER_DYNAMIC_CONFIG = ['matching.numTaskqueueReadPartitions=1', 'matching.numTaskqueueWritePartitions=1'];

/**
 * Starts `temporal server start-dev` with hookflow's search attributes registered and
 * waits until its frontend answers. The Web UI comes with it unless headless.
 */
export async function startTemporalDevServer(options: TemporalDevServerOptions): Promise<TemporalDevServerHandle> {
  const ip = options.ip ?? '127.0.0.1';
  const args = ['server', 'start-dev', '--ip', ip, '--port', String(options.port), '--namespace', options.namespace];
  args.push('--log-level', options.logLevel ?? 'warn', '--log-format', 'json');
  for (const name of SEARCH_ATTRIBUTE_NAMES) args.push('--search-attribute', `${name}=Keyword`);
  for (const setting of options.dynamicConfig ?? ONE_WORKER_DYNAMIC_CONFIG) args.push('--dynamic-config-value', setting);
  if (options.dbFile) {
    mkdirSync(path.dirname(options.dbFile), { recursive: true });
    args.push('--db-filename', options.dbFile);
  }
  if (options.uiPort === undefined) args.push('--headless');
  else args.push('--ui-port', String(options.uiPort));
  // Keep the /metrics and HTTP API ports out of the way of other local services.
  args.push('--metrics-port', '0', '--http-port', '0');

  const child = spawn(options.cli, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const log = options.onLog ?? (() => undefined);
  child.stdout?.on('data', (chunk: Buffer) => log(chunk.toString().trim()));
  child.stderr?.on('data', (chunk: Buffer) => log(chunk.toString().trim()));

  let exited: string | undefined;
  child.once('exit', (code, signal) => {
    exited = `exited with ${signal ?? code}`;
  });
  // A binary that cannot be run emits 'error' instead of starting; without a listener
  // that would crash the launcher with an unhandled 'error' event.
  let failedToRun: EmbeddedServerError | undefined;
  child.once('error', (error) => {
    failedToRun = new EmbeddedServerError(
      `cannot run the Temporal CLI ${options.cli}: ${describeSpawnError(error)}; set TEMPORAL_CLI to a binary you can run, ` +
        'or set TEMPORAL_ADDRESS to use a Temporal server that is already running',
    );
  });

  const address = `${ip}:${options.port}`;
  await waitFor(
    `the Temporal dev server on ${address}`,
    async () => {
      // The dev server it started: plain, no credentials (the same builder as every connection).
      const connection = await Connection.connect({
        ...temporalConnectionOptions({ address, tls: undefined, apiKey: undefined }),
        connectTimeout: 1_000,
      });
      try {
        await connection.workflowService.getSystemInfo({});
      } finally {
        await connection.close();
      }
    },
    {
      timeoutMs: 60_000,
      intervalMs: 250,
      stopEarly: () =>
        failedToRun ?? (exited ? new Error(`temporal server start-dev ${exited} (is port ${options.port} in use?)`) : undefined),
    },
  ).catch((error: unknown) => {
    child.kill('SIGKILL');
    if (error instanceof EmbeddedServerError) throw error;
    throw new EmbeddedServerError(
      `the Temporal dev server (${options.cli}) did not start on ${address}: ${(error as Error).message}; ` +
        'choose another port, or set TEMPORAL_ADDRESS to use a Temporal server that is already running',
    );
  });

  return {
    address,
    uiUrl: options.uiPort === undefined ? undefined : `http://${ip === '0.0.0.0' ? 'localhost' : ip}:${options.uiPort}`,
    process: child,
    stop: () => stopChild(child),
  };
}

/** SIGTERM, then SIGKILL after a grace period; resolves when the process is gone. */
export function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
