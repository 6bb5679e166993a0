import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createEndpoint, createTenant, publish } from '../helpers/hookflow';
import { freePort } from '../helpers/ports';
import { Receiver, eventually } from '../helpers/receiver';
import { startTestStack, type TestStack } from '../helpers/stack';
import { SHARED_ENV, spawnWorker, waitForPoller } from './support/hookflow-processes';
import { attemptKind, loadDeliveries, printLedger, tally } from './support/ledger';
import { killAllProcesses, type ManagedProcess, sleep, spawnNode, within } from './support/processes';

/**
 * Postgres holds the events, deliveries and attempts. With it stopped: publishing
 * answers 503 with the error shape and stores nothing (never a 202 without a durable
 * write); attempts in flight that got their answer cannot record it, and hand it to their
 * workflow, which writes it (saveAttempt, retried) once Postgres is back, so no webhook
 * answered 2xx is sent again; timers that come due fail before sending, and Temporal
 * retries them. Once Postgres is back, every event accepted before is delivered and
 * every attempt is logged, without restarting the worker or the API.
 */

const BEFORE = 30;
const DURING = 10;
const OUTAGE_MS = 5_000;
const DATABASE = 'hookflow_faults';

describe('faults: PostgreSQL stops and comes back', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hookflow-faults-pg-'));
  chmodSync(dir, 0o755);
  let stack: TestStack | undefined;
  let receiver: Receiver | undefined;
  let passed = false;

  afterAll(async () => {
    await killAllProcesses({ dumpOutput: !passed });
    await receiver?.close();
    // The stack's own throwaway database is on the shared server; ours dies with `dir`.
    await stack?.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  it('publishing answers 503 while it is down; every event accepted before is delivered and logged after', async () => {
    const port = await freePort();
    const startPostgres = async (name: string) => {
      const pg = spawnNode(name, 'test/faults/run-postgres.ts', {}, [path.join(dir, 'data'), String(port), DATABASE]);
      await pg.waitForOutput('READY ', 60_000);
      return pg;
    };
    let postgres: ManagedProcess = await startPostgres('postgres-1');
    const adminUrl = /READY (\S+)/.exec(postgres.output())![1]!;
    const databaseUrl = new URL(adminUrl);
    databaseUrl.pathname = `/${DATABASE}`;

    // startTestStack's API and context point at our Postgres (DATABASE_URL wins over the
    // shared server's throwaway database it also creates).
    const RETRY_SCHEDULE = '1s,1s,1s';
    stack = await startTestStack({ ...SHARED_ENV, DATABASE_URL: databaseUrl.toString(), RETRY_SCHEDULE }, { worker: false });
    const worker = spawnWorker({
      DATABASE_URL: databaseUrl.toString(),
      TEMPORAL_ADDRESS: stack.ctx.config.temporal.address,
      TEMPORAL_TASK_QUEUE: stack.taskQueue,
      RETRY_SCHEDULE,
    });
    await waitForPoller(stack.temporal, stack.taskQueue, worker);

    // Slow (so attempts are in flight when Postgres stops); one event in three fails its
    // first attempt (so deliveries wait on 1 s timers that come due during the outage).
    let inFlight = 0;
    const okPairs: string[] = [];
    /** Requests for a (webhook-id, endpoint) pair whose earlier POST was already answered 2xx. */
    let resentAfter2xx = 0;
    const firstSeen = new Set<string>();
    receiver = await Receiver.start((request) => {
      const pair = `${request.headers['webhook-id']} ${request.path}`;
      const { i } = (JSON.parse(request.body) as { data: { i: number } }).data;
      const first = !firstSeen.has(pair);
      firstSeen.add(pair);
      const status = first && i % 3 === 0 ? 500 : 200;
      if (okPairs.includes(pair)) resentAfter2xx++;
      if (status === 200) okPairs.push(pair);
      inFlight++;
      const delayMs = 500 + (i % 5) * 100;
      setTimeout(() => inFlight--, delayMs);
      return { status, delayMs };
    });
    const tenant = await createTenant(stack, 'pg');
    const pathOf = new Map<string, string>();
    for (const p of ['/a', '/b']) pathOf.set((await createEndpoint(stack, tenant, { url: receiver.url(p) })).id, p);

    const accepted: string[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 5 }, async () => {
        while (next < BEFORE) {
          const i = next++;
          accepted.push((await publish(stack!, tenant, { type: 'order.created', data: { i } })).id);
        }
      }),
    );

    // Stop Postgres (fast shutdown) while attempts are in flight.
    await eventually(async () => receiver!.requests.length >= BEFORE / 2 && inFlight > 0, 30_000, 'attempts in flight');
    const inFlightAtStop = inFlight;
    const requestsAtStop = receiver.requests.length;
    postgres.child.kill('SIGTERM'); // the script, not its group: it stops Postgres itself
    expect(await within(postgres.exited, 30_000, 'Postgres stopping')).toBe(0);
    const stoppedAt = Date.now();

    // While it is down: 503 with the error shape and Retry-After; nothing stored.
    const outageAnswers: { status: number; body: any; retryAfter: string | null }[] = [];
    for (let i = 0; i < DURING; i++) {
      const response = await within(
        stack.api(
          'POST',
          `/v1/tenants/${tenant}/events`,
          { type: 'order.created', data: { i: BEFORE + i } },
          { 'idempotency-key': `outage-${i}` },
        ),
        20_000,
        'a publish during the outage',
      );
      outageAnswers.push({ status: response.status, body: response.body, retryAfter: response.headers.get('retry-after') });
    }
    const readyDuringOutage = await stack.api('GET', '/readyz');
    await sleep(Math.max(0, stoppedAt + OUTAGE_MS - Date.now()));

    postgres = await startPostgres('postgres-2');
    const backAt = Date.now();
    const downMs = backAt - stoppedAt;

    // The publishes refused during the outage had stored nothing: the same keys now
    // create new events (no Idempotent-Replayed).
    let replayedAfter = 0;
    for (let i = 0; i < DURING; i++) {
      const response = await stack.api(
        'POST',
        `/v1/tenants/${tenant}/events`,
        { type: 'order.created', data: { i: BEFORE + i } },
        { 'idempotency-key': `outage-${i}` },
      );
      expect(response.status).toBe(202);
      if (response.headers.get('idempotent-replayed')) replayedAfter++;
      accepted.push(response.body.id);
    }

    const expected = accepted.length * 2;
    await eventually(
      async () => {
        const rows = await loadDeliveries(stack!.db, [tenant]);
        return rows.length === expected && rows.every((d) => d.status === 'finished');
      },
      90_000,
      `all ${expected} deliveries finished`,
    );
    const settledAfterMs = Date.now() - backAt;
    await sleep(300);

    const deliveries = await loadDeliveries(stack.db, [tenant]);
    const attempts = deliveries.flatMap((d) => d.attempts);
    // What Temporal did: attempts of the activity that failed (Postgres unreachable) and ran again.
    let activityRetries = 0;
    for (const d of deliveries) {
      const history = await stack.temporal.workflow.getHandle(`delivery-${d.id}`).fetchHistory();
      for (const event of history.events ?? []) {
        const attempt = event.activityTaskStartedEventAttributes?.attempt ?? 1;
        activityRetries += attempt - 1;
      }
    }
    const okByPair = tally(okPairs, (p) => p);
    const ledger = printLedger('PostgreSQL stopped (fast shutdown) and restarted', {
      'events accepted before the outage (202)': BEFORE,
      'receiver requests when Postgres stopped': requestsAtStop,
      'receiver requests in flight when Postgres stopped': inFlightAtStop,
      'Postgres down for (ms)': downMs,
      'publishes during the outage': DURING,
      'answers during the outage': tally(outageAnswers, (a) => `${a.status} ${a.body?.error?.code ?? ''}`.trim()),
      '/readyz during the outage': `${readyDuringOutage.status} down=${JSON.stringify(readyDuringOutage.body?.down)}`,
      'same keys after the outage: 202, replayed': `${DURING}, ${replayedAfter}`,
      'events accepted in all': accepted.length,
      'deliveries finished': deliveries.filter((d) => d.status === 'finished').length,
      lost: expected - Object.keys(okByPair).length,
      'activity retries (Temporal, Postgres unreachable)': activityRetries,
      'attempt rows': attempts.length,
      'attempt rows by kind': tally(attempts, attemptKind),
      'duplicates at receiver (2xx for a pair already answered 2xx)': okPairs.length - Object.keys(okByPair).length,
      're-sent after a 2xx (a write failed after the POST)': resentAfter2xx,
      'all finished after Postgres was back (ms)': settledAfterMs,
      'worker restarted': worker.running() ? 'no (same process throughout)' : 'yes',
    });

    // Never a 202 without a durable write: every publish during the outage was a 503.
    for (const answer of outageAnswers) {
      expect(answer.status).toBe(503);
      expect(answer.retryAfter).toBe('5');
      expect(answer.body).toEqual({ error: { code: 'database_unavailable', message: expect.any(String), details: [] } });
    }
    expect(readyDuringOutage.status).toBe(503);
    expect(replayedAfter).toBe(0);

    // Every accepted event reached both endpoints, each delivery is finished, and its
    // attempts are logged 1..n, ending in the 2xx.
    expect(deliveries).toHaveLength(expected);
    expect(new Set(deliveries.map((d) => d.eventId))).toEqual(new Set(accepted));
    const missing = deliveries.filter((d) => !okByPair[`${d.eventId} ${pathOf.get(d.endpointId)}`]).map((d) => d.id);
    expect({ missing, ledger }).toEqual({ missing: [], ledger });
    for (const d of deliveries) {
      expect(d.status).toBe('finished');
      expect(d.attempts.map((a) => a.number)).toEqual(d.attempts.map((_, k) => k + 1));
      expect(attemptKind(d.attempts[d.attempts.length - 1]!)).toBe('2xx');
    }
    // Activities failed while Postgres was down and Temporal ran them again; the same
    // worker process did it all.
    expect(activityRetries).toBeGreaterThan(0);
    expect(worker.running()).toBe(true);
    // A POST answered 2xx is never repeated because its attempt could not be written:
    // the workflow writes it (saveAttempt) once Postgres is back.
    expect({ resentAfter2xx, ledger }).toEqual({ resentAfter2xx: 0, ledger });
    passed = true;
  }, 180_000);
});
