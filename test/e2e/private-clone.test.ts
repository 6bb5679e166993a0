import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { resolveTemporalCli } from '../../src/dev/temporal-cli';
import { freePort } from '../helpers/ports';

const ROOT = path.resolve(__dirname, '..', '..');
const asRoot = process.getuid?.() === 0;

interface Run {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** An npm command in the clone, in its own process group, with none of this test run's own settings. */
function npm(cwd: string, args: string[], env: Record<string, string>): Run {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) =>
        !/^(npm_|HOOKFLOW_|JEST_)/i.test(name) &&
        !['DATABASE_URL', 'TEST_DATABASE_URL', 'TEMPORAL_ADDRESS', 'ADMIN_API_KEY', 'PORT', 'NODE_ENV', 'INIT_CWD'].includes(name),
    ),
  );
  const child = spawn('npm', args, { cwd, env: { ...inherited, ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitForOutput(run: Run, text: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!run.output().includes(text)) {
    if (run.child.exitCode !== null) throw new Error(`exited (${run.child.exitCode}) before "${text}":\n${run.output()}`);
    if (Date.now() > deadline) throw new Error(`no "${text}" within ${timeoutMs} ms:\n${run.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function killGroup(run: Run | undefined): void {
  if (!run || run.child.exitCode !== null || run.child.signalCode !== null) return;
  try {
    process.kill(-run.child.pid!, 'SIGKILL');
  } catch {
    // gone already
  }
}

/**
 * The README's two commands as root in a clone other users cannot enter (issue 19): a
 * mode-700 `mktemp -d` folder, as /root is. PostgreSQL runs as the `postgres` user, so its
 * binaries and data must live where that user can go. Also checks that the two commands
 * leave the clone's `git status` clean (issue 18). node_modules comes from this checkout
 * by hard links (same files, inside the private folder), so nothing is downloaded.
 */
describe('npm run dev and npm test in a private clone, as root', () => {
  if (!asRoot) {
    it.skip('skipped: needs root (only root runs PostgreSQL as another user; run the suite as root to cover it)', () => undefined);
    return;
  }

  const outer = mkdtempSync(path.join(tmpdir(), 'hookflow-private-'));
  const clone = path.join(outer, 'hookflow');
  // A fresh temp dir for the dev run, so it makes its own copy of the PostgreSQL binaries
  // from the private clone rather than finding one made earlier.
  const devTmp = mkdtempSync(path.join(tmpdir(), 'hookflow-private-tmp-'));
  chmodSync(devTmp, 0o755);
  const runs: Run[] = [];
  let postgresData: string | undefined;

  afterAll(() => {
    runs.forEach(killGroup);
    for (const dir of [outer, devTmp, postgresData && path.dirname(postgresData)]) {
      if (dir) rmSync(dir, { recursive: true, force: true });
    }
  });

  it('clones into a mode-700 folder; npm run dev serves /readyz, one integration test file passes, git status stays clean', async () => {
    expect(statSync(outer).mode & 0o777).toBe(0o700);
    execFileSync('git', ['clone', '--quiet', ROOT, clone]);
    execFileSync('git', ['-C', clone, 'checkout', '--quiet', execFileSync('git', ['-C', ROOT, 'rev-parse', 'HEAD']).toString().trim()]);
    try {
      execFileSync('cp', ['-al', path.join(ROOT, 'node_modules'), path.join(clone, 'node_modules')]);
    } catch {
      execFileSync('cp', ['-a', path.join(ROOT, 'node_modules'), path.join(clone, 'node_modules')]); // another filesystem
    }
    const TEMPORAL_CLI = resolveTemporalCli({ build: true });
    const ports = {
      PORT: String(await freePort()),
      TEMPORAL_PORT: String(await freePort()),
      TEMPORAL_UI_PORT: String(await freePort()),
      EMBEDDED_PG_PORT: String(await freePort()),
    };

    const dev = npm(clone, ['run', 'dev'], { ...ports, TEMPORAL_CLI, TMPDIR: devTmp, LOG_LEVEL: 'warn' });
    runs.push(dev);
    await waitForOutput(dev, '[dev] starting embedded PostgreSQL', 120_000);
    postgresData = /\(data in (\S+)\)/.exec(dev.output())?.[1]; // known now, so afterAll removes it whatever happens next
    await waitForOutput(dev, 'hookflow is up', 240_000);
    // The postgres user cannot enter the clone, so its data lives outside, in a folder it can reach.
    expect(postgresData).toMatch(/^\/var\/lib\/hookflow\/[^/]+\/postgres$/);
    expect(dev.output()).toContain(`PostgreSQL data  ${postgresData}`);
    expect(existsSync(path.join(postgresData!, 'PG_VERSION'))).toBe(true);
    expect(readdirSync(devTmp)).toEqual(expect.arrayContaining([expect.stringMatching(/^hookflow-postgres-/)]));
    const ready = await fetch(`http://127.0.0.1:${ports.PORT}/readyz`);
    expect(ready.status).toBe(200);
    process.kill(-dev.child.pid!, 'SIGINT'); // Ctrl-C
    await dev.exited;
    expect(dev.output()).toContain('[dev] stopped');
    expect(dev.output()).not.toMatch(/EACCES|Unhandled 'error' event/);

    const test = npm(clone, ['test', '--', 'test/integration/smoke.test.ts'], { TEMPORAL_CLI });
    runs.push(test);
    const code = await test.exited;
    if (code !== 0) throw new Error(`npm test in the clone exited ${code}:\n${test.output()}`);
    expect(test.output()).toMatch(/Tests: +\d+ passed, \d+ total/);
    expect(test.output()).not.toMatch(/Force exiting|did not exit one second/);

    expect(execFileSync('git', ['-C', clone, 'status', '--porcelain']).toString()).toBe('');
  }, 600_000);
});
