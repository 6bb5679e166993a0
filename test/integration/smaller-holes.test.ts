import { randomBytes } from 'node:crypto';
import { createEndpoint, publish } from '../helpers/hookflow';
import { ReceiverPool } from '../helpers/receiver';
import { startTestStack, type TestStack } from '../helpers/stack';

/**
 * Issue 17, section 3 ("Smaller holes"): each defence through the real API, the real worker
 * on a real Temporal dev server, and real PostgreSQL.
 */

const receivers = new ReceiverPool();
afterAll(() => receivers.closeAll());

describe('fan-out workflow ids', () => {
  let stack: TestStack;
  // Every event goes through the fan-out workflow; the sweeper (1 h in tests) never helps.
  beforeAll(async () => {
    stack = await startTestStack({ PUBLISH_DIRECT_START_MAX: '0' });
  });
  afterAll(() => stack?.stop());

  it('tenant "x" + event "b-q1" and tenant "x-b" + event "q1" each get their own fan-out at once', async () => {
    const base = `fa${randomBytes(4).toString('hex')}`;
    const [first, second] = [`${base}`, `${base}-b`];
    for (const id of [first, second]) expect((await stack.api('POST', '/v1/tenants', { id, name: id })).status).toBe(201);
    const rx = await receivers.start();
    await createEndpoint(stack, first, { url: rx.url('/first') });
    await createEndpoint(stack, second, { url: rx.url('/second') });

    // With no worker the first fan-out stays running, so a colliding id cannot start beside it.
    await stack.stopWorker();
    const a = await publish(stack, first, { type: 'order.created', data: { n: 1 }, id: 'b-q1' });
    const b = await publish(stack, second, { type: 'order.created', data: { n: 2 }, id: 'q1' });
    expect([a.fanOutPending, b.fanOutPending]).toEqual([true, true]);
    await stack.startWorker();

    const requests = await rx.waitForRequests(2, 15_000);
    expect(requests.map((r) => r.path).sort()).toEqual(['/first', '/second']);
    expect(requests.map((r) => r.headers['webhook-id']).sort()).toEqual(['b-q1', 'q1']);
  });
});
