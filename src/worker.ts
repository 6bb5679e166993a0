import { ConfigError, loadConfigOrExit } from './config';
import { createContext } from './context';
import { migrateToLatest } from './db/migrate';
import { sealPlaintextHeaders, sealPlaintextSecrets } from './services/endpoint-secrets';
import { prepareWorker } from './temporal/start-worker';

/**
 * The worker process: `npm run worker` (or `node dist/worker.js`). On SIGTERM/SIGINT the
 * SDK stops polling and lets in-flight attempts finish within the shutdown grace time.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const ctx = await createContext(config, { name: 'hookflow-worker' });
  await migrateToLatest(ctx.db);
  await sealPlaintextSecrets(ctx.db, ctx.secretBox);
  await sealPlaintextHeaders(ctx.db, ctx.secretBox);
  const { worker, close } = await prepareWorker(ctx);
  ctx.logger.info({ taskQueue: config.temporal.taskQueue, namespace: config.temporal.namespace }, 'worker polling');
  await worker.run();
  await close();
  await ctx.close();
  ctx.logger.info('worker stopped');
}

main().catch((error: unknown) => {
  process.stderr.write(`hookflow worker: ${error instanceof ConfigError ? error.message : (error as Error).stack}\n`);
  process.exit(error instanceof ConfigError ? 78 : 1);
});
