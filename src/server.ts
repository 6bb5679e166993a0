import { ConfigError, loadConfigOrExit } from './config';
import { createContext } from './context';
import { runMain } from './lib/run-main';
import { startTracing } from './lib/tracing';
import { createApiService } from './lifecycle';

/** The API process: `npm run api` (or `node dist/server.js`). */
runMain('api', async () => {
  const config = loadConfigOrExit();
  if (!config.adminApiKey) throw new ConfigError('ADMIN_API_KEY is not set: the API needs it (at least 16 characters)');
  // Before the context: its Temporal client carries the tracing interceptor when tracing is on.
  const tracing = startTracing(config.tracing, 'hookflow-api');
  const ctx = await createContext(config, { name: 'hookflow-api' });
  const service = createApiService(ctx, config.http);
  const url = await service.start();
  ctx.logger.info(
    { url, taskQueue: config.temporal.taskQueue, adminApiKeyConfigured: true, tracing: tracing.enabled },
    `API listening on ${url}`,
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    ctx.logger.info({ signal }, 'draining HTTP requests');
    await service.stop();
    await ctx.close();
    await tracing.shutdown();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
});
