import type { Client } from '@temporalio/client';
import { spawnApi, spawnWorker, waitForPoller } from '../../faults/support/hookflow-processes';
import { once } from 'node:events';
import { type ManagedProcess, sleep, within } from '../../faults/support/processes';
import { freePort } from '../../helpers/ports';

/**
 * hookflow as separate processes against the cluster: `npm run worker` and `npm run api`
 * (node --import tsx src/worker.ts | src/server.ts) with an operator's settings.
 */
export async function startWorkerProcess(env: Record<string, string>, name: string, client: Client) {
  const worker = spawnWorker(env, name);
  await waitForPoller(client, env.TEMPORAL_TASK_QUEUE as string, worker);
  return worker;
}

export async function startApiProcess(env: Record<string, string>, name: string): Promise<{ process: ManagedProcess; url: string }> {
  const port = await freePort();
  const api = spawnApi({ ...env, HOST: '127.0.0.1', PORT: String(port) }, name);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (!api.running()) throw new Error(`${name} exited (${await api.exited}):\n${api.output().slice(-4_000)}`);
    const ready = await fetch(`${url}/readyz`).then(
      (response) => response.status === 200,
      () => false,
    );
    if (ready) return { process: api, url };
    if (Date.now() > deadline) throw new Error(`${name} was not ready within 60 s:\n${api.output().slice(-4_000)}`);
    await sleep(250);
  }
}

/** A process that must refuse to start: resolves with its exit status and all it printed. */
export async function expectRefusal(spawned: ManagedProcess): Promise<{ exit: number | string; output: string }> {
  const exit = await within(spawned.exited, 60_000, `${spawned.name} exiting`).catch((error: Error) => {
    spawned.signal('SIGKILL');
    return error.message;
  });
  // 'exit' may come before the last output is read: wait for the pipes to close too.
  const { stdout, stderr } = spawned.child;
  if (!(stdout?.closed && stderr?.closed)) await within(once(spawned.child, 'close'), 5_000, 'output closing').catch(() => undefined);
  return { exit, output: spawned.output() };
}
