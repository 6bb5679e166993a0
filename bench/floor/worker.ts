import { bundleWorkflowCode, NativeConnection, Runtime, DefaultLogger, Worker } from '@temporalio/worker';
import { floorActivities, receipts } from './activities';

/**
 * The floor's worker, a child process of the bench like hookflow's worker: its own task
 * queue, the bare workflow bundled with bundleWorkflowCode, the same activity
 * concurrency as hookflow's worker. Answers `receipts` over IPC with the activity times.
 */
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
  });
  process.on('message', (message: { type?: string; id?: number; from?: number }) => {
    if (message?.type === 'receipts') {
      process.send?.({ type: 'receipts', id: message.id, receipts: receipts.slice(message.from ?? 0), total: receipts.length });
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
