import { createEndpoint, createTenant, publish } from '../helpers/hookflow';
import { eventually, Receiver } from '../helpers/receiver';
import { startTestStack, type TestStack } from '../helpers/stack';
import { SHARED_ENV, spawnWorker, waitForPoller } from './support/hookflow-processes';
import { attemptKind, countByStatus, printLedger, tally } from './support/ledger';
import { killAllProcesses, type ManagedProcess, sleep, within } from './support/processes';
import { faultSeed, seededRandom } from './support/prng';

/**
 * Ordered delivery under faults: 500 events over 10 ordering keys to a `fifo` endpoint
 * whose receiver fails about one request in five and is sometimes slow, with the worker
 * SIGKILLed in the middle. Per key, the receiver sees the events in publish order (a
 * request for an event never comes before the last request for the one before it):
 * nothing lost, duplicates only as re-sends with the same webhook-id.
 */

const EVENTS = 500;
const KEYS = 10;
const SEED = faultSeed(16_001);

describe('faults: ordered delivery, a flaky and slow receiver, a worker SIGKILLed mid-way', () => {
  let stack: TestStack | undefined;
  let receiver: Receiver | undefined;
  let passed = false;

  afterAll(async () => {
    await killAllProcesses({ dumpOutput: !passed });
    await receiver?.close();
    await stack?.stop();
  });

  it('per key, publish order at the receiver; every event delivered', async () => {
    // Retries soon and many: with one request in five failing, every delivery finishes.
    const RETRY_SCHEDULE = '300ms,300ms,500ms,500ms,1s,1s,1s,1s,1s,1s';
    stack = await startTestStack({ ...SHARED_ENV, RETRY_SCHEDULE }, { worker: false });
    const workerEnv = {
      DATABASE_URL: stack.databaseUrl,
      TEMPORAL_ADDRESS: stack.ctx.config.temporal.address,
      TEMPORAL_TASK_QUEUE: stack.taskQueue,
      RETRY_SCHEDULE,
    };

    const random = seededRandom(SEED);
    receiver = await Receiver.start(() => {
      const status = random() < 0.2 ? 500 : 200;
      return { status, delayMs: random() < 0.1 ? 100 + Math.floor(random() * 400) : 0 };
    });
    const tenant = await createTenant(stack, 'fifo');
    await createEndpoint(stack, tenant, { url: receiver.url('/fifo'), ordering: 'fifo' });

    let worker: ManagedProcess = spawnWorker(workerEnv, 'worker-1');
    await waitForPoller(stack.temporal, stack.taskQueue, worker);

    // Four publishers at once: within a key, the order is the commits' (the sequence numbers).
    const keyOf = new Map<string, string>();
    let next = 0;
    const publisher = async () => {
      while (next < EVENTS) {
        const i = next++;
        const key = `key-${i % KEYS}`;
        const event = await publish(stack!, tenant, { type: 'order.updated', data: { i }, orderingKey: key });
        keyOf.set(event.id, key);
      }
    };
    const publishing = Promise.all(Array.from({ length: 4 }, publisher));

    await receiver.waitForRequests(EVENTS / 3, 120_000);
    worker.signal('SIGKILL');
    expect(await within(worker.exited, 10_000, 'the killed worker exiting')).toBe('SIGKILL');
    const requestsAtKill = receiver.requests.length;
    await sleep(1_000);
    worker = spawnWorker(workerEnv, 'worker-2');
    await waitForPoller(stack.temporal, stack.taskQueue, worker);
    await within(publishing, 120_000, 'publishing');

    await eventually(
      async () => (await countByStatus(stack!.db, [tenant])).finished === EVENTS,
      200_000,
      `all ${EVENTS} deliveries finished`,
    );

    const rows = await stack.db
      .selectFrom('deliveries')
      .select(['event_id', 'ordering_key', 'ordering_seq', 'attempt_count'])
      .where('tenant_id', '=', tenant)
      .execute();
    const seqOf = new Map(rows.map((r) => [r.event_id, r.ordering_seq as number]));
    // Per key, the sequence numbers of the requests in arrival order never go down.
    const arrivals = new Map<string, number[]>();
    for (const request of receiver.requests) {
      const id = String(request.headers['webhook-id']);
      const key = keyOf.get(id) ?? rows.find((r) => r.event_id === id)?.ordering_key ?? '?';
      arrivals.set(key, [...(arrivals.get(key) ?? []), seqOf.get(id) ?? -1]);
    }
    const outOfOrder = [...arrivals].flatMap(([key, seqs]) =>
      seqs.flatMap((seq, n) => (n > 0 && seq < seqs[n - 1]! ? [`${key}: ${seqs[n - 1]} then ${seq}`] : [])),
    );
    const okIds = new Set(
      receiver.requests.filter((r) => r.headers['webhook-sequence'] !== undefined).map((r) => String(r.headers['webhook-id'])),
    );
    const attempts = await stack.db.selectFrom('attempts').select(['status_code', 'error_kind']).where('tenant_id', '=', tenant).execute();
    printLedger('ordered delivery: 500 events, 10 keys, flaky receiver, worker SIGKILL', {
      seed: SEED,
      'events published': keyOf.size,
      'deliveries finished': rows.length,
      'receiver requests (all)': receiver.requests.length,
      'receiver requests at kill': requestsAtKill,
      'events received': okIds.size,
      'out-of-order arrivals within a key': outOfOrder.length,
      'attempts by kind': tally(
        attempts.map((a) => ({ statusCode: a.status_code, errorKind: a.error_kind })),
        (a) => attemptKind({ number: 0, trigger: '', responseBytes: 0, ...a }),
      ),
    });

    expect(keyOf.size).toBe(EVENTS);
    expect(rows).toHaveLength(EVENTS);
    expect(outOfOrder).toEqual([]);
    // Gap-free lines: each key's sequence numbers are 1..50.
    for (let k = 0; k < KEYS; k++) {
      const seqs = rows
        .filter((r) => r.ordering_key === `key-${k}`)
        .map((r) => r.ordering_seq as number)
        .sort((x, y) => x - y);
      expect(seqs).toEqual(Array.from({ length: EVENTS / KEYS }, (_, n) => n + 1));
    }
    expect(okIds.size).toBe(EVENTS);
    expect(requestsAtKill).toBeLessThan(receiver.requests.length);
    passed = true;
  }, 400_000);
});
