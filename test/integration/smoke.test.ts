import { sql } from 'kysely';
import { answer } from '../helpers/hookflow';
import { Receiver, eventually } from '../helpers/receiver';
import { startTestStack, type TestStack, uniqueName } from '../helpers/stack';

/**
 * The foundation end to end: the real API, the real worker on a real Temporal dev
 * server, real PostgreSQL, and a real receiver on loopback.
 */
describe('smoke: the stack runs', () => {
  let stack: TestStack;
  let receiver: Receiver;

  beforeAll(async () => {
    stack = await startTestStack();
    receiver = await Receiver.start();
  });
  afterAll(async () => {
    await receiver?.close();
    await stack?.stop();
  });

  it('answers /healthz and reports ready once the worker polls its task queue', async () => {
    const health = await fetch(`${stack.apiUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });

    const ready = await eventually(
      async () => {
        const response = await fetch(`${stack.apiUrl}/readyz`);
        return response.status === 200 ? ((await response.json()) as { checks: Record<string, { ok: boolean }> }) : undefined;
      },
      20_000,
      '/readyz 200',
    );
    expect(ready.checks.postgres?.ok).toBe(true);
    expect(ready.checks.temporal?.ok).toBe(true);
    expect(ready.checks.worker?.ok).toBe(true);
  });

  it('has applied the migrations', async () => {
    const tables = await sql<{ table_name: string }>`
      select table_name from information_schema.tables where table_schema = 'public' order by table_name`.execute(stack.db);
    expect(tables.rows.map((r) => r.table_name)).toEqual(
      expect.arrayContaining(['attempts', 'deliveries', 'endpoints', 'events', 'kysely_migration', 'tenants']),
    );
  });

  it('runs a delivery workflow through the worker, which writes the attempt to Postgres', async () => {
    const tenant = uniqueName('smoke');
    expect((await stack.client.POST('/v1/tenants', { body: { id: tenant, name: 'Smoke' } }).then(answer)).status).toBe(201);
    const endpoint = await stack.client
      .POST('/v1/tenants/{tenantId}/endpoints', { params: { path: { tenantId: tenant } }, body: { url: receiver.url() } })
      .then(answer);
    expect(endpoint.status).toBe(201);
    const published = await stack.client
      .POST('/v1/tenants/{tenantId}/events', {
        params: { path: { tenantId: tenant } },
        body: { type: 'smoke.test', data: { hello: 'world' } },
      })
      .then(answer);
    expect(published.status).toBe(202);
    const deliveryId = published.body.deliveries[0].id as string;

    await receiver.waitForRequests(1);
    const attempt = await eventually(
      () => stack.db.selectFrom('attempts').selectAll().where('delivery_id', '=', deliveryId).executeTakeFirst(),
      10_000,
      'attempt row',
    );
    expect(attempt.status_code).toBe(200);
    const delivery = await stack.db.selectFrom('deliveries').selectAll().where('id', '=', deliveryId).executeTakeFirstOrThrow();
    expect(delivery.status).toBe('finished');

    // The activity records `finished` just before the workflow's last task completes it.
    const description = await eventually(
      async () => {
        const described = await stack.temporal.workflow.getHandle(delivery.workflow_id).describe();
        return described.status.name === 'COMPLETED' ? described : undefined;
      },
      10_000,
      'workflow completed',
    );
    expect(description.taskQueue).toBe(stack.taskQueue);
  });

  it('/readyz runs its checks at most once a second, however often it is asked', async () => {
    const readyAt = async () => ((await (await fetch(`${stack.apiUrl}/readyz`)).json()) as { checkedAt: string }).checkedAt;
    // Ten calls 20 ms apart: without the cache each would run the checks anew (ten times).
    const times: string[] = [];
    for (let i = 0; i < 10; i++) {
      times.push(await readyAt());
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(new Set(times).size).toBeLessThanOrEqual(2);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(Date.parse(await readyAt())).toBeGreaterThan(Date.parse(times.at(-1)!));
  });

  it('answers 503 on /readyz naming the worker when none polls', async () => {
    await stack.stopWorker();
    try {
      // Temporal forgets a poller about a minute after its last poll; ask a queue nobody polls instead.
      const other = await startTestStack({}, { worker: false });
      try {
        const response = await fetch(`${other.apiUrl}/readyz`);
        expect(response.status).toBe(503);
        const body = (await response.json()) as { down: string[] };
        expect(body.down).toEqual(['worker']);
      } finally {
        await other.stop();
      }
    } finally {
      await stack.startWorker();
    }
  });
});
