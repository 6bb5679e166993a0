import { randomBytes } from 'node:crypto';
import { createHookflowClient, type HookflowClient, type Middleware } from '@hookflow/client';
import type { Client } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import pino from 'pino';
import { loadConfig } from '../../src/config';
import { type AppContext, createContext } from '../../src/context';
import type { Db } from '../../src/db/database';
import { createDatabaseIfMissing } from '../../src/dev/embedded-postgres';
import type { ResolveHost } from '../../src/delivery/target-guard';
import { createApiService, createWorkerService, type WorkerService } from '../../src/lifecycle';
import { hermeticResolver } from './dns';
import { createResponseCheck, type ResponseCheck } from './openapi-conformance';
import { freePort } from './ports';

export interface TestStack {
  apiUrl: string;
  adminKey: string;
  taskQueue: string;
  databaseUrl: string;
  ctx: AppContext;
  db: Db;
  temporal: Client;
  /** The typed client (clients/typescript) with the admin key. */
  client: HookflowClient;
  /** The typed client with another key (a tenant API key, a revoked one, ...). */
  clientFor(apiKey: string): HookflowClient;
  /** Throws unless a response matches /openapi.json (status documented, JSON body valid); for raw clients. */
  checkResponse: ResponseCheck;
  /**
   * fetch against the API with the admin key; JSON in and out. For requests the typed
   * client cannot send (malformed on purpose). Like the client, it fails on any response
   * that /openapi.json does not document.
   */
  api(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: any; headers: Headers }>;
  /** The worker's `GET /metrics` (METRICS_PORT), with `options.workerMetrics`; else undefined. */
  workerMetricsUrl(): string | undefined;
  startWorker(): Promise<void>;
  stopWorker(): Promise<void>;
  /** Another worker on the same task queue, with its own pool and Temporal client, as another process would have. */
  startExtraWorker(options?: { logger?: pino.Logger }): Promise<{ stop(): Promise<void> }>;
  stop(): Promise<void>;
}

export function requireTestEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run integration tests through jest (its global setup sets it)`);
  return value;
}

async function dropDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new PgClient({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`drop database if exists "${database}" with (force)`);
  } finally {
    await client.end();
  }
}

export const uniqueName = (prefix: string) => `${prefix}_${randomBytes(5).toString('hex')}`;

/** A new, empty database on the tests' PostgreSQL, named `<prefix>_<random>`: its URL, and how to drop it. */
export async function freshDatabase(prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = requireTestEnv('HOOKFLOW_TEST_ADMIN_DATABASE_URL');
  const database = uniqueName(prefix);
  await createDatabaseIfMissing(adminUrl, database);
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return { url: url.toString(), drop: () => dropDatabase(adminUrl, database) };
}

/**
 * A whole hookflow for one test file: a fresh database, a unique task queue, the real
 * worker (in process, on the shared Temporal dev server) and the real API on a free
 * loopback port. `env` overrides configuration (e.g. RETRY_SCHEDULE in milliseconds).
 * By default the SSRF guard allows loopback (test receivers listen on 127.0.0.1; pass
 * `ALLOWED_TARGET_CIDRS: ''` to allow nothing), secrets are sealed with a fresh key, and
 * host names resolve through `options.resolveHost`: a hermetic resolver that knows no
 * name unless told, so nothing is ever sent off this machine.
 */
export async function startTestStack(
  env: Record<string, string> = {},
  options: {
    worker?: boolean;
    resolveHost?: ResolveHost;
    logger?: pino.Logger;
    /** Serve the worker's /metrics (with the SDK's `temporal_*` metrics) on a free port, as METRICS_PORT does. */
    workerMetrics?: boolean;
  } = {},
): Promise<TestStack> {
  const { url: databaseUrl, drop: dropTestDatabase } = await freshDatabase('hookflow_test');

  const taskQueue = uniqueName('test');
  const adminKey = `test_admin_${randomBytes(16).toString('hex')}`;
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: requireTestEnv('HOOKFLOW_TEST_TEMPORAL_ADDRESS'),
    TEMPORAL_TASK_QUEUE: taskQueue,
    WORKFLOW_BUNDLE_PATH: requireTestEnv('HOOKFLOW_TEST_BUNDLE_PATH'),
    ADMIN_API_KEY: adminKey,
    RECONCILE_INTERVAL: '1h',
    ALLOWED_TARGET_CIDRS: '127.0.0.0/8,::1/128',
    SECRET_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    // Every test client is 127.0.0.1, and some send hundreds of bad keys on purpose; the
    // tests of this limit turn it on.
    AUTH_FAILURE_LIMIT_PER_MINUTE: '0',
    ...env,
  });
  const logger = options.logger ?? pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const resolveHost = options.resolveHost ?? hermeticResolver();
  const ctx = await createContext(config, { logger, resolveHost });
  const api = createApiService(ctx, { host: '127.0.0.1', port: 0 });
  const listening = { url: await api.start(), close: () => api.stop() };
  // Every response, through the client or `api`, is checked against the document the API serves.
  const checkResponse = createResponseCheck(
    (await (await fetch(`${listening.url}/openapi.json`)).json()) as Parameters<typeof createResponseCheck>[0],
  );
  const conformance: Middleware = {
    async onResponse({ request, response }) {
      checkResponse(request.method, request.url, response.status, response.headers.get('content-type'), await response.clone().text());
    },
  };
  const clientFor = (apiKey: string) => createHookflowClient({ baseUrl: listening.url, apiKey, middleware: [conformance] });

  // The worker gets its own context (pool and Temporal client), as a separate process would.
  let running: { service: WorkerService; ctx: AppContext } | undefined;
  const extra = new Set<{ stop(): Promise<void> }>();
  const stack: TestStack = {
    apiUrl: listening.url,
    adminKey,
    taskQueue,
    databaseUrl,
    ctx,
    db: ctx.db,
    temporal: ctx.temporal,
    client: clientFor(adminKey),
    clientFor,
    checkResponse,
    async api(method, path, body, headers = {}) {
      const response = await fetch(`${listening.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${adminKey}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await response.text();
      checkResponse(method, `${listening.url}${path}`, response.status, response.headers.get('content-type'), text);
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON: keep the text
      }
      return { status: response.status, body: parsed, headers: response.headers };
    },
    workerMetricsUrl: () => running?.service.metricsUrl,
    async startWorker() {
      if (running) return;
      const workerCtx = await createContext(config, { logger, resolveHost });
      const service = createWorkerService(workerCtx, { metricsPort: options.workerMetrics ? await freePort() : 0 });
      await service.start();
      running = { service, ctx: workerCtx };
    },
    async startExtraWorker(extraOptions = {}) {
      const workerCtx = await createContext(config, { logger: extraOptions.logger ?? logger, resolveHost });
      const service = createWorkerService(workerCtx, { metricsPort: 0 });
      await service.start();
      const handle = {
        async stop() {
          if (!extra.delete(handle)) return;
          await service.stop();
          await workerCtx.close();
        },
      };
      extra.add(handle);
      return handle;
    },
    async stopWorker() {
      if (!running) return;
      const current = running;
      running = undefined;
      await current.service.stop();
      await current.ctx.close();
    },
    async stop() {
      await Promise.all([...extra].map((worker) => worker.stop()));
      await stack.stopWorker();
      await listening.close();
      await ctx.close();
      // Leave a reused server (TEST_DATABASE_URL) as clean as it was.
      await dropTestDatabase();
    },
  };
  if (options.worker !== false) await stack.startWorker();
  return stack;
}
