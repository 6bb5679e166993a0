import { Client } from '@temporalio/client';
import { bundleWorkflowCode, NativeConnection, Runtime, DefaultLogger, Worker } from '@temporalio/worker';
import { floorActivities, receipts } from './activities';
import { DEFAULT_WORKFLOW_TASK_SLOTS } from '../../src/config/env-schema';

/**
 * The floor's worker, a child process of the bench like hookflow's worker: its own task
 * queue, the bare workflows bundled with bundleWorkflowCode, the same activity
 * concurrency as hookflow's worker. Answers over IPC: `receipts` (the activity times) and
 * `start` (starts workflows itself, with a Client on this worker's own NativeConnection and
 * `requestEagerStart`, so the server can hand the first workflow task back in the start's
 * answer: the eager-start ceiling).
 */
interface StartRequest {
  type: 'start';
  id: number;
  workflow: string;
  run: string;
  count: number;
  concurrency: number;
  eager: boolean;
}

async function startAll(client: Client, taskQueue: string, request: StartRequest) {
  let next = 0;
  let eagerlyStarted = 0;
  const startMs: number[] = [];
  const firstAt = Date.now();
  const lane = async () => {
    while (next < request.count) {
      const i = next++;
      const t0 = performance.now();
      const handle = await client.workflow.start(request.workflow, {
        taskQueue,
        workflowId: `${request.run}-${i}`,
        args: [{ sentAt: Date.now() }],
        requestEagerStart: request.eager,
      });
      startMs.push(performance.now() - t0);
      if (handle.eagerlyStarted) eagerlyStarted++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(request.concurrency, request.count) }, lane));
  return { firstAt, eagerlyStarted, startMs };
}

async function main(): Promise<void> {
  const address = process.env.FLOOR_TEMPORAL_ADDRESS as string;
  const taskQueue = process.env.FLOOR_TASK_QUEUE as string;
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const bundle = await bundleWorkflowCode({
    workflowsPath: require.resolve('./workflows'),
    logger: {
      log: () => undefined,
      trace: () => undefined,
      debug: () => undefined,
      info: () => undefined,
      warn: () => undefined,
      error: (m) => process.stderr.write(`${m}\n`),
    },
  });
  const connection = await NativeConnection.connect({ address });
  const worker = await Worker.create({
    connection,
    namespace: 'default',
    taskQueue,
    workflowBundle: bundle,
    activities: floorActivities,
    maxConcurrentActivityTaskExecutions: 100,
    // As hookflow's worker holds workflow tasks (WORKER_WORKFLOW_TASK_SLOTS): the same room for eager starts.
    maxConcurrentWorkflowTaskExecutions: Number(process.env.WORKER_WORKFLOW_TASK_SLOTS ?? DEFAULT_WORKFLOW_TASK_SLOTS),
  });
  // Eager start needs the client on the worker's own connection.
  const client = new Client({ connection, namespace: 'default' });
  process.on('message', (message: { type?: string; id?: number; from?: number } | StartRequest) => {
    if (message?.type === 'receipts') {
      const from = (message as { from?: number }).from ?? 0;
      process.send?.({ type: 'receipts', id: message.id, receipts: receipts.slice(from), total: receipts.length });
    } else if (message?.type === 'start') {
      const request = message as StartRequest;
      startAll(client, taskQueue, request).then(
        (result) => process.send?.({ type: 'started', id: request.id, ...result }),
        (error: unknown) => process.send?.({ type: 'started', id: request.id, error: (error as Error).message }),
      );
    }
  });
  (process.channel as unknown as { unref?: () => void } | undefined)?.unref?.();
  process.send?.({ type: 'ready' });
  await worker.run();
  await connection.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`floor worker: ${(error as Error).stack}\n`);
  process.exit(1);
});
