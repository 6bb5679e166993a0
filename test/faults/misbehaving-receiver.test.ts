import { createEndpoint, createTenant, publish } from '../helpers/hookflow';
import { eventually } from '../helpers/receiver';
import { startTestStack, type TestStack } from '../helpers/stack';
import { type ChaosMode, ChaosReceiver, type ChaosRequest } from './support/chaos-receiver';
import { SHARED_ENV, spawnWorker, waitForPoller } from './support/hookflow-processes';
import { type AttemptFact, attemptKind, countByStatus, loadDeliveries, printLedger, tally } from './support/ledger';
import { killAllProcesses, sleep } from './support/processes';
import { faultSeed, seededRandom } from './support/prng';

/**
 * A receiver that misbehaves at random (seeded: FAULT_SEED replays a run) under a steady
 * publish load for a bounded time. Whatever it does, every delivery ends `finished` or
 * `failed`, its attempts follow the schedule (1 + retries, at most 1 + the schedule's
 * length; a failed one used all of them), and each attempt row says what the receiver
 * did, or that its answer came later than the endpoint's timeout.
 */

const SEED = faultSeed(4_004);
const RATE_PER_SECOND = 20;
const SECONDS = 20;
const SCHEDULE = ['100ms', '200ms', '400ms'];
const TIMEOUT_MS = 1_000;
const EXCERPT_BYTES = 4_096;

const MODES: [ChaosMode, number][] = [
  ['ok', 0.4],
  ['http500', 0.15],
  ['timeout', 0.1],
  ['reset', 0.1],
  ['slowBody', 0.15],
  ['hugeBody', 0.1],
];

/**
 * The attempt kind a receiver's behaviour produces. On a loaded machine any answer can
 * come later than the timeout (the receiver shares the test's event loop), so `timeout`
 * is accepted for every behaviour; a timeout never turns into anything else.
 */
function expectedKind(request: ChaosRequest): string {
  switch (request.mode) {
    case 'ok':
    case 'slowBody': // the 200 arrives before the body: delivered, whatever the body does
      return '2xx';
    case 'http500':
      return 'http_status';
    case 'timeout':
      return 'timeout';
    case 'reset':
      return 'connection';
    case 'hugeBody':
      return request.status === 200 ? '2xx' : 'http_status';
  }
}

describe('faults: a receiver that misbehaves at random under sustained load', () => {
  let stack: TestStack | undefined;
  let receiver: ChaosReceiver | undefined;
  let passed = false;

  afterAll(async () => {
    await killAllProcesses({ dumpOutput: !passed });
    await receiver?.close();
    await stack?.stop();
  });

  it('published == finished + failed; attempts match the schedule and what the receiver did', async () => {
    stack = await startTestStack({ ...SHARED_ENV }, { worker: false });
    const worker = spawnWorker({
      DATABASE_URL: stack.databaseUrl,
      TEMPORAL_ADDRESS: stack.ctx.config.temporal.address,
      TEMPORAL_TASK_QUEUE: stack.taskQueue,
    });
    await waitForPoller(stack.temporal, stack.taskQueue, worker);

    const random = seededRandom(SEED);
    receiver = await ChaosReceiver.start(() => {
      let r = random();
      const hugeStatus = random() < 0.5 ? 200 : 502;
      for (const [mode, p] of MODES) {
        if (r < p) return { mode, hugeStatus };
        r -= p;
      }
      return { mode: 'ok', hugeStatus };
    }, TIMEOUT_MS);
    const tenant = await createTenant(stack, 'chaos');
    await createEndpoint(stack, tenant, { url: receiver.url(), retrySchedule: SCHEDULE, timeoutMs: TIMEOUT_MS });

    // A steady rate for a bounded time; at most 32 publishes outstanding (a slow machine
    // publishes fewer, never for longer).
    const published: string[] = [];
    const publishErrors: string[] = [];
    const pending = new Set<Promise<void>>();
    const startedAt = Date.now();
    const endsAt = startedAt + SECONDS * 1_000;
    for (let i = 0; Date.now() < endsAt; i++) {
      const wait = startedAt + (i * 1_000) / RATE_PER_SECOND - Date.now();
      if (wait > 0) await sleep(wait);
      if (pending.size >= 32) await Promise.race(pending);
      if (Date.now() >= endsAt) break;
      const p: Promise<void> = publish(stack, tenant, { type: 'order.created', data: { i } })
        .then((event) => void published.push(event.id))
        .catch((error: unknown) => void publishErrors.push((error as Error).message))
        .finally(() => pending.delete(p));
      pending.add(p);
    }
    await Promise.all(pending);
    const publishSeconds = (Date.now() - startedAt) / 1_000;
    const total = published.length;

    // Settle: nothing `new` or `retrying` left.
    await eventually(
      async () => {
        const counts = await countByStatus(stack!.db, [tenant]);
        return (counts.finished ?? 0) + (counts.failed ?? 0) === total;
      },
      150_000,
      'every delivery finished or failed',
    );
    const settleSeconds = (Date.now() - startedAt) / 1_000 - publishSeconds;
    await sleep(500); // late requests would show up here

    const deliveries = await loadDeliveries(stack.db, [tenant]);
    const attempts = deliveries.flatMap((d) => d.attempts);
    const byEvent = new Map<string, ChaosRequest[]>();
    for (const r of receiver.requests) byEvent.set(r.webhookId, [...(byEvent.get(r.webhookId) ?? []), r]);
    // Handled more than once: the receiver did the work (answered, or would have) and the
    // sender tried again because the answer came too late.
    const handled = (r: ChaosRequest) => ['ok', 'slowBody', 'timeout'].includes(r.mode) || (r.mode === 'hugeBody' && r.status === 200);
    const duplicates = [...byEvent.values()].filter((rs) => rs.filter(handled).length > 1);
    const mismatches: string[] = [];
    let lateAnswers = 0;
    for (const d of deliveries) {
      const requests = byEvent.get(d.eventId) ?? [];
      if (requests.length !== d.attempts.length) {
        mismatches.push(`${d.id}: ${requests.length} requests, ${d.attempts.length} attempts`);
        continue;
      }
      d.attempts.forEach((a: AttemptFact, k) => {
        const want = expectedKind(requests[k]!);
        const got = attemptKind(a);
        if (got === want) {
          if (requests[k]!.mode === 'hugeBody' && a.responseBytes !== EXCERPT_BYTES)
            mismatches.push(`${d.id} attempt ${a.number}: kept ${a.responseBytes} bytes of a huge body`);
        } else if (got === 'timeout') {
          lateAnswers++;
        } else {
          mismatches.push(`${d.id} attempt ${a.number}: ${got}, receiver did ${requests[k]!.mode} (${want})`);
        }
      });
    }

    const status = tally(deliveries, (d) => d.status);
    const ledger = printLedger(
      `misbehaving receiver, ${RATE_PER_SECOND}/s for ${SECONDS} s, schedule ${SCHEDULE.join(',')}, timeout ${TIMEOUT_MS} ms`,
      {
        seed: SEED,
        'events published (202)': published.length,
        'publish errors': publishErrors.length,
        'publish rate achieved (/s)': (published.length / publishSeconds).toFixed(1),
        'settled after the last publish (s)': settleSeconds.toFixed(1),
        'deliveries finished': status.finished ?? 0,
        'deliveries failed': status.failed ?? 0,
        'deliveries new or retrying': (status.new ?? 0) + (status.retrying ?? 0),
        'attempt rows': attempts.length,
        'attempt rows by kind': tally(attempts, attemptKind),
        'deliveries by attempt count': tally(deliveries, (d) => String(d.attempts.length)),
        'receiver requests': receiver.requests.length,
        'receiver requests by behaviour': tally(receiver.requests, (r) => (r.mode === 'hugeBody' ? `hugeBody ${r.status}` : r.mode)),
        'largest response body kept (bytes)': Math.max(0, ...attempts.map((a) => a.responseBytes)),
        'duplicates at receiver (event handled more than once)': duplicates.length,
        'answers later than the timeout (machine load)': lateAnswers,
        'attempt rows not matching the receiver': mismatches.length,
      },
    );

    expect(publishErrors).toEqual([]);
    // Sustained load: at least a quarter of the target rate, even on a busy machine.
    expect(total).toBeGreaterThanOrEqual((RATE_PER_SECOND * SECONDS) / 4);
    // published == finished + failed; nothing left behind.
    expect(deliveries).toHaveLength(total);
    expect((status.finished ?? 0) + (status.failed ?? 0)).toBe(total);
    // Attempts follow the schedule.
    for (const d of deliveries) {
      const kinds = d.attempts.map(attemptKind);
      expect(d.attempts.map((a) => a.number)).toEqual(kinds.map((_, k) => k + 1));
      expect(d.attemptCount).toBe(d.attempts.length);
      expect(d.attempts.length).toBeGreaterThanOrEqual(1);
      expect(d.attempts.length).toBeLessThanOrEqual(1 + SCHEDULE.length);
      expect(kinds.slice(0, -1).filter((k) => k === '2xx')).toEqual([]);
      if (d.status === 'finished') {
        expect(kinds[kinds.length - 1]).toBe('2xx');
      } else {
        expect(d.status).toBe('failed');
        expect(kinds).toHaveLength(1 + SCHEDULE.length);
        expect(kinds).not.toContain('2xx');
      }
      for (const a of d.attempts) expect(a.responseBytes).toBeLessThanOrEqual(EXCERPT_BYTES);
    }
    // Each attempt row records what the receiver did, one request per attempt.
    expect({ mismatches: mismatches.slice(0, 20), ledger }).toEqual({ mismatches: [], ledger });
    // Only an answer that came too late makes the receiver handle an event twice: every
    // handled request but the last was an attempt that timed out.
    const attemptsOf = new Map(deliveries.map((d) => [d.eventId, d.attempts]));
    for (const requests of duplicates) {
      const eventAttempts = attemptsOf.get(requests[0]!.webhookId)!;
      const earlier = requests.flatMap((r, k) => (handled(r) ? [k] : [])).slice(0, -1);
      expect(earlier.map((k) => attemptKind(eventAttempts[k]!))).toEqual(earlier.map(() => 'timeout'));
    }
    expect(worker.running()).toBe(true);
    passed = true;
  }, 300_000);
});
