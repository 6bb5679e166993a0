import { loadConfigOrExit } from './config';
import { createContext } from './context';
import { runMain } from './lib/run-main';
import { assertTemporalSettingsWork, describeTemporalConnection } from './temporal/connection';
import { startTracing } from './lib/tracing';
import { createWorkerService } from './lifecycle';

/**
 * The worker process: `npm run worker` (or `node dist/worker.js`). On SIGTERM/SIGINT the
 * SDK stops polling and lets in-flight attempts finish within the shutdown grace time.
 */
runMain('worker', async () => {
  const config = loadConfigOrExit();
  // A wrong CA, a missing client certificate or a refused API key stops us here, named.
  await assertTemporalSettingsWork(config.temporal);
  // Before the context and the worker: both take their tracing interceptors at creation.
  const tracing = startTracing(config.tracing, 'hookflow-worker');
  const ctx = await createContext(config, { name: 'hookflow-worker' });
  const service = createWorkerService(ctx);
  await service.start();
  ctx.logger.info(
    {
      taskQueue: config.temporal.taskQueue,
      namespace: config.temporal.namespace,
      temporal: describeTemporalConnection(config.temporal),
      metricsUrl: service.metricsUrl,
      tracing: tracing.enabled,
    },
    'worker polling',
  );
  // The SDK itself stops polling on SIGTERM/SIGINT; then the service closes what it opened.
  await service.done;
  await service.stop();
  await ctx.close();
  await tracing.shutdown();
  ctx.logger.info('worker stopped');
});
