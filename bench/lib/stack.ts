import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client as PgClient } from 'pg';
import { createDatabase, type DatabaseHandle } from '../../src/db/database';
import { migrateToLatest } from '../../src/db/migrate';
import { createDatabaseIfMissing, startEmbeddedPostgres } from '../../src/dev/embedded-postgres';
import { resolveTemporalCli } from '../../src/dev/temporal-cli';
import { startTemporalDevServer, stopChild } from '../../src/dev/temporal-dev-server';
import { waitFor } from '../../src/dev/wait';
import { freePort } from '../../test/helpers/ports';
import { IpcChild } from './ipc-child';

export const ROOT = path.resolve(__dirname, '..', '..');

export { freePort, IpcChild };

/**
 * How hookflow runs under test. `all` (default): one process, `HOOKFLOW_ROLE=all
 * src/server.ts`, API and worker together, as `npm run dev` runs it. `split`: the API
 * (src/server.ts) and the worker (src/worker.ts) as two processes. BENCH_ROLE chooses; left
 * unset on code that does not know HOOKFLOW_ROLE yet, the bench falls back to `split`.
 */
export type BenchRole = 'all' | 'split';

const hasRoleSupport = () => readFileSync(path.join(ROOT, 'src', 'config', 'env-schema.ts'), 'utf8').includes('HOOKFLOW_ROLE');

function chooseRole(log: (line: string) => void): BenchRole {
  const supported = hasRoleSupport();
  const asked = process.env.BENCH_ROLE;
  if (asked !== undefined && asked !== 'all' && asked !== 'split') throw new Error(`BENCH_ROLE must be all or split, not ${asked}`);
  if (asked === 'all' && !supported) throw new Error('BENCH_ROLE=all: this code has no HOOKFLOW_ROLE (src/config/env-schema.ts)');
  if (asked) return asked;
  if (!supported) log('this code has no HOOKFLOW_ROLE yet: running the API and the worker as two processes (BENCH_ROLE=split)');
  return supported ? 'all' : 'split';
}

export interface BenchStack {
  work: string;
  databaseUrl: string;
  db: DatabaseHandle;
  temporalAddress: string;
  temporalPid: number;
  postgresPid: number | undefined;
  apiUrl: string;
  adminKey: string;
  taskQueue: string;
  floorTaskQueue: string;
  role: BenchRole;
  /** In `all` mode worker and api are the same process: its probe stands for both. */
  worker: IpcChild;
  api: IpcChild;
  floor: IpcChild;
  /** The floor's worker on the second dev server, with default task-queue partitions. */
  floorDefault: IpcChild;
  defaultPartitions: { address: string; temporalPid: number };
  versions: { postgres: string; temporal: string };
  stop(): Promise<void>;
}

/**
 * The whole hookflow on this machine, started the way `npm run dev` starts it: PostgreSQL
 * (embedded, or a fresh database on DATABASE_URL's server), a headless in-memory Temporal
 * dev server (one task-queue partition, as dev), migrations, then hookflow as child
 * processes with the probe preloaded (one `HOOKFLOW_ROLE=all` process, or API and worker:
 * BenchRole), plus the floor's worker; and a second dev server with default partitions and
 * a floor worker of its own, for that ceiling. Every start pushes its stop; `stop()` undoes
 * everything in reverse, and leaves no process behind.
 */
export async function startBenchStack(log: (line: string) => void): Promise<BenchStack> {
  const stops: { name: string; stop: () => Promise<void> }[] = [];
  const stopAll = async () => {
    for (const { name, stop } of stops.splice(0).reverse()) {
      await stop().catch((error: unknown) => log(`could not stop ${name}: ${(error as Error).message}`));
    }
  };
  try {
    const role = chooseRole(log);
    const work = mkdtempSync(path.join(tmpdir(), 'hookflow-bench-'));
    chmodSync(work, 0o755);
    stops.push({ name: 'work dir', stop: async () => rmSync(work, { recursive: true, force: true }) });

    let databaseUrl: string;
    let postgresPid: number | undefined;
    if (process.env.DATABASE_URL) {
      // A fresh database on the given server, dropped at the end: the bench seeds and purges.
      const admin = new URL(process.env.DATABASE_URL);
      admin.pathname = '/postgres';
      const name = `hookflow_bench_${randomBytes(4).toString('hex')}`;
      await createDatabaseIfMissing(admin.toString(), name);
      const url = new URL(process.env.DATABASE_URL);
      url.pathname = `/${name}`;
      databaseUrl = url.toString();
      stops.push({
        name: 'bench database',
        stop: async () => {
          const client = new PgClient({ connectionString: admin.toString() });
          await client.connect();
          await client.query(`drop database if exists "${name}" with (force)`).finally(() => client.end());
        },
      });
      log(`PostgreSQL: database ${name} on DATABASE_URL's server`);
    } else {
      const dataDir = path.join(work, 'postgres');
      const postgres = await startEmbeddedPostgres({
        dataDir,
        port: await freePort(),
        database: 'hookflow_bench',
        persistent: false,
        unixSocket: true,
      });
      stops.push({ name: 'postgres', stop: postgres.stop });
      databaseUrl = postgres.url;
      postgresPid = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
      log(`PostgreSQL: embedded, pid ${postgresPid}`);
    }

    const cli = resolveTemporalCli({ build: true, onLog: log });
    const temporalVersion = execFileSync(cli, ['--version']).toString().trim();
    // Headless and in memory: nothing to clean up, no disk in the measurement, the same
    // server the test suite uses. The floor runs on this same server, so the ratio holds.
    // Both at once: the second one (default partitions) is for one ceiling only.
    const temporalPort = await freePort();
    let defaultPartitionsPort = await freePort();
    while (defaultPartitionsPort === temporalPort) defaultPartitionsPort = await freePort();
    const [main, second] = await Promise.allSettled([
      startTemporalDevServer({ cli, port: temporalPort, namespace: 'default' }),
      // The server's default task-queue partitions (4), for the "floor, default partitions" ceiling
      // only: the CLI's --dynamic-config-value sets a value for every task queue, so the default
      // shape needs its own server.
      startTemporalDevServer({ cli, port: defaultPartitionsPort, namespace: 'default', dynamicConfig: [] }),
    ]);
    if (main.status === 'fulfilled') stops.push({ name: 'temporal', stop: main.value.stop });
    if (second.status === 'fulfilled') stops.push({ name: 'temporal (default partitions)', stop: second.value.stop });
    if (main.status === 'rejected') throw main.reason;
    if (second.status === 'rejected') throw second.reason;
    const temporal = main.value;
    const defaultPartitions = second.value;
    log(`Temporal dev server: ${temporal.address} (${temporalVersion})`);
    log(`Temporal dev server with default task-queue partitions: ${defaultPartitions.address}`);

    const db = createDatabase(databaseUrl, { applicationName: 'hookflow-bench' });
    stops.push({ name: 'bench pool', stop: () => db.close() });
    await migrateToLatest(db.db);
    const pgVersion = await new Promise<string>((resolve, reject) => {
      db.pool.query('show server_version').then((r) => resolve(String(r.rows[0].server_version)), reject);
    });

    const adminKey = `bench_admin_${randomBytes(16).toString('hex')}`;
    const taskQueue = 'hookflow';
    const floorTaskQueue = 'bench-floor';
    const apiPort = await freePort();
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
      LOG_FORMAT: 'json',
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_TASK_QUEUE: taskQueue,
      ADMIN_API_KEY: adminKey,
      SECRET_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      // The receiver listens on loopback, which the SSRF guard refuses unless allowed.
      ALLOWED_TARGET_CIDRS: '127.0.0.0/8,::1/128',
      HOST: '127.0.0.1',
      PORT: String(apiPort),
      FLOOR_TEMPORAL_ADDRESS: temporal.address,
      FLOOR_TASK_QUEUE: floorTaskQueue,
    };
    for (const name of [
      'DATABASE_POOL_MAX',
      'DATABASE_PREPARED_STATEMENTS',
      'PUBLISH_START_CONCURRENCY',
      'PUBLISH_BURST_START_HOLD',
      'RATE_LIMIT_PER_MINUTE',
      'WORKER_WORKFLOW_TASK_SLOTS',
    ])
      if (process.env[name]) env[name] = process.env[name];

    const spawnChild = (name: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}): IpcChild => {
      const logFd = openSync(path.join(work, `${name}.log`), 'a');
      const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
        cwd: ROOT,
        env: { ...env, ...extraEnv },
        stdio: ['ignore', logFd, logFd, 'ipc'],
      });
      closeSync(logFd);
      const ipc = new IpcChild(name, child);
      child.once('exit', (code, signal) => {
        if (!stopping) log(`${name} exited unexpectedly (${signal ?? code}); see ${path.join(work, `${name}.log`)}`);
      });
      stops.push({ name, stop: () => stopChild(child, 40_000) });
      return ipc;
    };
    let stopping = false;

    const probe = path.join('bench', 'probe.ts');
    // BENCH_CPU_PROF=<dir>: V8 CPU profiles of the worker, the API and the floor's worker,
    // written when they stop, one folder per process and one file per thread (the main
    // thread and the SDK's workflow threads); read them with `npm run bench:profile -- <dir>`.
    const profile = (name: string) =>
      process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_CPU_PROF, name)}`] : [];
    let worker: IpcChild;
    let api: IpcChild;
    if (role === 'all') {
      api = spawnChild('hookflow', [...profile('hookflow'), '--import', `./${probe}`, 'src/server.ts'], { HOOKFLOW_ROLE: 'all' });
      worker = api;
    } else {
      worker = spawnChild('worker', [...profile('worker'), '--import', `./${probe}`, 'src/worker.ts']);
      api = spawnChild('api', [...profile('api'), '--import', `./${probe}`, 'src/server.ts'], { HOOKFLOW_ROLE: 'api' });
    }
    const floor = spawnChild('floor-worker', [...profile('floor-worker'), 'bench/floor/worker.ts']);
    const floorDefault = spawnChild('floor-worker-default-partitions', ['bench/floor/worker.ts'], {
      FLOOR_TEMPORAL_ADDRESS: defaultPartitions.address,
    });
    // Runs first on stop: the children's exits are expected from here on.
    stops.push({ name: 'children', stop: async () => void (stopping = true) });

    const apiUrl = `http://127.0.0.1:${apiPort}`;
    const floorsReady = Promise.all([floor.ready(120_000), floorDefault.ready(120_000)]);
    await waitFor(
      `${apiUrl}/readyz`,
      async () => {
        const response = await fetch(`${apiUrl}/readyz`);
        if (response.status !== 200) throw new Error(await response.text());
      },
      { timeoutMs: 120_000, intervalMs: 250 },
    );
    await floorsReady;
    const pids = role === 'all' ? `one process (HOOKFLOW_ROLE=all), pid ${api.pid}` : `worker pid ${worker.pid}, api pid ${api.pid}`;
    log(`hookflow API ${apiUrl}, ${pids}; floor workers pid ${floor.pid} and ${floorDefault.pid} (default partitions)`);

    return {
      work,
      databaseUrl,
      db,
      temporalAddress: temporal.address,
      temporalPid: temporal.process.pid as number,
      postgresPid,
      apiUrl,
      adminKey,
      taskQueue,
      floorTaskQueue,
      role,
      worker,
      api,
      floor,
      floorDefault,
      defaultPartitions: { address: defaultPartitions.address, temporalPid: defaultPartitions.process.pid as number },
      versions: { postgres: pgVersion, temporal: temporalVersion },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
