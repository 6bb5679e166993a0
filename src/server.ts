import { createApp } from './api/app';
import { listen } from './api/listen';
import { ConfigError, loadConfigOrExit } from './config';
import { createContext } from './context';
import { migrateToLatest } from './db/migrate';
import { sealPlaintextHeaders, sealPlaintextSecrets } from './services/endpoint-secrets';

/** The API process: `npm run api` (or `node dist/server.js`). */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  if (!config.adminApiKey) throw new ConfigError('ADMIN_API_KEY is not set: the API needs it (at least 16 characters)');
  const ctx = await createContext(config, { name: 'hookflow-api' });
  await migrateToLatest(ctx.db);
  await sealPlaintextSecrets(ctx.db, ctx.secretBox);
  await sealPlaintextHeaders(ctx.db, ctx.secretBox);
  const listening = await listen(createApp(ctx), config.http.host, config.http.port);
  ctx.logger.info(
    { url: listening.url, taskQueue: config.temporal.taskQueue, adminApiKeyConfigured: true },
    `API listening on ${listening.url}`,
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    ctx.logger.info({ signal }, 'draining HTTP requests');
    await listening.close();
    await ctx.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`hookflow api: ${error instanceof ConfigError ? error.message : (error as Error).stack}\n`);
  process.exit(error instanceof ConfigError ? 78 : 1);
});
