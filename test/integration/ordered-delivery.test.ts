import { createEndpoint, createTenant, getDelivery, publish, waitForDeliveryStatus } from '../helpers/hookflow';
import { failsFirstTryOf, indexOf } from '../helpers/ordered';
import { eventually, ReceiverPool } from '../helpers/receiver';
import { requireTestEnv, startTestStack, type TestStack } from '../helpers/stack';
import { temporalJson } from '../helpers/temporal-cli';

/**
 * Ordered delivery (`ordering: "fifo"`): per endpoint and ordering key, no attempt before
 * the delivery of the previous event with that key has settled; other keys, and other
 * endpoints, go on. On the real stack: API, worker, Temporal dev server, PostgreSQL.
 */
describe('ordered delivery (fifo endpoints)', () => {
  let stack: TestStack;
  const receivers = new ReceiverPool();

  beforeAll(async () => {
    stack = await startTestStack({ RETRY_SCHEDULE: '1500ms' });
  });
  afterAll(async () => {
    await receivers.closeAll();
    await stack?.stop();
  });

  it('attempts a key strictly in publish order: a retrying head holds its line, not the other key', async () => {
    const tenant = await createTenant(stack);
    // The first request for event 1 fails: its retry comes after 1.5 s.
    const receiver = await receivers.start(failsFirstTryOf(1));
    const endpoint = await createEndpoint(stack, tenant, { url: receiver.url('/fifo'), ordering: 'fifo' });
    expect(endpoint).toMatchObject({ ordering: 'fifo', fifoOnFailure: 'continue' });
    const a1 = await publish(stack, tenant, { type: 'order.created', data: { n: 1 }, orderingKey: 'order-A' });
    const a2 = await publish(stack, tenant, { type: 'order.updated', data: { n: 2 }, orderingKey: 'order-A' });
    const a3 = await publish(stack, tenant, { type: 'order.updated', data: { n: 3 }, orderingKey: 'order-A' });
    const b1 = await publish(stack, tenant, { type: 'order.created', data: { n: 4 }, orderingKey: 'order-B' });

    // While event 1 waits for its retry, event 2 waits for event 1, and says so.
    await waitForDeliveryStatus(stack, tenant, a1.deliveries[0]!.id, 'retrying');
    const waiting = await eventually(async () => {
      const delivery = await getDelivery(stack, tenant, a2.deliveries[0]!.id);
      return delivery.waitingFor === 'predecessor' ? delivery : undefined;
    }, 10_000);
    expect(waiting).toMatchObject({
      status: 'new',
      attemptCount: 0,
      predecessorId: a1.deliveries[0]!.id,
      orderingKey: 'order-A',
      sequence: 2,
    });
    // The Temporal Web UI shows the wait as the workflow's current details.
    const address = requireTestEnv('HOOKFLOW_TEST_TEMPORAL_ADDRESS');
    const metadata = await temporalJson(address, ['workflow', 'metadata', '--workflow-id', waiting.workflowId]);
    expect(JSON.stringify(metadata)).toContain(`waiting for an earlier event: delivery ${a1.deliveries[0]!.id} has not settled yet`);
    // Key B does not wait for key A.
    await waitForDeliveryStatus(stack, tenant, b1.deliveries[0]!.id, 'finished');

    await waitForDeliveryStatus(stack, tenant, a3.deliveries[0]!.id, 'finished', 20_000);
    expect(receiver.requests.map(indexOf)).toEqual([1, 4, 1, 2, 3]);
    // The line's place and key travel as headers.
    const byIndex = (n: number) => receiver.requests.filter((r) => indexOf(r) === n).pop()!;
    expect([1, 2, 3].map((n) => byIndex(n).headers['webhook-sequence'])).toEqual(['1', '2', '3']);
    expect(byIndex(4).headers).toMatchObject({ 'webhook-sequence': '1', 'webhook-ordering-key': 'order-B' });
  });

  it('concurrent publishes with one key take distinct, gap-free places, each after the one before', async () => {
    const tenant = await createTenant(stack);
    const receiver = await receivers.start(() => ({ status: 200 }));
    await createEndpoint(stack, tenant, { url: receiver.url('/fifo'), ordering: 'fifo' });
    const events = await Promise.all(
      Array.from({ length: 40 }, (_, n) => publish(stack, tenant, { type: 'order.updated', data: { n }, orderingKey: 'one-key' })),
    );
    const deliveries = await Promise.all(events.map((e) => getDelivery(stack, tenant, e.deliveries[0]!.id)));
    const bySequence = [...deliveries].sort((x, y) => x.sequence - y.sequence);
    expect(bySequence.map((d) => d.sequence)).toEqual(Array.from({ length: 40 }, (_, n) => n + 1));
    expect(bySequence.map((d) => d.predecessorId)).toEqual([null, ...bySequence.slice(0, -1).map((d) => d.id)]);
    // And they arrive in that order.
    await receiver.waitForRequests(40, 30_000);
    const eventOf = new Map(deliveries.map((d) => [d.eventId, d.sequence]));
    expect(receiver.requests.map((r) => eventOf.get(String(r.headers['webhook-id'])))).toEqual(bySequence.map((d) => d.sequence));
  });

  it("a head that fails for good: the line moves on by default; with fifoOnFailure 'block' it waits for a resend or a skip", async () => {
    const tenant = await createTenant(stack);
    let failing = true;
    const receiver = await receivers.start(() => ({ status: failing ? 500 : 200 }));
    const moving = await createEndpoint(stack, tenant, {
      url: receiver.url('/continue'),
      ordering: 'fifo',
      retrySchedule: [],
      eventTypes: ['a.*'],
    });
    const blocking = await createEndpoint(stack, tenant, {
      url: receiver.url('/block'),
      ordering: 'fifo',
      fifoOnFailure: 'block',
      retrySchedule: [],
      eventTypes: ['b.*'],
    });
    expect(moving.fifoOnFailure).toBe('continue');
    expect(blocking.fifoOnFailure).toBe('block');
    const a1 = await publish(stack, tenant, { type: 'a.x', data: { n: 1 } });
    const a2 = await publish(stack, tenant, { type: 'a.x', data: { n: 2 } });
    const b1 = await publish(stack, tenant, { type: 'b.x', data: { n: 3 } });
    const b2 = await publish(stack, tenant, { type: 'b.x', data: { n: 4 } });
    const b3 = await publish(stack, tenant, { type: 'b.x', data: { n: 5 } });
    await waitForDeliveryStatus(stack, tenant, a1.deliveries[0]!.id, 'failed');
    // continue: event 2 is attempted (and fails too: the receiver still answers 500).
    await waitForDeliveryStatus(stack, tenant, a2.deliveries[0]!.id, 'failed');
    await waitForDeliveryStatus(stack, tenant, b1.deliveries[0]!.id, 'failed');
    failing = false;
    // block: events 4 and 5 wait, with no attempt, behind the failed event 3.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await getDelivery(stack, tenant, b2.deliveries[0]!.id)).toMatchObject({
      status: 'new',
      attemptCount: 0,
      waitingFor: 'predecessor',
      predecessorId: b1.deliveries[0]!.id,
    });
    // A resend of the failed head that finishes lets the line go on: event 4 goes.
    const resend = await stack.client.POST('/v1/tenants/{tenantId}/deliveries/{deliveryId}/resend', {
      params: { path: { tenantId: tenant, deliveryId: b1.deliveries[0]!.id } },
    });
    expect(resend.response.status).toBe(202);
    await waitForDeliveryStatus(stack, tenant, b2.deliveries[0]!.id, 'finished', 20_000);
    await waitForDeliveryStatus(stack, tenant, b3.deliveries[0]!.id, 'finished', 20_000);
    expect(receiver.requests.filter((r) => r.path === '/block').map(indexOf)).toEqual([3, 3, 4, 5]);

    // A skip lets the line past a failed delivery without sending it again.
    failing = true;
    const b4 = await publish(stack, tenant, { type: 'b.x', data: { n: 6 } });
    await waitForDeliveryStatus(stack, tenant, b4.deliveries[0]!.id, 'failed');
    failing = false;
    const b5 = await publish(stack, tenant, { type: 'b.x', data: { n: 7 } });
    await eventually(async () => (await getDelivery(stack, tenant, b5.deliveries[0]!.id)).waitingFor === 'predecessor', 10_000);
    const notFailed = await stack.client.POST('/v1/tenants/{tenantId}/deliveries/{deliveryId}/skip', {
      params: { path: { tenantId: tenant, deliveryId: b5.deliveries[0]!.id } },
    });
    expect(notFailed.response.status).toBe(409);
    const skipped = await stack.client.POST('/v1/tenants/{tenantId}/deliveries/{deliveryId}/skip', {
      params: { path: { tenantId: tenant, deliveryId: b4.deliveries[0]!.id } },
    });
    expect(skipped.response.status).toBe(200);
    expect(skipped.data).toMatchObject({ status: 'failed', sequence: 4 });
    await waitForDeliveryStatus(stack, tenant, b5.deliveries[0]!.id, 'finished', 20_000);
    expect(receiver.requests.filter((r) => r.path === '/block').map(indexOf)).toEqual([3, 3, 4, 5, 6, 7]);
  });

  it('a stuck line holds neither another key nor an unordered endpoint of the same tenant', async () => {
    const tenant = await createTenant(stack);
    const stuck = await receivers.start(() => ({ status: 500 }));
    const fine = await receivers.start(() => ({ status: 200 }));
    const fifo = await createEndpoint(stack, tenant, { url: stuck.url('/a'), ordering: 'fifo', retrySchedule: ['1h'] });
    await createEndpoint(stack, tenant, { url: fine.url('/plain') });
    const ofFifo = (event: { deliveries: { id: string; endpointId: string }[] }) =>
      event.deliveries.find((d) => d.endpointId === fifo.id)!.id;
    const head = await publish(stack, tenant, { type: 'a.x', data: { n: 1 }, orderingKey: 'A' });
    const behind = await publish(stack, tenant, { type: 'a.x', data: { n: 2 }, orderingKey: 'A' });
    const otherKey = await publish(stack, tenant, { type: 'a.x', data: { n: 3 }, orderingKey: 'B' });
    await waitForDeliveryStatus(stack, tenant, ofFifo(head), 'retrying');
    // The unordered endpoint got all three; key B went; key A holds event 2 behind its retrying head.
    await fine.waitForRequests(3, 10_000);
    await stuck.waitForRequests(2, 10_000);
    expect(stuck.requests.map(indexOf).sort()).toEqual([1, 3]);
    expect(await getDelivery(stack, tenant, ofFifo(behind))).toMatchObject({ status: 'new', waitingFor: 'predecessor' });
    expect((await getDelivery(stack, tenant, ofFifo(otherKey))).sequence).toBe(1);
  });

  it('disabling the endpoint settles its waiting line at once, as it settles unordered deliveries', async () => {
    const tenant = await createTenant(stack);
    const receiver = await receivers.start(() => ({ status: 500 }));
    const endpoint = await createEndpoint(stack, tenant, { url: receiver.url('/a'), ordering: 'fifo', retrySchedule: ['1h'] });
    const events: Awaited<ReturnType<typeof publish>>[] = [];
    for (let n = 1; n <= 3; n++) events.push(await publish(stack, tenant, { type: 'a.x', data: { n }, orderingKey: 'K' }));
    await waitForDeliveryStatus(stack, tenant, events[0]!.deliveries[0]!.id, 'retrying');
    await eventually(async () => (await getDelivery(stack, tenant, events[2]!.deliveries[0]!.id)).waitingFor === 'predecessor', 10_000);
    const disabled = await stack.client.PATCH('/v1/tenants/{tenantId}/endpoints/{endpointId}', {
      params: { path: { tenantId: tenant, endpointId: endpoint.id } },
      body: { enabled: false },
    });
    expect(disabled.response.status).toBe(200);
    for (const event of events) {
      expect(await getDelivery(stack, tenant, event.deliveries[0]!.id)).toMatchObject({ status: 'failed', waitingFor: null });
    }
    // Only the head was ever sent.
    expect(receiver.requests.map(indexOf)).toEqual([1]);
  });

  it('an ordering key is checked: 1 to 256 characters', async () => {
    const tenant = await createTenant(stack);
    const response = await stack.client.POST('/v1/tenants/{tenantId}/events', {
      params: { path: { tenantId: tenant } },
      body: { type: 'a.x', data: {}, orderingKey: 'k'.repeat(257) },
    });
    expect(response.response.status).toBe(400);
    expect(JSON.stringify(response.error)).toContain('orderingKey');
  });
});
