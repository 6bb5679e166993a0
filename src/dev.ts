import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from './config';
import { runMain } from './lib/run-main';
import { createDatabase } from './db/database';
import { migrateToLatest } from './db/migrate';
import { DEMO_TENANT, ensurePortalBuild, openDemoPortal } from './dev/demo-portal';
import { loadDevSettings, loadOrCreateDevSecrets } from './dev/dev-settings';
import { postgresDataDirFor, startEmbeddedPostgres } from './dev/embedded-postgres';
import { EmbeddedServerError } from './dev/embedded-server-error';
import { PROJECT_ROOT } from './dev/paths';
import { resolveTemporalCli, TemporalCliNotFoundError } from './dev/temporal-cli';
import { startTemporalDevServer, stopChild } from './dev/temporal-dev-server';
import { waitFor } from './dev/wait';
import { assertTemporalSettingsWork, describeTemporalConnection } from './temporal/connection';

/**
 * `npm run dev`: the whole stack on one machine. PostgreSQL (embedded unless
 * DATABASE_URL), the Temporal dev server with its Web UI (unless TEMPORAL_ADDRESS),
 * migrations, then the API and the worker in one process (HOOKFLOW_ROLE=all). Ctrl-C stops every child, in order; data stays
 * in `.data/` for the next run.
 */

const say = (line: string) => process.stdout.write(`[dev] ${line}\n`);
const stops: { name: string; stop: () => Promise<void> }[] = [];
let stopping = false;
/** Set when PostgreSQL's data cannot live in HOOKFLOW_DATA_DIR (root in a private folder). */
let postgresDataOutside: string | undefined;

async function shutdown(code: number): Promise<never> {
  if (!stopping && stops.length > 0) {
    stopping = true;
    say('stopping...');
    // Reverse start order: API and worker drain while Temporal and Postgres are still up.
    for (const { name, stop } of stops.reverse()) {
      await stop().catch((error: unknown) => say(`could not stop ${name}: ${(error as Error).message}`));
    }
    say('stopped');
  }
  process.exit(code);
}

function startNodeProcess(name: string, entry: string, env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, entry)], {
    cwd: PROJECT_ROOT,
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  child.once('exit', (code, signal) => {
    if (stopping) return;
    say(`${name} exited unexpectedly (${signal ?? code}); stopping the stack`);
    void shutdown(1);
  });
  stops.push({ name, stop: () => stopChild(child, 40_000) });
  return child;
}

async function main(): Promise<void> {
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  const settings = loadDevSettings(process.env);
  const secrets = loadOrCreateDevSecrets(settings.HOOKFLOW_DATA_DIR);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: process.env.NODE_ENV || 'development',
    LOG_FORMAT: process.env.LOG_FORMAT || 'pretty',
    ADMIN_API_KEY: process.env.ADMIN_API_KEY || secrets.adminApiKey,
    SECRET_ENCRYPTION_KEY: process.env.SECRET_ENCRYPTION_KEY || secrets.secretEncryptionKey,
    // Local receivers (examples/receiver.mjs) listen on loopback, which the SSRF guard
    // refuses unless allowed; dev opens loopback and nothing else.
    ALLOWED_TARGET_CIDRS: process.env.ALLOWED_TARGET_CIDRS || '127.0.0.0/8,::1/128',
    TEMPORAL_UI_URL: process.env.TEMPORAL_UI_URL || `http://localhost:${settings.TEMPORAL_UI_PORT}`,
    HOOKFLOW_ROLE: process.env.HOOKFLOW_ROLE || 'all',
    // The worker's Prometheus /metrics (the API serves its own on PORT).
    METRICS_PORT: process.env.METRICS_PORT || '9464',
  };
  // Validate everything before starting anything: a bad PORT stops us here, named.
  const config = loadConfig(env);

  // Found (or built) before anything starts, so a missing or broken CLI stops us here, named.
  const temporalCli = process.env.TEMPORAL_ADDRESS ? undefined : resolveTemporalCli({ build: true, onLog: say });

  if (!env.DATABASE_URL) {
    // As root in a private folder (a clone under /root), outside HOOKFLOW_DATA_DIR: see postgresDataDirFor.
    const dataDir = postgresDataDirFor(settings.HOOKFLOW_DATA_DIR);
    if (!dataDir.startsWith(settings.HOOKFLOW_DATA_DIR + path.sep)) postgresDataOutside = dataDir;
    say(`starting embedded PostgreSQL on 127.0.0.1:${settings.EMBEDDED_PG_PORT} (data in ${dataDir})`);
    const postgres = await startEmbeddedPostgres({
      dataDir,
      port: settings.EMBEDDED_PG_PORT,
      database: 'hookflow',
      persistent: true,
      unixSocket: true,
    });
    stops.push({ name: 'postgres', stop: postgres.stop });
    env.DATABASE_URL = postgres.url;
  } else {
    say('using PostgreSQL from DATABASE_URL');
  }

  const temporalUiUrl = env.TEMPORAL_UI_URL as string;
  if (temporalCli) {
    say(`starting the Temporal dev server on 127.0.0.1:${settings.TEMPORAL_PORT} (Web UI on ${settings.TEMPORAL_UI_PORT})`);
    const temporal = await startTemporalDevServer({
      cli: temporalCli,
      port: settings.TEMPORAL_PORT,
      uiPort: settings.TEMPORAL_UI_PORT,
      dbFile: path.join(settings.HOOKFLOW_DATA_DIR, 'temporal.db'),
      namespace: config.temporal.namespace,
    });
    stops.push({ name: 'temporal', stop: temporal.stop });
    env.TEMPORAL_ADDRESS = temporal.address;
  } else {
    say(`using the Temporal server at ${describeTemporalConnection(config.temporal)}`);
    // A wrong CA, a missing client certificate or a refused API key stops us here, named.
    await assertTemporalSettingsWork(config.temporal);
  }

  const database = createDatabase(env.DATABASE_URL as string);
  const { applied } = await migrateToLatest(database.db).finally(() => database.close());
  say(applied.length ? `migrations applied: ${applied.join(', ')}` : 'schema up to date');

  ensurePortalBuild(say);
  // One process runs the API and the worker (HOOKFLOW_ROLE=all): publishes start their
  // delivery workflows eagerly on that worker. HOOKFLOW_ROLE=api runs them as two processes.
  if (env.HOOKFLOW_ROLE === 'api') startNodeProcess('worker', 'src/worker.ts', env);
  startNodeProcess(env.HOOKFLOW_ROLE === 'api' ? 'api' : 'hookflow', 'src/server.ts', env);

  const apiUrl = `http://${config.http.host === '0.0.0.0' ? '127.0.0.1' : config.http.host}:${config.http.port}`;
  await waitFor(
    `${apiUrl}/readyz`,
    async () => {
      const response = await fetch(`${apiUrl}/readyz`);
      if (response.status !== 200) throw new Error(JSON.stringify(await response.json()));
    },
    { timeoutMs: 120_000, intervalMs: 500 },
  );

  // A link a new user can open at once; the stack runs without it if it cannot be made.
  const portalUrl = await openDemoPortal({
    apiUrl,
    adminKey: env.ADMIN_API_KEY as string,
    databaseUrl: env.DATABASE_URL as string,
    say,
  }).catch((error: Error) => `(not available: ${error.message})`);
  const keyShown = process.env.ADMIN_API_KEY ? '(from ADMIN_API_KEY)' : env.ADMIN_API_KEY;
  process.stdout.write(
    [
      '',
      '  hookflow is up',
      `  API              ${apiUrl}    (OpenAPI: ${apiUrl}/openapi.json)`,
      `  Temporal Web UI  ${temporalUiUrl}    (server ${env.TEMPORAL_ADDRESS}, namespace ${config.temporal.namespace})`,
      `  Metrics          ${apiUrl}/metrics, worker ${config.metrics.port ? `http://127.0.0.1:${config.metrics.port}/metrics` : 'off (METRICS_PORT=0)'}`,
      `  Customer portal  ${portalUrl}    (tenant ${DEMO_TENANT}, valid 24 h)`,
      `  Admin API key    ${keyShown}`,
      `  Data             ${settings.HOOKFLOW_DATA_DIR}`,
      ...(postgresDataOutside ? [`  PostgreSQL data  ${postgresDataOutside}    (outside Data: the postgres user cannot enter it)`] : []),
      '  Ctrl-C stops everything; the data stays for the next run.',
      '',
      '',
    ].join('\n'),
  );
  // Keep running until a signal arrives.
  for (;;) await sleep(60_000);
}

// Errors we expect (bad configuration, a server that cannot start) are one line with the
// way out; anything else is a bug, shown with its stack.
runMain('dev', main, {
  expected: (error) => error instanceof EmbeddedServerError || error instanceof TemporalCliNotFoundError,
  beforeExit: async (code) => {
    await shutdown(code);
  },
});
