import { spawn } from 'node:child_process';
import { Connection } from '@temporalio/client';
import { stopChild } from '../../src/dev/temporal-dev-server';
import { waitFor } from '../../src/dev/wait';

/**
 * A second Temporal dev server, the same CLI, with the server's default task-queue
 * partitions (4): for the "floor, default partitions" ceiling only. `npm run dev`'s server
 * (and the bench's main one) runs with ONE_WORKER_DYNAMIC_CONFIG, one partition; the CLI's
 * `--dynamic-config-value` sets a value for every task queue (the dev server wraps each one
 * as a single unconstrained value), so the default shape needs its own server. Headless,
 * in memory, no search attributes (the bare floor workflow sets none).
 */
export async function startDefaultPartitionsServer(cli: string, port: number) {
  const address = `127.0.0.1:${port}`;
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--namespace', 'default', '--headless'];
  args.push('--log-level', 'warn', '--log-format', 'json', '--metrics-port', '0', '--http-port', '0');
  const child = spawn(cli, args, { stdio: 'ignore' });
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = String(signal ?? code)));
  child.once('error', (error) => (exited = error.message));
  await waitFor(
    `the default-partitions Temporal dev server on ${address}`,
    async () => {
      const connection = await Connection.connect({ address, connectTimeout: 1_000 });
      try {
        await connection.workflowService.getSystemInfo({});
      } finally {
        await connection.close();
      }
    },
    { timeoutMs: 60_000, intervalMs: 250, stopEarly: () => (exited ? new Error(`it exited (${exited})`) : undefined) },
  ).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });
  return { address, process: child, stop: () => stopChild(child) };
}
