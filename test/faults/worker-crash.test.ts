import { createEndpoint, createTenant, publish } from '../helpers/hookflow';
import { type ReceivedRequest, Receiver, eventually } from '../helpers/receiver';
import { startTestStack, type TestStack } from '../helpers/stack';
import { SHARED_ENV, spawnWorker, waitForPoller } from './support/hookflow-processes';
import { attemptKind, countByStatus, loadDeliveries, printLedger, tally } from './support/ledger';
import { killAllProcesses, type ManagedProcess, sleep, within } from './support/processes';
import { faultSeed, seededRandom } from './support/prng';

/**
 * A worker killed with SIGKILL while attempts are in flight and deliveries wait on
 * timers loses nothing: Temporal holds the timers and retries the attempts the dead
 * worker never reported, so once a worker polls again every delivery finishes. A
 * receiver may see an event twice (the attempt was sent, its result never recorded);
 * both copies carry the same webhook-id.
 */

const EVENTS = 200;
const SEED = faultSeed(5_001);

describe('faults: the worker is killed (SIGKILL) mid-flight and mid-wait', () => {
  let stack: TestStack | undefined;
  let receiver: Receiver | undefined;
  let passed = false;

  afterAll(async () => {
    await killAllProcesses({ dumpOutput: !passed });
    await receiver?.close();
    await stack?.stop();
  });

  it('every event reaches every subscribed endpoint after the worker restarts; duplicates share the webhook-id', async () => {
    const RETRY_SCHEDULE = '2s,2s,2s';
    stack = await startTestStack({ ...SHARED_ENV, RETRY_SCHEDULE }, { worker: false });
    const workerEnv = {
      DATABASE_URL: stack.databaseUrl,
      TEMPORAL_ADDRESS: stack.ctx.config.temporal.address,
      TEMPORAL_TASK_QUEUE: stack.taskQueue,
      RETRY_SCHEDULE,
    };

    // Slow (100-600 ms, so attempts are in flight at any moment), and the first request
    // for one (event, endpoint) pair in four fails (so deliveries wait on their timers).
    const random = seededRandom(SEED);
    const seen = new Map<string, number>();
    let inFlight = 0;
    let inFlightAtKill = -1;
    const answers: { key: string; status: number; request: ReceivedRequest }[] = [];
    receiver = await Receiver.start((request) => {
      const key = `${request.headers['webhook-id']} ${request.path}`;
      const n = (seen.get(key) ?? 0) + 1;
      seen.set(key, n);
      const index = (JSON.parse(request.body) as { data: { i: number } }).data.i;
      const status = n === 1 && index % 4 === 0 ? 500 : 200;
      const delayMs = 100 + Math.floor(random() * 500);
      inFlight++;
      setTimeout(() => inFlight--, delayMs);
      answers.push({ key, status, request });
      return { status, delayMs, body: status === 200 ? 'ok' : 'not yet' };
    });

    const tenant = await createTenant(stack, 'crash');
    const pathOf = new Map<string, string>();
    for (const [path, eventTypes] of [
      ['/orders', ['order.*']],
      ['/invoices', ['invoice.*']],
      ['/all', ['*']],
    ] as const) {
      const endpoint = await createEndpoint(stack, tenant, { url: receiver.url(path), eventTypes });
      pathOf.set(endpoint.id, path);
    }

    let worker: ManagedProcess = spawnWorker(workerEnv, 'worker-1');
    await waitForPoller(stack.temporal, stack.taskQueue, worker);

    // Publish with a few requests at a time; keep going while the worker dies and returns.
    const published: { id: string; deliveries: number }[] = [];
    let next = 0;
    const publisher = async () => {
      while (next < EVENTS) {
        const i = next++;
        const event = await publish(stack!, tenant, { type: i % 2 === 0 ? 'order.created' : 'invoice.paid', data: { i } });
        published.push({ id: event.id, deliveries: event.deliveries.length });
      }
    };
    const publishing = Promise.all(Array.from({ length: 4 }, publisher));

    // Kill once a third of the expected requests have arrived: by then some attempts are
    // in flight and some deliveries wait on their 2 s timers.
    const expectedDeliveries = EVENTS * 2;
    await receiver.waitForRequests(Math.floor(expectedDeliveries / 3), 90_000);
    const atKill = await countByStatus(stack.db, [tenant]);
    inFlightAtKill = inFlight;
    worker.signal('SIGKILL');
    expect(await within(worker.exited, 10_000, 'the killed worker exiting')).toBe('SIGKILL');
    const requestsAtKill = receiver.requests.length;
    const killedAt = Date.now();

    // Down for a moment; publishing goes on (it needs the API and Temporal, not a worker).
    await sleep(1_500);
    worker = spawnWorker(workerEnv, 'worker-2');
    await waitForPoller(stack.temporal, stack.taskQueue, worker);
    const restartedAfterMs = Date.now() - killedAt;
    await within(publishing, 60_000, 'publishing');
    expect(published).toHaveLength(EVENTS);
    expect(published.every((e) => e.deliveries === 2)).toBe(true);

    // In-flight attempts of the dead worker come back after its workflow tasks time out.
    await eventually(
      async () => (await countByStatus(stack!.db, [tenant])).finished === expectedDeliveries,
      150_000,
      `all ${expectedDeliveries} deliveries finished`,
    );
    const settledAfterMs = Date.now() - killedAt;
    await sleep(500); // nothing more should arrive; let stragglers land if they would

    const deliveries = await loadDeliveries(stack.db, [tenant]);
    const eventIds = new Set(published.map((e) => e.id));
    const okAnswers = answers.filter((a) => a.status === 200);
    const okByKey = tally(okAnswers, (a) => a.key);
    const duplicates = okAnswers.length - Object.keys(okByKey).length;
    // Attempts the dead worker had in flight (local activities inside its workflow tasks) come
    // back once those tasks time out: how long after the kill each was sent again.
    const resentAfterMs = Object.entries(okByKey)
      .filter(([, n]) => n > 1)
      .map(([key]) => okAnswers.filter((a) => a.key === key)[1]!.request.receivedAt - killedAt);
    const attempts = deliveries.flatMap((d) => d.attempts);

    const ledger = printLedger('worker SIGKILL mid-flight and mid-wait', {
      seed: SEED,
      'events published (202)': published.length,
      'deliveries expected': expectedDeliveries,
      'deliveries at kill': atKill,
      'receiver requests at kill': requestsAtKill,
      'receiver requests in flight at kill': inFlightAtKill,
      'worker polling again after (ms)': restartedAfterMs,
      'all finished after kill (ms)': settledAfterMs,
      'deliveries finished': deliveries.filter((d) => d.status === 'finished').length,
      '(event, endpoint) pairs delivered (2xx at receiver)': Object.keys(okByKey).length,
      lost: expectedDeliveries - Object.keys(okByKey).length,
      'duplicates at receiver (2xx for a pair already answered 2xx)': duplicates,
      'in-flight attempts sent again, after the kill (ms)': resentAfterMs,
      'receiver requests in all': receiver.requests.length,
      'attempt rows': attempts.length,
      'attempt rows by kind': tally(attempts, attemptKind),
    });

    // Nothing lost: every delivery finished, every (event, endpoint) pair got a 2xx.
    expect(deliveries).toHaveLength(expectedDeliveries);
    expect(deliveries.filter((d) => d.status !== 'finished')).toEqual([]);
    expect(new Set(deliveries.map((d) => d.eventId))).toEqual(eventIds);
    const missing = deliveries.filter((d) => !okByKey[`${d.eventId} ${pathOf.get(d.endpointId)}`]).map((d) => d.id);
    expect({ missing, ledger }).toEqual({ missing: [], ledger });
    expect(Object.keys(okByKey)).toHaveLength(expectedDeliveries);

    // Duplicates (and retries) carry the event's id as webhook-id, so receivers can dedupe.
    for (const { request } of answers) {
      expect(request.headers['webhook-id']).toBe((JSON.parse(request.body) as { id: string }).id);
    }
    // Every delivery's attempt rows are numbered 1..n and end in the 2xx.
    for (const d of deliveries) {
      expect(d.attempts.map((a) => a.number)).toEqual(d.attempts.map((_, k) => k + 1));
      expect(d.attemptCount).toBe(d.attempts.length);
      expect(attemptKind(d.attempts[d.attempts.length - 1]!)).toBe('2xx');
    }
    // The kill really happened mid-way.
    expect(requestsAtKill).toBeLessThan(receiver.requests.length);
    // In-flight attempts run again after the workflow task timeout (10 s, DELIVERY_TASK_TIMEOUT_MS),
    // well before the attempt's 45 s start-to-close timeout would have.
    for (const ms of resentAfterMs) expect(ms).toBeLessThan(40_000);
    passed = true;
  }, 240_000);
});
