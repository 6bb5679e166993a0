import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
/** The project's pinned Node 24 (an ELF binary, so the child's pid is node's own). */
export const NODE = path.join(ROOT, 'node_modules', '.bin', 'node');

export interface ManagedProcess {
  name: string;
  child: ChildProcess;
  pid: number;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code, or the signal's name, once the process has exited. */
  exited: Promise<number | string>;
  running(): boolean;
  /** Signals the whole process group (the process and anything it started). */
  signal(signal: NodeJS.Signals): void;
  /** Waits for `text` in the output; throws if the process exits first or the time runs out. */
  waitForOutput(text: string | RegExp, timeoutMs: number): Promise<void>;
}

const live = new Set<ManagedProcess>();

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is gone already
  }
}

// Backstop: whatever happens to the test run, no child outlives it.
process.once('exit', () => {
  for (const managed of live) killGroup(managed.pid, 'SIGKILL');
});

/**
 * Runs a Node entry point (through tsx, as `npm run worker` does) in its own process
 * group, with exactly `env` (plus PATH and HOME), so a signal reaches it and everything
 * it started, and nothing is inherited from the test's own environment by accident.
 */
export function spawnNode(name: string, entry: string, env: Record<string, string>, args: string[] = []): ManagedProcess {
  const child = spawn(NODE, ['--import', 'tsx', path.join(ROOT, entry), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const append = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > 2_000_000) output = output.slice(-1_000_000);
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => {
      live.delete(managed);
      resolve(signal ?? code ?? -1);
    });
  });
  const managed: ManagedProcess = {
    name,
    child,
    pid: child.pid!,
    output: () => output,
    exited,
    running: () => child.exitCode === null && child.signalCode === null,
    signal: (signal) => killGroup(child.pid!, signal),
    async waitForOutput(text, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      const found = () => (typeof text === 'string' ? output.includes(text) : text.test(output));
      while (!found()) {
        if (!managed.running()) throw new Error(`${name} exited (${await exited}) before printing ${text}:\n${output.slice(-4_000)}`);
        if (Date.now() > deadline) throw new Error(`${name} printed no ${text} within ${timeoutMs} ms:\n${output.slice(-4_000)}`);
        await sleep(100);
      }
    },
  };
  live.add(managed);
  started.push(managed);
  return managed;
}

/** SIGTERM to the group, SIGKILL after `graceMs`; resolves with how it exited. */
export async function stopProcess(managed: ManagedProcess, graceMs = 10_000): Promise<number | string> {
  if (!managed.running()) return managed.exited;
  managed.signal('SIGTERM');
  const timer = setTimeout(() => managed.signal('SIGKILL'), graceMs);
  try {
    return await managed.exited;
  } finally {
    clearTimeout(timer);
  }
}

const started: ManagedProcess[] = [];

/**
 * For afterAll: SIGKILL every group still running and wait until each has exited. With
 * `dumpOutput`, prints the tail of what each process wrote (warnings and crashes), so a
 * failure in CI shows what the worker or API said.
 */
export async function killAllProcesses(options: { dumpOutput?: boolean } = {}): Promise<void> {
  if (options.dumpOutput !== false) {
    for (const managed of started) {
      const tail = managed.output().trim().slice(-3_000);
      if (tail) process.stderr.write(`\n[${managed.name} pid ${managed.pid}] output (tail):\n${tail}\n`);
    }
  }
  const running = [...live];
  for (const managed of running) managed.signal('SIGKILL');
  // Bounded, with a timer cleared on exit: a bare sleep() in the race would keep jest alive 10 s.
  await Promise.all(running.map((managed) => within(managed.exited, 10_000, `${managed.name} exiting`).catch(() => undefined)));
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Resolves with `promise`'s value, or throws when it takes longer than `ms`. */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
