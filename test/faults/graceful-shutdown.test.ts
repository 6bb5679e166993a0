import { Agent, request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { deliveryWorkflowId } from '../../src/contract';
import { createEndpoint, createTenant, publish } from '../helpers/hookflow';
import { freePort } from '../helpers/ports';
import { Receiver, eventually } from '../helpers/receiver';
import { startTestStack, type TestStack } from '../helpers/stack';
import { SHARED_ENV, spawnApi, spawnWorker, waitForPoller } from './support/hookflow-processes';
import { loadDeliveries, printLedger } from './support/ledger';
import { killAllProcesses, sleep, within } from './support/processes';

/**
 * SIGTERM is how deploys and scale-downs stop processes. The worker stops polling and
 * lets the attempts it is running finish (the SDK's shutdown grace time), so their results
 * are recorded and reported, and nothing is sent twice. The API stops accepting
 * connections and answers the requests it already has before it exits.
 */

const SLOW_MS = 2_000;
const EVENTS = 5;

function portRefuses(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

describe('faults: graceful shutdown on SIGTERM', () => {
  let stack: TestStack | undefined;
  let receiver: Receiver | undefined;
  let passed = 0;

  beforeAll(async () => {
    stack = await startTestStack({ ...SHARED_ENV }, { worker: false });
    receiver = await Receiver.start(() => ({ status: 200, body: 'processed', delayMs: SLOW_MS }));
  });
  afterAll(async () => {
    await killAllProcesses({ dumpOutput: passed < 2 });
    await receiver?.close();
    await stack?.stop();
  });

  it('the worker finishes in-flight attempts before it exits: recorded, reported, not sent twice', async () => {
    const s = stack!;
    const rx = receiver!;
    const workerEnv = { DATABASE_URL: s.databaseUrl, TEMPORAL_ADDRESS: s.ctx.config.temporal.address, TEMPORAL_TASK_QUEUE: s.taskQueue };
    const worker = spawnWorker(workerEnv, 'worker-1');
    await waitForPoller(s.temporal, s.taskQueue, worker);
    const tenant = await createTenant(s, 'drain');
    await createEndpoint(s, tenant, { url: rx.url('/slow'), timeoutMs: 10_000 });
    const events = await Promise.all(Array.from({ length: EVENTS }, (_, i) => publish(s, tenant, { type: 'order.created', data: { i } })));
    const deliveryIds = events.map((e) => e.deliveries[0]!.id);

    // Every attempt is in flight (the receiver holds each for 2 s): SIGTERM now.
    await rx.waitForRequests(EVENTS, 30_000, (r) => r.path === '/slow');
    const termAt = Date.now();
    worker.signal('SIGTERM');
    const exit = await within(worker.exited, 30_000, 'the worker draining and exiting');
    const exitedAfterMs = Date.now() - termAt;

    // The attempts finished and were recorded before the process went away.
    const afterExit = await loadDeliveries(s.db, [tenant]);
    const requestsAfterExit = rx.requests.filter((r) => r.path === '/slow').length;

    // A new worker picks the workflows up where the results left them: each completes
    // without another attempt (an unreported result would mean a retry, after the
    // activity's 45 s timeout, and a second request).
    const next = spawnWorker(workerEnv, 'worker-2');
    await waitForPoller(s.temporal, s.taskQueue, next);
    await eventually(
      async () => {
        for (const id of deliveryIds) {
          const description = await s.temporal.workflow.getHandle(deliveryWorkflowId(id)).describe();
          if (description.status.name !== 'COMPLETED') return false;
        }
        return true;
      },
      30_000,
      'every delivery workflow completed',
    );
    await sleep(500);
    const final = await loadDeliveries(s.db, [tenant]);
    const requests = rx.requests.filter((r) => r.path === '/slow');

    const ledger = printLedger('worker SIGTERM with attempts in flight (receiver answers after 2 s)', {
      'attempts in flight at SIGTERM': EVENTS,
      'worker exit': exit,
      'worker exited after SIGTERM (ms)': exitedAfterMs,
      'attempt rows at exit': afterExit
        .flatMap((d) => d.attempts)
        .map((a) => a.statusCode)
        .join(','),
      'deliveries finished at exit': afterExit.filter((d) => d.status === 'finished').length,
      'receiver requests in all': requests.length,
      'workflows completed after restart': deliveryIds.length,
    });

    expect(exit).toBe(0);
    // It waited for the receiver (lower bound), well within the 35 s grace time.
    expect(exitedAfterMs).toBeGreaterThanOrEqual(SLOW_MS / 2);
    expect(exitedAfterMs).toBeLessThan(30_000);
    expect(afterExit.map((d) => [d.status, d.attempts.map((a) => a.statusCode)])).toEqual(deliveryIds.map(() => ['finished', [200]]));
    expect(requestsAfterExit).toBe(EVENTS);
    expect({ requests: requests.length, ledger }).toEqual({ requests: EVENTS, ledger });
    expect(new Set(requests.map((r) => r.headers['webhook-id']))).toEqual(new Set(events.map((e) => e.id)));
    expect(final.map((d) => d.attempts.length)).toEqual(deliveryIds.map(() => 1));
    passed++;
  }, 120_000);

  it('the API answers a request in flight at SIGTERM, refuses new connections, then exits', async () => {
    const s = stack!;
    const tenant = await createTenant(s, 'drain-api');
    const port = await freePort();
    const api = spawnApi({
      DATABASE_URL: s.databaseUrl,
      TEMPORAL_ADDRESS: s.ctx.config.temporal.address,
      TEMPORAL_TASK_QUEUE: s.taskQueue,
      ADMIN_API_KEY: s.adminKey,
      HOST: '127.0.0.1',
      PORT: String(port),
    });
    await eventually(async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).ok, 60_000, 'the API listening');

    // A publish whose body arrives slowly: half now, the rest after SIGTERM. The client
    // keeps connections alive, as proxies and SDKs do.
    const agent = new Agent({ keepAlive: true });
    const body = JSON.stringify({ type: 'order.created', data: { note: 'sent across a SIGTERM', pad: 'x'.repeat(2_000) } });
    const half = Math.floor(body.length / 2);
    let slowRequest: ReturnType<typeof httpRequest> | undefined;
    const response = new Promise<{ status: number; body: any }>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: `/v1/tenants/${tenant}/events`,
          headers: {
            authorization: `Bearer ${s.adminKey}`,
            'content-type': 'application/json',
            'content-length': String(Buffer.byteLength(body)),
          },
          agent,
        },
        (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, half));
      slowRequest = req;
    });
    await sleep(500); // the server has the request's headers: it is in flight

    const termAt = Date.now();
    api.child.kill('SIGTERM');
    // The listening socket closes at once: new connections are refused...
    const refused = await eventually(async () => portRefuses(port), 5_000, 'new connections refused');
    // ...while the request already in flight goes on: send the rest of its body.
    expect(api.running()).toBe(true);
    slowRequest!.end(body.slice(half));
    const answer = await within(response, 20_000, 'the in-flight request');
    const answeredAt = Date.now();
    const exit = await within(api.exited, 20_000, 'the API exiting');
    const exitedAfterMs = Date.now() - termAt;
    const exitedAfterAnswerMs = Date.now() - answeredAt;
    agent.destroy();
    const stored =
      answer.status === 202 ? await s.db.selectFrom('events').select('id').where('id', '=', answer.body.id).executeTakeFirst() : undefined;

    printLedger('API SIGTERM with a request in flight', {
      'new connections after SIGTERM': refused ? 'refused' : 'accepted',
      'in-flight request answered': `${answer.status} ${answer.body?.id ?? JSON.stringify(answer.body)}`,
      'event stored': stored ? 'yes' : 'no',
      'API exit': exit,
      'API exited after SIGTERM (ms)': exitedAfterMs,
      'API exited after the answer (ms)': exitedAfterAnswerMs,
    });
    expect(refused).toBe(true);
    expect(answer.status).toBe(202);
    expect(stored?.id).toBe(answer.body.id);
    expect(exit).toBe(0);
    // The kept-alive connection does not hold the exit until the client's idle timeout
    // (Node's is 5 s): it is closed as soon as its response is done.
    expect(exitedAfterAnswerMs).toBeLessThan(4_000);
    passed++;
  }, 120_000);
});
