import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDatabaseIfMissing } from '../../src/dev/embedded-postgres';
import { resolveTemporalCli } from '../../src/dev/temporal-cli';
import { freePort } from '../helpers/ports';
import { requireTestEnv, uniqueName } from '../helpers/stack';

const ROOT = path.resolve(__dirname, '..', '..');
const NODE = path.join(ROOT, 'node_modules', '.bin', 'node');

interface Launch {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Starts `npm run dev`'s program in its own process group, as a terminal would. */
function launch(env: Record<string, string>): Launch {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !['DATABASE_URL', 'TEMPORAL_ADDRESS', 'ADMIN_API_KEY', 'PORT', 'NODE_ENV'].includes(name),
    ),
  );
  // Exactly what `npm run dev` runs.
  const child = spawn(NODE, ['--import', 'tsx', 'src/dev.ts'], {
    cwd: ROOT,
    env: { ...clean, LOG_LEVEL: 'warn', ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitForOutput(run: Launch, text: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!run.output().includes(text)) {
    if (run.child.exitCode !== null) throw new Error(`dev exited (${run.child.exitCode}):\n${run.output()}`);
    if (Date.now() > deadline) throw new Error(`no "${text}" within ${timeoutMs} ms:\n${run.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Live processes of a group. Zombies (`<defunct>`) are dead already, only not yet reaped. */
function groupProcesses(pgid: number): string[] {
  try {
    return execFileSync('ps', ['-o', 'pid=,stat=,args=', '-g', String(pgid)])
      .toString()
      .trim()
      .split('\n')
      .filter((line) => line && !/^\s*\d+\s+Z/.test(line));
  } catch {
    return []; // ps exits 1 when the group is empty
  }
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Ctrl-C: SIGINT to the whole process group; resolves with the launcher's exit code. */
async function interrupt(run: Launch): Promise<number | null> {
  process.kill(-run.child.pid!, 'SIGINT');
  return run.exited;
}

describe('npm run dev', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'hookflow-dev-e2e-'));
  chmodSync(dataDir, 0o755);
  let ports: Record<'PORT' | 'TEMPORAL_PORT' | 'TEMPORAL_UI_PORT' | 'EMBEDDED_PG_PORT' | 'METRICS_PORT', string>;
  const running: Launch[] = [];

  beforeAll(async () => {
    resolveTemporalCli({ build: true }); // build once, outside the timed start-up
    ports = {
      PORT: String(await freePort()),
      TEMPORAL_PORT: String(await freePort()),
      TEMPORAL_UI_PORT: String(await freePort()),
      EMBEDDED_PG_PORT: String(await freePort()),
      METRICS_PORT: String(await freePort()),
    };
  }, 600_000);

  afterAll(async () => {
    for (const run of running) {
      if (run.child.exitCode === null) {
        try {
          process.kill(-run.child.pid!, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
  });

  const start = () => {
    const run = launch({ HOOKFLOW_DATA_DIR: dataDir, ...ports });
    running.push(run);
    return run;
  };
  const api = (pathname: string, key?: string, init: RequestInit = {}) =>
    fetch(`http://127.0.0.1:${ports.PORT}${pathname}`, {
      ...init,
      headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), 'content-type': 'application/json' },
    });

  it('brings the stack up, stops every process on Ctrl-C, and keeps the data for the next run', async () => {
    const first = start();
    await waitForOutput(first, 'hookflow is up', 180_000);
    const adminKey = JSON.parse(readFileSync(path.join(dataDir, 'dev-secrets.json'), 'utf8')).adminApiKey as string;
    expect(first.output()).toContain(`Admin API key    ${adminKey}`);
    expect(first.output()).toContain(`http://127.0.0.1:${ports.PORT}`);
    expect(first.output()).toContain(`http://localhost:${ports.TEMPORAL_UI_PORT}`);

    const ready = await api('/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ checks: { postgres: { ok: true }, temporal: { ok: true }, worker: { ok: true } } });
    const ui = await fetch(`http://127.0.0.1:${ports.TEMPORAL_UI_PORT}/`);
    expect(ui.status).toBe(200);
    expect((await api('/v1/tenants', adminKey, { method: 'POST', body: JSON.stringify({ id: 'kept', name: 'Kept' }) })).status).toBe(201);
    // Metrics on the API's port and on the worker's METRICS_PORT (with the SDK's temporal_* ones).
    expect(first.output()).toContain(`http://127.0.0.1:${ports.METRICS_PORT}/metrics`);
    expect(await (await api('/metrics')).text()).toContain('hookflow_http_requests_total{');
    const workerMetrics = await (await fetch(`http://127.0.0.1:${ports.METRICS_PORT}/metrics`)).text();
    expect(workerMetrics).toContain('hookflow_delivery_attempts_total{');
    expect(workerMetrics).toMatch(/^temporal_\w+/m);
    // A ready portal link for the demo tenant: the page is served and its session works.
    const portalLink = /Customer portal {2}(\S+)/.exec(first.output())?.[1] ?? '';
    expect(portalLink).toMatch(new RegExp(`^http://localhost:${ports.PORT}/portal/#tenant=demo&session=hfps_`));
    expect((await api('/portal/')).status).toBe(200);
    const session = new URLSearchParams(new URL(portalLink).hash.slice(1)).get('session') ?? '';
    expect((await api('/v1/tenants/demo/portal-sessions/current', session)).status).toBe(200);

    const pgid = first.child.pid!;
    expect(groupProcesses(pgid).join('\n')).toMatch(/temporal server start-dev[\s\S]*|postgres/);
    expect(await interrupt(first)).toBe(0);
    expect(groupProcesses(pgid)).toEqual([]);
    for (const port of Object.values(ports)) expect(await portOpen(Number(port))).toBe(false);

    const second = start();
    const started = Date.now();
    await waitForOutput(second, 'hookflow is up', 60_000);
    process.stderr.write(`[e2e] second start-up took ${Date.now() - started} ms\n`);
    expect(second.output()).toContain(`Admin API key    ${adminKey}`);
    expect(second.output()).toMatch(/Customer portal {2}http:\/\/localhost:\d+\/portal\/#tenant=demo&session=hfps_/);
    const kept = await api('/v1/tenants/kept', adminKey);
    expect(kept.status).toBe(200);
    expect(await kept.json()).toMatchObject({ id: 'kept', name: 'Kept' });
    expect(await interrupt(second)).toBe(0);
    expect(groupProcesses(second.child.pid!)).toEqual([]);
  }, 300_000);

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://localhost/nope'],
  ])(
    'a bad %s (%s) stops start-up with one line naming it',
    async (name, value) => {
      const run = launch({ HOOKFLOW_DATA_DIR: dataDir, ...ports, [name]: value });
      running.push(run);
      expect(await run.exited).toBe(78);
      const lines = run.output().trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^hookflow dev: Invalid configuration: ${name} `));
      expect(groupProcesses(run.child.pid!)).toEqual([]);
    },
    60_000,
  );

  it('a Temporal CLI that cannot be run stops start-up with one line naming it, before anything starts', async () => {
    const cli = path.join(dataDir, 'unrunnable-temporal');
    writeFileSync(cli, '#!/bin/sh\nexit 0\n');
    chmodSync(cli, 0o000); // not even root may execute it
    const run = launch({ HOOKFLOW_DATA_DIR: dataDir, ...ports, TEMPORAL_CLI: cli });
    running.push(run);
    expect(await run.exited).toBe(1);
    expect(run.output().trim().split('\n')).toEqual([
      `hookflow dev: TEMPORAL_CLI is set to "${cli}", which is not an executable file; point it at a \`temporal\` binary you can run, or unset it`,
    ]);
    expect(groupProcesses(run.child.pid!)).toEqual([]);
  }, 60_000);

  it('uses TEMPORAL_ADDRESS and DATABASE_URL when given, starting neither server', async () => {
    // The global setup's servers play the existing Temporal cluster and PostgreSQL.
    const temporalAddress = requireTestEnv('HOOKFLOW_TEST_TEMPORAL_ADDRESS');
    const adminUrl = requireTestEnv('HOOKFLOW_TEST_ADMIN_DATABASE_URL');
    const database = uniqueName('hookflow_external');
    await createDatabaseIfMissing(adminUrl, database);
    const databaseUrl = new URL(adminUrl);
    databaseUrl.pathname = `/${database}`;

    const run = launch({
      HOOKFLOW_DATA_DIR: dataDir,
      ...ports,
      TEMPORAL_ADDRESS: temporalAddress,
      TEMPORAL_TASK_QUEUE: uniqueName('e2e'),
      DATABASE_URL: databaseUrl.toString(),
      ADMIN_API_KEY: 'external-admin-key-0123456789',
    });
    running.push(run);
    await waitForOutput(run, 'hookflow is up', 120_000);
    expect(run.output()).toContain(`using the Temporal server at ${temporalAddress}`);
    expect(run.output()).toContain('using PostgreSQL from DATABASE_URL');
    expect(run.output()).toContain('Admin API key    (from ADMIN_API_KEY)');
    const group = groupProcesses(run.child.pid!).join('\n');
    expect(group).not.toMatch(/start-dev/);
    expect(group).not.toMatch(/bin\/postgres/);
    expect((await api('/readyz')).status).toBe(200);
    expect((await api('/v1/tenants', 'external-admin-key-0123456789')).status).toBe(200);
    expect(await interrupt(run)).toBe(0);
    expect(groupProcesses(run.child.pid!)).toEqual([]);
  }, 180_000);
});
