import type { Client, Connection } from '@temporalio/client';
import { type Config, requireDatabaseUrl, requireSecretEncryptionKey } from './config';
import { createDatabase, type DatabaseHandle, type Db } from './db/database';
import { type ResolveHost, TargetGuard } from './delivery/target-guard';
import { createLogger, type Logger } from './lib/logger';
import { SecretBox } from './lib/secret-box';
import { connectTemporalClient } from './temporal/client';
import type { DeliveryDefaults } from './temporal/deliver';
import { START_DRAIN_MS, StartQueue } from './temporal/start-queue';

/** Every dependency a process needs, built once. Tests build it with overrides. */
export interface AppContext {
  config: Config;
  logger: Logger;
  db: Db;
  temporal: Client;
  temporalConnection: Connection;
  deliveryDefaults: DeliveryDefaults;
  /** Starts the workflows of committed publishes, after the publish has answered. */
  starts: StartQueue;
  /** The SSRF guard: checks endpoint URLs on save and every delivery connection. */
  targetGuard: TargetGuard;
  /** Seals and opens endpoint signing secrets (SECRET_ENCRYPTION_KEY). */
  secretBox: SecretBox;
  close(): Promise<void>;
}

export async function createContext(
  config: Config,
  overrides: { logger?: Logger; name?: string; resolveHost?: ResolveHost } = {},
): Promise<AppContext> {
  // Checked before anything opens, so a missing key fails start-up with one clear line.
  const secretBox = new SecretBox(requireSecretEncryptionKey(config));
  const logger = overrides.logger ?? createLogger({ level: config.log.level, pretty: config.log.pretty, name: overrides.name });
  const database: DatabaseHandle = createDatabase(requireDatabaseUrl(config), {
    poolMax: config.database.poolMax,
    preparedStatements: config.database.preparedStatements,
    applicationName: overrides.name ?? 'hookflow',
  });
  const temporal = await connectTemporalClient(config.temporal).catch(async (error: unknown) => {
    await database.close();
    throw new Error(`Cannot reach Temporal at ${config.temporal.address}: ${(error as Error).message}`, { cause: error });
  });
  const deliveryDefaults: DeliveryDefaults = {
    taskQueue: config.temporal.taskQueue,
    retryScheduleMs: config.delivery.retryScheduleMs,
    timeoutMs: config.delivery.timeoutMs,
  };
  const starts = new StartQueue({
    client: temporal.client,
    defaults: deliveryDefaults,
    logger,
    concurrency: config.delivery.startConcurrency,
    maxBacklog: config.delivery.startBacklogMax,
    burstHoldMs: config.delivery.burstStartHoldMs,
  });
  return {
    config,
    logger,
    db: database.db,
    temporal: temporal.client,
    temporalConnection: temporal.connection,
    deliveryDefaults,
    starts,
    targetGuard: new TargetGuard(config.security.allowedTargetCidrs, overrides.resolveHost),
    secretBox,
    async close() {
      // What is still queued after this is committed `new`: reconcile starts it.
      await starts.drain(START_DRAIN_MS);
      await temporal.close();
      await database.close();
    },
  };
}
