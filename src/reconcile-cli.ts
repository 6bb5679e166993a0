import { loadConfigOrExit, requireDatabaseUrl } from './config';
import { createDatabase } from './db/database';
import { createLogger } from './lib/logger';
import { runMain } from './lib/run-main';
import { runReconcile } from './services/reconcile';
import { connectTemporalClient } from './temporal/client';
import { assertTemporalSettingsWork } from './temporal/connection';

/**
 * `npm run reconcile`: one reconcile pass by hand, with the worker's configuration. By
 * default a full pass (scope `all`): after Temporal lost its database, every `new` or
 * `retrying` delivery gets its workflow back at once, and pending retries wait until their
 * recorded time. `--due` runs the Schedule's pass instead. A worker must be polling the
 * task queue for the restarted deliveries to go on.
 */
const FULL_PASS_MIN_AGE_MS = 5_000;

runMain(
  'reconcile',
  async () => {
    const config = loadConfigOrExit();
    // A wrong CA, a missing client certificate or a refused API key stops us here, named.
    await assertTemporalSettingsWork(config.temporal);
    const scope = process.argv.includes('--due') ? 'due' : 'all';
    const logger = createLogger({ level: config.log.level, pretty: config.log.pretty, name: 'hookflow-reconcile' });
    const database = createDatabase(requireDatabaseUrl(config), { poolMax: 4, applicationName: 'hookflow-reconcile' });
    // The API's and the worker's connection code (address, namespace, TLS).
    const temporal = await connectTemporalClient(config.temporal);
    try {
      const deps = {
        db: database.db,
        client: temporal.client,
        logger,
        defaults: {
          taskQueue: config.temporal.taskQueue,
          retryScheduleMs: config.delivery.retryScheduleMs,
          timeoutMs: config.delivery.timeoutMs,
        },
      };
      // By hand, after a loss, every waiting delivery counts at once: only those younger than
      // a few seconds are left out (their publish may still be starting their workflow).
      const olderThanMs =
        scope === 'all' ? Math.min(FULL_PASS_MIN_AGE_MS, config.delivery.reconcileAfterMs) : config.delivery.reconcileAfterMs;
      const result = await runReconcile(deps, { scope, olderThanMs });
      process.stdout.write(
        `reconcile (${scope}): checked ${result.checked} deliveries, restarted ${result.restarted} whose workflow was missing; ` +
          `${result.fannedOut} started by pending fan-outs\n`,
      );
    } finally {
      await temporal.close();
      await database.close();
    }
  },
  // Temporal or PostgreSQL unreachable: the message says which, without a stack.
  { expected: () => true },
);
