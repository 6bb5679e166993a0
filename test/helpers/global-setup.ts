import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../../src/dev/embedded-postgres';
import { EmbeddedServerError } from '../../src/dev/embedded-server-error';
import { resolveTemporalCli, TemporalCliNotFoundError } from '../../src/dev/temporal-cli';
import { startTemporalDevServer } from '../../src/dev/temporal-dev-server';
import { writeWorkflowBundles } from '../../src/temporal/workflow-code';
import { freePort } from './ports';

type Stops = (() => Promise<void>)[];

/**
 * Starts what every integration test shares: a real Temporal dev server (headless,
 * in memory) and a real PostgreSQL (embedded, in a temp folder), and bundles the
 * workflow code once. Existing servers are reused when TEMPORAL_ADDRESS or
 * TEST_DATABASE_URL are set. Tests isolate themselves with a fresh database and a
 * unique task queue each (see stack.ts).
 */
export default async function globalSetup(): Promise<void> {
  // Several jest projects name this setup; the first one to run starts everything.
  if (process.env.HOOKFLOW_TEST_BUNDLE_PATH) return;
  const stops: Stops = [];
  (globalThis as { __hookflowStops?: Stops }).__hookflowStops = stops;
  try {
    await startShared(stops);
  } catch (error) {
    for (const stop of stops.splice(0).reverse()) await stop().catch(() => undefined);
    if (!(error instanceof EmbeddedServerError || error instanceof TemporalCliNotFoundError)) throw error;
    // What `npm run dev` prints too: the cause and the way out, without a stack trace
    // (jest prints a global setup's error by its stack).
    const line = `[test-setup] cannot start the test servers: ${error.message}`;
    throw Object.assign(new Error(line), { stack: line });
  }
}

async function startShared(stops: Stops): Promise<void> {
  const log = (line: string) => process.stderr.write(`[test-setup] ${line}\n`);
  const work = mkdtempSync(path.join(tmpdir(), 'hookflow-test-'));
  // As root, embedded PostgreSQL runs as the `postgres` user, who must reach its data folder.
  chmodSync(work, 0o755);

  let temporalAddress = process.env.TEMPORAL_ADDRESS;
  if (!temporalAddress) {
    const cli = resolveTemporalCli({ build: true, onLog: log });
    const server = await startTemporalDevServer({ cli, port: await freePort(), namespace: 'default' });
    stops.push(server.stop);
    temporalAddress = server.address;
  }

  let adminDatabaseUrl = process.env.TEST_DATABASE_URL;
  if (!adminDatabaseUrl) {
    const postgres = await startEmbeddedPostgres({
      dataDir: path.join(work, 'postgres'),
      port: await freePort(),
      database: 'hookflow_test',
      persistent: false,
    });
    stops.push(postgres.stop);
    adminDatabaseUrl = postgres.adminUrl;
  }

  // Both bundles, as `npm run build` makes them: a stack with tracing on loads the traced twin.
  const bundlePath = path.join(work, 'workflow-bundle.js');
  await writeWorkflowBundles(bundlePath, {
    log: () => undefined,
    trace: () => undefined,
    debug: () => undefined,
    info: () => undefined,
    warn: log,
    error: log,
  });

  // Jest starts its test workers after this, so they inherit these variables.
  process.env.HOOKFLOW_TEST_TEMPORAL_ADDRESS = temporalAddress;
  process.env.HOOKFLOW_TEST_ADMIN_DATABASE_URL = adminDatabaseUrl;
  process.env.HOOKFLOW_TEST_BUNDLE_PATH = bundlePath;
}
