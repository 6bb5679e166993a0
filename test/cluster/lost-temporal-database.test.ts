import { randomBytes } from 'node:crypto';
import { createHookflowClient } from '@hookflow/client';
import { createDatabase, type DatabaseHandle } from '../../src/db/database';
import { createDatabaseIfMissing } from '../../src/dev/embedded-postgres';
import { connectTemporalClient, type TemporalClientHandle } from '../../src/temporal/client';
import { baseEnv } from '../faults/support/hookflow-processes';
import { countByStatus, loadDeliveries, printLedger } from '../faults/support/ledger';
import { killAllProcesses, sleep, spawnNode } from '../faults/support/processes';
import { Receiver } from '../helpers/receiver';
import { requireTestEnv, uniqueName } from '../helpers/stack';
import { makeClusterCerts } from './support/certs';
import { expectRefusal, startApiProcess, startWorkerProcess } from './support/processes';
import { startTemporalCluster, type TemporalCluster } from './support/temporal-cluster';

/**
 * Temporal's database is lost while deliveries wait for their retries: PostgreSQL still
 * knows them. After the cluster is set up afresh, nothing moves until `npm run reconcile`
 * starts each delivery again from PostgreSQL's state; then every one settles, its attempt
 * numbers going on where they stopped.
 */

const EVENTS = 12;
const NAMESPACE = 'hookflow-wipe';

describe('cluster: Temporal loses its database mid-retry', () => {
  let cluster: TemporalCluster | undefined;
  let temporal: TemporalClientHandle | undefined;
  let database: DatabaseHandle | undefined;
  let receiver: Receiver | undefined;
  let passed = false;

  afterAll(async () => {
    await killAllProcesses({ dumpOutput: !passed });
    await receiver?.close();
    await temporal?.close();
    await database?.close();
    await cluster?.stop();
  });

  it('reconcile restarts every waiting delivery from PostgreSQL; attempts go on 1, 2, 3', async () => {
    const adminUrl = requireTestEnv('HOOKFLOW_TEST_ADMIN_DATABASE_URL');
    cluster = await startTemporalCluster({ adminDatabaseUrl: adminUrl, certs: makeClusterCerts(), namespace: NAMESPACE });
    temporal = await connectTemporalClient({ ...cluster.connection, namespace: NAMESPACE });
    const name = uniqueName('hookflow_wipe');
    await createDatabaseIfMissing(adminUrl, name);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const adminKey = `wipe_admin_${randomBytes(12).toString('hex')}`;
    const env = {
      ...cluster.hookflowEnv,
      DATABASE_URL: url.toString(),
      DATABASE_POOL_MAX: '4',
      TEMPORAL_TASK_QUEUE: uniqueName('wipe'),
      ADMIN_API_KEY: adminKey,
      RETRY_SCHEDULE: '6s,6s',
      RECONCILE_INTERVAL: '1h',
    };
    database = createDatabase(env.DATABASE_URL);

    // Two failures, then 200: three attempts per delivery.
    const seen = new Map<string, number>();
    receiver = await Receiver.start((request) => {
      const key = `${request.headers['webhook-id']}`;
      const n = (seen.get(key) ?? 0) + 1;
      seen.set(key, n);
      return { status: n <= 2 ? 500 : 200, body: n <= 2 ? 'not yet' : 'ok' };
    });
    let worker = await startWorkerProcess(env, 'worker', temporal.client);
    const api = await startApiProcess(env, 'api');
    const admin = createHookflowClient({ baseUrl: api.url, apiKey: adminKey });
    const tenantId = uniqueName('wipe');
    await admin.POST('/v1/tenants', { body: { id: tenantId, name: tenantId } });
    await admin.POST('/v1/tenants/{tenantId}/endpoints', { params: { path: { tenantId } }, body: { url: receiver.url('/hook') } });
    for (let i = 0; i < EVENTS; i++) {
      const published = await admin.POST('/v1/tenants/{tenantId}/events', {
        params: { path: { tenantId } },
        body: { type: 'order.created', data: { i } },
      });
      expect(published.response.status).toBe(202);
    }
    const db = database.db;
    const waitFor = async (what: string, done: () => Promise<boolean>, timeoutMs: number) => {
      const deadline = Date.now() + timeoutMs;
      while (!(await done())) {
        if (Date.now() > deadline)
          throw new Error(`${what}: not within ${timeoutMs} ms (${JSON.stringify(await countByStatus(db, [tenantId]))})`);
        await sleep(250);
      }
    };
    await waitFor(
      'every delivery retrying after its first attempt',
      async () => (await countByStatus(db, [tenantId])).retrying === EVENTS,
      60_000,
    );

    // Lost: the worker dies with it; Temporal comes back empty (schema, namespace, search attributes).
    worker.signal('SIGKILL');
    await worker.exited;
    await cluster.wipe();
    worker = await startWorkerProcess(env, 'worker-after-wipe', temporal.client);
    // Past every recorded next attempt: without the workflows nothing happens.
    await sleep(8_000);
    const before = await loadDeliveries(db, [tenantId]);
    expect(before.map((d) => [d.status, d.attemptCount])).toEqual(before.map(() => ['retrying', 1]));
    expect(receiver.requests).toHaveLength(EVENTS);

    const reconcile = await expectRefusal(spawnNode('reconcile', 'src/reconcile-cli.ts', baseEnv(env)));
    expect(reconcile.exit).toBe(0);
    expect(reconcile.output).toContain(`restarted ${EVENTS} whose workflow was missing`);
    await waitFor('every delivery finished', async () => (await countByStatus(db, [tenantId])).finished === EVENTS, 90_000);

    const after = await loadDeliveries(db, [tenantId]);
    process.stderr.write(
      printLedger('cluster: Temporal database wiped mid-retry, then npm run reconcile', {
        deliveries: EVENTS,
        'retrying when wiped (1 attempt each)': before.length,
        'reconcile said': reconcile.output.split('\n').find((line) => line.startsWith('reconcile (')),
        finished: after.filter((d) => d.status === 'finished').length,
        'attempt numbers': [...new Set(after.map((d) => d.attempts.map((a) => a.number).join(',')))].join(' | '),
        'requests received': receiver.requests.length,
      }),
    );
    for (const delivery of after) {
      expect(delivery.attempts.map((a) => [a.number, a.statusCode])).toEqual([
        [1, 500],
        [2, 500],
        [3, 200],
      ]);
    }
    expect(receiver.requests).toHaveLength(EVENTS * 3);
    passed = true;
  }, 600_000);
});
