import { createEndpoint, createTenant, getDelivery, publish } from '../helpers/hookflow';
import { eventually, ReceiverPool } from '../helpers/receiver';
import { startTestStack, type TestStack } from '../helpers/stack';

/**
 * Ordered delivery with the fan-out workflow (more subscribers than
 * PUBLISH_DIRECT_START_MAX, here 0: every publish fans out): the deliveries to `fifo`
 * endpoints still take their places in the publish's transaction, so the line's order is
 * the publishes' order, whenever the fan-out runs; the fan-out writes the others.
 */
describe('ordered delivery through the fan-out workflow', () => {
  let stack: TestStack;
  const receivers = new ReceiverPool();

  beforeAll(async () => {
    stack = await startTestStack({ PUBLISH_DIRECT_START_MAX: '0' });
  });
  afterAll(async () => {
    await receivers.closeAll();
    await stack?.stop();
  });

  it('fifo deliveries are numbered at publish; the fan-out adds the unordered ones; both receive everything', async () => {
    const tenant = await createTenant(stack);
    const ordered = await receivers.start(() => ({ status: 200 }));
    const plain = await receivers.start(() => ({ status: 200 }));
    const fifo = await createEndpoint(stack, tenant, { url: ordered.url('/fifo'), ordering: 'fifo' });
    await createEndpoint(stack, tenant, { url: plain.url('/plain') });
    const events: Awaited<ReturnType<typeof publish>>[] = [];
    for (let n = 1; n <= 5; n++) events.push(await publish(stack, tenant, { type: 'order.updated', data: { n }, orderingKey: 'ord_1' }));

    // The 202 already lists the fifo delivery, numbered; the unordered one follows from the fan-out.
    for (const [n, event] of events.entries()) {
      expect(event.fanOutPending).toBe(true);
      expect(event.deliveries).toHaveLength(1);
      expect(event.deliveries[0]!.endpointId).toBe(fifo.id);
      expect((await getDelivery(stack, tenant, event.deliveries[0]!.id)).sequence).toBe(n + 1);
    }
    await ordered.waitForRequests(5, 20_000);
    await plain.waitForRequests(5, 20_000);
    const ids = events.map((e) => e.id);
    expect(ordered.requests.map((r) => r.headers['webhook-id'])).toEqual(ids);
    expect(ordered.requests.map((r) => r.headers['webhook-sequence'])).toEqual(['1', '2', '3', '4', '5']);
    expect(plain.requests.every((r) => r.headers['webhook-sequence'] === undefined)).toBe(true);
    await eventually(async () => {
      const listed = await stack.client.GET('/v1/tenants/{tenantId}/events/{eventId}', {
        params: { path: { tenantId: tenant, eventId: ids[4]! } },
      });
      return listed.data?.deliveries.length === 2;
    }, 10_000);
  });
});
