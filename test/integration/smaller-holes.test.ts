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

describe('the API', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(() => stack?.stop());

  const tenant = async () => {
    const id = `t${randomBytes(5).toString('hex')}`;
    expect((await stack.api('POST', '/v1/tenants', { id, name: id })).status).toBe(201);
    return id;
  };

  describe('pagination cursors', () => {
    const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    it.each([
      ['an impossible time', ['2026-13-45T99:99:99.000000Z', 'x']],
      ['a day the month does not have', ['2026-02-30T00:00:00.000000Z', 'evt_1']],
      ['year 0, which PostgreSQL does not have', ['0000-01-01T00:00:00.000000Z', 'evt_1']],
      ['a NUL in the id', ['2026-01-01T00:00:00.000000Z', 'evt\u0000x']],
      ['a space in the id', ['2026-01-01T00:00:00.000000Z', 'evt x']],
    ])('a tampered cursor (%s) is a 400 naming cursor, on events and deliveries', async (_what, value) => {
      const t = await tenant();
      for (const list of ['events', 'deliveries', 'events?status=failed']) {
        const separator = list.includes('?') ? '&' : '?';
        const response = await stack.api('GET', `/v1/tenants/${t}/${list}${separator}cursor=${cursorOf(value)}`);
        expect({ list, status: response.status }).toEqual({ list, status: 400 });
        expect(response.body.error.details).toEqual([{ field: 'cursor', message: expect.any(String) }]);
      }
    });

    it('a real cursor still pages', async () => {
      const t = await tenant();
      for (const n of [1, 2, 3]) await publish(stack, t, { type: 'order.created', data: { n } });
      const first = await stack.api('GET', `/v1/tenants/${t}/events?limit=2`);
      expect(first.body.data).toHaveLength(2);
      const second = await stack.api('GET', `/v1/tenants/${t}/events?limit=2&cursor=${first.body.nextCursor}`);
      expect(second.status).toBe(200);
      expect(second.body.data).toHaveLength(1);
    });
  });
});
