import { createServer, type Server, type Socket } from 'node:net';
import { sql } from 'kysely';
import { createEndpoint, createTenant, publish } from '../helpers/hookflow';
import { ReceiverPool } from '../helpers/receiver';
import { startTestStack, type TestStack } from '../helpers/stack';

/**
 * A publish answers once its event and deliveries are committed; the workflow starts run
 * after it (src/temporal/start-queue.ts). Against a Temporal that accepts connections and
 * never answers, publishes still answer at once, until PUBLISH_START_BACKLOG_MAX starts wait;
 * then a publish is refused with 503 `overloaded` and Retry-After, and stores nothing.
 */
describe('publish: acknowledged when committed, pushed back when starts fall behind', () => {
  let stack: TestStack;
  let blackHole: Server;
  const sockets = new Set<Socket>();
  const receivers = new ReceiverPool();

  beforeAll(async () => {
    blackHole = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', resolve));
    const { port } = blackHole.address() as { port: number };
    stack = await startTestStack(
      { TEMPORAL_ADDRESS: `127.0.0.1:${port}`, PUBLISH_START_CONCURRENCY: '1', PUBLISH_START_BACKLOG_MAX: '3' },
      { worker: false },
    );
  });
  afterAll(async () => {
    await receivers.closeAll();
    await stack?.stop();
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => blackHole?.close(resolve));
  });

  it('answers 202 without waiting for Temporal, then 503 with Retry-After past the backlog bound; nothing refused is stored', async () => {
    // Broken, this looks like: a publish that waits for the start (seconds, the start's
    // deadline), a fourth publish accepted, or a refused one that left an event behind.
    const tenant = await createTenant(stack);
    const rx = await receivers.start();
    await createEndpoint(stack, tenant, { url: rx.url() });

    const accepted: string[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = Date.now();
      const event = await publish(stack, tenant, { type: 'order.created', data: { i } });
      expect(Date.now() - t0).toBeLessThan(1_000);
      expect(event.deliveries).toEqual([expect.objectContaining({ status: 'new' })]);
      accepted.push(event.id);
    }
    expect(stack.ctx.starts.backlog).toBe(3);

    const refused = await stack.api('POST', `/v1/tenants/${tenant}/events`, { type: 'order.created', id: 'evt_refused', data: {} });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.body.error.code).toBe('overloaded');
    const stored = await sql<{ id: string }>`select id from events where tenant_id = ${tenant} order by id`.execute(stack.db);
    expect(stored.rows.map((r) => r.id).sort()).toEqual([...accepted].sort());

    // The starts give up after their deadline (reconcile's job then): the queue drains and publishes are taken again.
    await stack.ctx.starts.drained();
    expect(stack.ctx.starts.backlog).toBe(0);
    expect((await publish(stack, tenant, { type: 'order.created', id: 'evt_refused', data: {} })).id).toBe('evt_refused');
  }, 60_000);
});
