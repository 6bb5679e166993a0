import { ConfigError, loadConfigOrExit } from './config';
import { createContext } from './context';
import { runMain } from './lib/run-main';
import { assertTemporalSettingsWork, describeTemporalConnection } from './temporal/connection';
import { startTracing } from './lib/tracing';
import { createApiService, createWorkerService } from './lifecycle';

/**
 * The API process: `npm run api` (or `node dist/server.js`). With HOOKFLOW_ROLE=all it
 * runs a worker too, in the same process (what `npm run dev` does): publishes then start
 * their delivery workflows eagerly on that worker.
 */
runMain('api', async () => {
  const config = loadConfigOrExit();
  if (!config.adminApiKey) throw new ConfigError('ADMIN_API_KEY is not set: the API needs it (at least 16 characters)');
  const all = config.role === 'all';
  // A wrong CA, a missing client certificate or a refused API key stops us here, named.
  await assertTemporalSettingsWork(config.temporal);
  // Before the context: its Temporal client carries the tracing interceptor when tracing is on.
  const tracing = startTracing(config.tracing, all ? 'hookflow' : 'hookflow-api');
  const ctx = await createContext(config, { name: all ? 'hookflow' : 'hookflow-api' });
  const worker = all ? createWorkerService(ctx, { eagerStarts: true, sdkMetrics: true }) : undefined;
  // The worker first: the API's first publish can then start eagerly.
  await worker?.start();
  const service = createApiService(ctx, config.http);
  const url = await service.start();
  ctx.logger.info(
    {
      url,
      role: config.role,
      temporal: describeTemporalConnection(config.temporal),
      taskQueue: config.temporal.taskQueue,
      adminApiKeyConfigured: true,
      tracing: tracing.enabled,
    },
    `API listening on ${url}${all ? ' (and a worker in this process)' : ''}`,
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    ctx.logger.info({ signal }, 'draining HTTP requests');
    await service.stop();
    // Then in-flight attempts finish (the SDK's grace time) and the queued starts go out.
    await worker?.stop();
    await ctx.close();
    await tracing.shutdown();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  // The worker stopped on its own (a fatal error): the process goes with it.
  void worker?.done.then(() => stop('worker stopped'));
});
