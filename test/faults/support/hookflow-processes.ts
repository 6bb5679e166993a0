import { randomBytes } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { requireTestEnv } from '../../helpers/stack';
import { type ManagedProcess, sleep, spawnNode } from './processes';

/**
 * What every hookflow in one test file shares, in-process API and spawned processes
 * alike: traffic stays on loopback (receivers listen on 127.0.0.1, and the SSRF guard
 * is told to allow it), and one key seals and opens the endpoints' signing secrets.
 */
export const SHARED_ENV: Readonly<Record<string, string>> = {
  ALLOWED_TARGET_CIDRS: '127.0.0.0/8,::1/128',
  SECRET_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
};

/** Settings of a spawned hookflow process: SHARED_ENV, quiet logs, the pre-built bundle. */
export function baseEnv(overrides: Record<string, string>): Record<string, string> {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    WORKFLOW_BUNDLE_PATH: requireTestEnv('HOOKFLOW_TEST_BUNDLE_PATH'),
    RECONCILE_INTERVAL: '1h',
    ...SHARED_ENV,
    ...overrides,
  };
}

/** `node --import tsx src/worker.ts` (what `npm run worker` runs) with these settings. */
export function spawnWorker(env: Record<string, string>, name = 'worker'): ManagedProcess {
  return spawnNode(name, 'src/worker.ts', baseEnv(env));
}

/** `node --import tsx src/server.ts` (what `npm run api` runs) with these settings. */
export function spawnApi(env: Record<string, string>, name = 'api'): ManagedProcess {
  return spawnNode(name, 'src/server.ts', baseEnv(env));
}

/**
 * Waits until Temporal sees this very process polling the task queue: its poller
 * identity is `<pid>@<host>`. (Pollers of a killed worker stay listed for a while, so
 * "some poller" would not prove the new one is up.) In the client's namespace.
 */
export async function waitForPoller(client: Client, taskQueue: string, worker: ManagedProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!worker.running()) throw new Error(`${worker.name} exited (${await worker.exited}):\n${worker.output().slice(-4_000)}`);
    try {
      const response = await client.workflowService.describeTaskQueue({
        namespace: client.options.namespace,
        taskQueue: { name: taskQueue },
        taskQueueType: 1,
      });
      if ((response.pollers ?? []).some((p) => p.identity?.startsWith(`${worker.pid}@`))) return;
    } catch {
      // Temporal not reachable yet: keep waiting
    }
    if (Date.now() > deadline)
      throw new Error(
        `${worker.name} (pid ${worker.pid}) did not poll ${taskQueue} within ${timeoutMs} ms:\n${worker.output().slice(-4_000)}`,
      );
    await sleep(200);
  }
}
