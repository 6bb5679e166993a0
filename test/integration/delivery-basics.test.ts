import { Webhook } from 'standardwebhooks';
import { answer, createEndpoint, createTenant, getDelivery, publish, waitForDeliveryStatus } from '../helpers/hookflow';
import { ReceiverPool, eventually } from '../helpers/receiver';
import { startTestStack, type TestStack } from '../helpers/stack';

describe('delivery: wire format, fan-out, idempotency, test events', () => {
  let stack: TestStack;
  const receivers = new ReceiverPool();
  const receiver = receivers.start;

  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(async () => {
    await receivers.closeAll();
    await stack?.stop();
  });

  it('POSTs the Standard Webhooks envelope and headers; the standardwebhooks package verifies it', async () => {
    const tenant = await createTenant(stack);
    const rx = await receiver();
    const endpoint = await createEndpoint(stack, tenant, { url: rx.url('/in?src=hf'), headers: { 'x-team': 'payments' } });
    expect(endpoint.secret).toMatch(/^whsec_/);
    const event = await publish(stack, tenant, { type: 'order.created', data: { orderId: 7, items: ['a', 'ü'] } });

    const [request] = await rx.waitForRequests(1);
    expect(request!.method).toBe('POST');
    expect(request!.path).toBe('/in?src=hf');
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers['user-agent']).toMatch(/^hookflow\//);
    expect(request!.headers['x-team']).toBe('payments');
    expect(request!.headers['webhook-id']).toBe(event.id);
    expect(Number(request!.headers['webhook-timestamp'])).toBeGreaterThan(Date.now() / 1000 - 60);

    const verified = new Webhook(endpoint.secret).verify(request!.body, request!.headers as Record<string, string>);
    expect(verified).toEqual({ id: event.id, type: 'order.created', timestamp: event.createdAt, data: { orderId: 7, items: ['a', 'ü'] } });
    expect(JSON.parse(request!.body)).not.toHaveProperty('test');
    await waitForDeliveryStatus(stack, tenant, event.deliveries[0]!.id, 'finished');
  });

  it('signs with both secrets during a rotation; each verifies, and the secret route shows both', async () => {
    const tenant = await createTenant(stack);
    const rx = await receiver();
    const endpoint = await createEndpoint(stack, tenant, { url: rx.url() });
    const rotated = await stack.client
      .POST('/v1/tenants/{tenantId}/endpoints/{endpointId}/rotate-secret', {
        params: { path: { tenantId: tenant, endpointId: endpoint.id } },
      })
      .then(answer);
    expect(rotated.status).toBe(200);
    expect(rotated.body.previousSecret).toBe(endpoint.secret);
    expect(rotated.body.secret).not.toBe(endpoint.secret);
    expect(Date.parse(rotated.body.previousSecretExpiresAt) - Date.now()).toBeGreaterThan(23 * 3600_000);

    const shown = await stack.client
      .GET('/v1/tenants/{tenantId}/endpoints/{endpointId}/secret', { params: { path: { tenantId: tenant, endpointId: endpoint.id } } })
      .then(answer);
    expect(shown.body).toEqual(rotated.body);
    const plain = await stack.client
      .GET('/v1/tenants/{tenantId}/endpoints/{endpointId}', { params: { path: { tenantId: tenant, endpointId: endpoint.id } } })
      .then(answer);
    expect(JSON.stringify(plain.body)).not.toContain('whsec_');

    await publish(stack, tenant, { type: 'order.created', data: {} });
    const [request] = await rx.waitForRequests(1);
    const headers = request!.headers as Record<string, string>;
    expect(headers['webhook-signature']!.split(' ')).toHaveLength(2);
    expect(() => new Webhook(endpoint.secret).verify(request!.body, headers)).not.toThrow();
    expect(() => new Webhook(rotated.body.secret).verify(request!.body, headers)).not.toThrow();
  });

  it("serialises concurrent rotations: each returned secret is the next one's previous, none is dropped", async () => {
    const tenant = await createTenant(stack);
    const endpoint = await createEndpoint(stack, tenant, { url: 'http://127.0.0.1:9/rotate' });
    const rotations = await Promise.all(
      Array.from({ length: 6 }, () =>
        stack.client
          .POST('/v1/tenants/{tenantId}/endpoints/{endpointId}/rotate-secret', {
            params: { path: { tenantId: tenant, endpointId: endpoint.id } },
          })
          .then(answer),
      ),
    );
    expect(rotations.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    // A chain from the original: every previous is distinct, and is the original or another rotation's secret.
    const secrets = rotations.map((r) => r.body.secret as string);
    const previous = rotations.map((r) => r.body.previousSecret as string);
    expect(new Set(previous).size).toBe(6);
    for (const p of previous) expect([endpoint.secret, ...secrets]).toContain(p);
    const newest = secrets.find((s) => !previous.includes(s));
    const shown = await stack.client
      .GET('/v1/tenants/{tenantId}/endpoints/{endpointId}/secret', { params: { path: { tenantId: tenant, endpointId: endpoint.id } } })
      .then(answer);
    expect(shown.body.secret).toBe(newest);
    expect(previous).toContain(endpoint.secret);
  });

  // Up to PUBLISH_DIRECT_START_MAX (8) subscribers the publish writes the deliveries itself;
  // with more, the fan-out workflow does. Both must choose exactly the same endpoints.
  it.each([
    ['in the publish transaction', 0],
    ['by the fan-out workflow (more than 8 subscribers)', 6],
  ])('fans out to exactly the subscribed, enabled, live endpoints (exact, prefix and * filters), %s', async (_mode, extra) => {
    const tenant = await createTenant(stack);
    const otherTenant = await createTenant(stack);
    const rx = await receiver();
    const make = (name: string, body: Record<string, unknown>, t = tenant) =>
      createEndpoint(stack, t, { url: rx.url(`/${name}`), ...body });
    const exact = await make('exact', { eventTypes: ['order.created'] });
    const prefix = await make('prefix', { eventTypes: ['order.*'] });
    const all = await make('all', {});
    const nested = await make('nested', { eventTypes: ['invoice.paid', 'order.created'] });
    const extras: { id: string }[] = [];
    for (let i = 0; i < extra; i++) extras.push(await make(`extra${i}`, { eventTypes: ['*'] }));
    await make('other-type', { eventTypes: ['order.updated', 'invoice.*'] });
    await make('ord-prefix', { eventTypes: ['orders.*'] });
    await make('disabled', { enabled: false });
    const deleted = await make('deleted', {});
    await make('other-tenant', {}, otherTenant);
    expect(
      (
        await stack.client
          .DELETE('/v1/tenants/{tenantId}/endpoints/{endpointId}', { params: { path: { tenantId: tenant, endpointId: deleted.id } } })
          .then(answer)
      ).status,
    ).toBe(204);
    const patched = await make('patched-off', {});
    expect(
      (
        await stack.client
          .PATCH('/v1/tenants/{tenantId}/endpoints/{endpointId}', {
            params: { path: { tenantId: tenant, endpointId: patched.id } },
            body: { enabled: false },
          })
          .then(answer)
      ).status,
    ).toBe(200);

    const event = await publish(stack, tenant, { type: 'order.created', data: { n: 1 } });
    const expected = [exact.id, prefix.id, all.id, nested.id, ...extras.map((e) => e.id)].sort();
    const expectedPaths = ['/all', '/exact', '/nested', '/prefix', ...extras.map((_, i) => `/extra${i}`)].sort();
    if (extra === 0) {
      expect(event.fanOutPending).toBe(false);
      expect(event.deliveries.map((d) => d.endpointId).sort()).toEqual(expected);
      expect(event.deliveries.every((d) => d.status === 'new')).toBe(true);
    } else {
      // Deferred: the 202 lists none; they appear once the fan-out has written them.
      expect(event.fanOutPending).toBe(true);
      expect(event.deliveries).toEqual([]);
    }

    await rx.waitForRequests(expected.length);
    // Give any wrong delivery time to arrive before asserting there was none.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(rx.requests.map((r) => r.path).sort()).toEqual(expectedPaths);
    const fetched = await stack.client
      .GET('/v1/tenants/{tenantId}/events/{eventId}', { params: { path: { tenantId: tenant, eventId: event.id } } })
      .then(answer);
    expect(fetched.body.fanOutPending).toBe(false);
    expect(fetched.body.deliveries.map((d: { endpointId: string }) => d.endpointId).sort()).toEqual(expected);
    for (const d of fetched.body.deliveries) await waitForDeliveryStatus(stack, tenant, d.id, 'finished');
  });

  it('costs the publish request a bounded number of Temporal calls whatever the number of subscribers', async () => {
    const tenant = await createTenant(stack);
    const rx = await receiver();
    const endpoints: { id: string }[] = [];
    for (let i = 0; i < 25; i++)
      endpoints.push(await createEndpoint(stack, tenant, { url: rx.url(`/ep${i}`), eventTypes: [i < 3 ? 'few.*' : 'many.*', 'all'] }));
    // Count the API's calls to the real client (they still go through to Temporal).
    const client = stack.ctx.temporal.workflow;
    const start = jest.spyOn(client, 'start');
    const signalWithStart = jest.spyOn(client, 'signalWithStart');
    let few: Awaited<ReturnType<typeof publish>>;
    let many: Awaited<ReturnType<typeof publish>>;
    try {
      // Three subscribers: the API starts their three delivery workflows itself, no fan-out workflow.
      few = await publish(stack, tenant, { type: 'few.one', data: {} });
      expect(few.deliveries).toHaveLength(3);
      expect(signalWithStart).not.toHaveBeenCalled();
      expect(start.mock.calls.map((c) => c[0])).toEqual(['deliverWebhookWorkflow', 'deliverWebhookWorkflow', 'deliverWebhookWorkflow']);
      expect(start.mock.calls.map((c) => (c[1] as { workflowId: string }).workflowId).sort()).toEqual(
        few.deliveries.map((d) => `delivery-${d.id}`).sort(),
      );

      // Twenty-five: ONE call, the fan-out workflow, which writes and starts the deliveries.
      start.mockClear();
      many = await publish(stack, tenant, { type: 'all', data: {} });
      expect(many.fanOutPending).toBe(true);
      expect(start.mock.calls.length + signalWithStart.mock.calls.length).toBe(1);
      expect(start.mock.calls[0]![0]).toBe('fanOutEventWorkflow');
    } finally {
      start.mockRestore();
      signalWithStart.mockRestore();
    }
    await rx.waitForRequests(28);
    const pathsOf = (eventId: string) =>
      rx.requests
        .filter((r) => r.headers['webhook-id'] === eventId)
        .map((r) => r.path)
        .sort();
    expect(pathsOf(few.id)).toEqual(['/ep0', '/ep1', '/ep2']);
    expect(new Set(pathsOf(many.id)).size).toBe(25);
    const fetched = await stack.client
      .GET('/v1/tenants/{tenantId}/events/{eventId}', { params: { path: { tenantId: tenant, eventId: many.id } } })
      .then(answer);
    expect(fetched.body.deliveries.map((d: { endpointId: string }) => d.endpointId).sort()).toEqual(endpoints.map((e) => e.id).sort());
  });

  it('delivers every event of a burst of publishes once (its starts held while it is answered: PUBLISH_BURST_START_HOLD)', async () => {
    const tenant = await createTenant(stack);
    const rx = await receiver();
    await createEndpoint(stack, tenant, { url: rx.url() });
    // 24 publishes at once: a burst, whose starts the queue holds until the last has been answered.
    const events = await Promise.all(Array.from({ length: 24 }, (_, i) => publish(stack, tenant, { type: 'order.created', data: { i } })));
    expect(events.map((e) => e.deliveries.length)).toEqual(Array.from({ length: 24 }, () => 1));
    // Nothing follows the burst: its end releases the held starts (test/unit/publish-burst.test.ts times it).
    const requests = await rx.waitForRequests(24, 20_000);
    const ids = requests.map((r) => r.headers['webhook-id']);
    expect(new Set(ids).size).toBe(24);
    expect(new Set(ids)).toEqual(new Set(events.map((e) => e.id)));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(rx.requests).toHaveLength(24);
  });

  it('creates no delivery when nothing subscribes', async () => {
    const tenant = await createTenant(stack);
    const rx = await receiver();
    await createEndpoint(stack, tenant, { url: rx.url(), eventTypes: ['invoice.paid'] });
    const event = await publish(stack, tenant, { type: 'order.created', data: {} });
    expect(event.deliveries).toEqual([]);
    const fetched = await stack.client
      .GET('/v1/tenants/{tenantId}/events/{eventId}', { params: { path: { tenantId: tenant, eventId: event.id } } })
      .then(answer);
    expect(fetched.status).toBe(200);
    expect(fetched.body.deliveries).toEqual([]);
  });

  it('republishing with the same Idempotency-Key or id returns the same event and creates nothing', async () => {
    const tenant = await createTenant(stack);
    const rx = await receiver();
    await createEndpoint(stack, tenant, { url: rx.url() });

    const first = await publish(stack, tenant, { type: 'order.created', data: { n: 1 } }, { 'idempotency-key': 'order-42-created' });
    const again = await stack.client
      .POST('/v1/tenants/{tenantId}/events', {
        params: { path: { tenantId: tenant } },
        body: { type: 'order.created', data: { n: 1 } },
        headers: { 'idempotency-key': 'order-42-created' },
      })
      .then(answer);
    expect(again.status).toBe(202);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.id).toBe(first.id);
    expect(again.body.deliveries.map((d: { id: string }) => d.id)).toEqual(first.deliveries.map((d) => d.id));

    const byId = await publish(stack, tenant, { type: 'order.updated', data: {}, id: 'ord_42_v2' });
    const byIdAgain = await publish(stack, tenant, { type: 'order.updated', data: {}, id: 'ord_42_v2' });
    expect(byIdAgain.id).toBe('ord_42_v2');
    expect(byIdAgain.deliveries.map((d) => d.id)).toEqual(byId.deliveries.map((d) => d.id));

    // Concurrent duplicates: still one event.
    const racing = await Promise.all(
      Array.from({ length: 5 }, () => publish(stack, tenant, { type: 'order.paid', data: {} }, { 'idempotency-key': 'race-1' })),
    );
    expect(new Set(racing.map((r) => r.id)).size).toBe(1);

    // The same key or id for different content is a client bug: 409 naming it.
    const reusedKey = await stack.client
      .POST('/v1/tenants/{tenantId}/events', {
        params: { path: { tenantId: tenant } },
        body: { type: 'order.created', data: { n: 2 } },
        headers: { 'idempotency-key': 'order-42-created' },
      })
      .then(answer);
    expect(reusedKey.status).toBe(409);
    expect(reusedKey.body.error).toMatchObject({ code: 'idempotency_conflict', details: [{ field: 'idempotency-key' }] });
    const reusedId = await stack.client
      .POST('/v1/tenants/{tenantId}/events', {
        params: { path: { tenantId: tenant } },
        body: { type: 'order.deleted', data: {}, id: 'ord_42_v2' },
      })
      .then(answer);
    expect(reusedId.status).toBe(409);
    expect(reusedId.body.error.details[0].field).toBe('id');
    // Key order does not make content different.
    const reordered = await publish(stack, tenant, { type: 'x.y', data: { a: 1, b: { c: 2, d: 3 } } }, { 'idempotency-key': 'order-test' });
    const sameContent = await publish(
      stack,
      tenant,
      { type: 'x.y', data: { b: { d: 3, c: 2 }, a: 1 } },
      { 'idempotency-key': 'order-test' },
    );
    expect(sameContent.id).toBe(reordered.id);

    await rx.waitForRequests(4);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(rx.requests).toHaveLength(4);
    const rows = await stack.db.selectFrom('deliveries').select('id').where('tenant_id', '=', tenant).execute();
    expect(rows).toHaveLength(4);
  });

  it('sends a test event, marked test, to that endpoint only', async () => {
    const tenant = await createTenant(stack);
    const rx = await receiver();
    const target = await createEndpoint(stack, tenant, { url: rx.url('/target'), eventTypes: ['invoice.*'] });
    await createEndpoint(stack, tenant, { url: rx.url('/bystander') });
    const response = await stack.client
      .POST('/v1/tenants/{tenantId}/endpoints/{endpointId}/test', {
        params: { path: { tenantId: tenant, endpointId: target.id } },
        body: { type: 'order.created' },
      })
      .then(answer);
    expect(response.status).toBe(202);
    expect(response.body.test).toBe(true);
    expect(response.body.deliveries).toHaveLength(1);
    expect(response.body.deliveries[0].endpointId).toBe(target.id);

    const [request] = await rx.waitForRequests(1);
    expect(request!.path).toBe('/target');
    const body = JSON.parse(request!.body);
    expect(body).toMatchObject({ type: 'order.created', test: true });
    expect(new Webhook(target.secret).verify(request!.body, request!.headers as Record<string, string>)).toMatchObject({ test: true });
    const delivery = await waitForDeliveryStatus(stack, tenant, response.body.deliveries[0].id, 'finished');
    expect(delivery.attempts.map((a: { trigger: string }) => a.trigger)).toEqual(['test']);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(rx.requests).toHaveLength(1);
  });

  it('does not follow redirects, keeps 4 KiB of the response body, and links the workflow in the Web UI', async () => {
    const tenant = await createTenant(stack);
    const rx = await receiver((req) =>
      req.path === '/moved' ? { status: 302, headers: { location: '/elsewhere' }, body: 'x'.repeat(10_000) } : { status: 200 },
    );
    const endpoint = await createEndpoint(stack, tenant, { url: rx.url('/moved'), retrySchedule: [] });
    const event = await publish(stack, tenant, { type: 'order.created', data: {} });
    const delivery = await waitForDeliveryStatus(stack, tenant, event.deliveries[0]!.id, 'failed');
    expect(rx.requests.map((r) => r.path)).toEqual(['/moved']);
    expect(delivery.attempts).toHaveLength(1);
    expect(delivery.attempts[0]).toMatchObject({ statusCode: 302, errorKind: 'http_status', trigger: 'scheduled' });
    expect(delivery.attempts[0].responseBody).toHaveLength(4096);
    expect(delivery.workflow.id).toBe(delivery.workflowId);
    expect(delivery.workflow.url).toBe(`http://localhost:8233/namespaces/default/workflows/${delivery.workflowId}`);
    expect(delivery.endpointId).toBe(endpoint.id);
  });

  it('keeps payloads out of workflow history: only ids travel', async () => {
    const tenant = await createTenant(stack);
    const rx = await receiver();
    await createEndpoint(stack, tenant, { url: rx.url() });
    const marker = `secret-payload-${Date.now()}`;
    const event = await publish(stack, tenant, { type: 'order.created', data: { marker } });
    const delivery = await waitForDeliveryStatus(stack, tenant, event.deliveries[0]!.id, 'finished');
    const handle = stack.temporal.workflow.getHandle(delivery.workflowId);
    await handle.result(); // the whole history, the attempt's marker included
    const text = JSON.stringify(await handle.fetchHistory());
    expect(text).not.toContain(marker);
    expect(text).not.toContain('whsec_');
    const attempt = await getDelivery(stack, tenant, delivery.id);
    expect(attempt.attempts[0].statusCode).toBe(200);
    await eventually(async () => rx.requests.length === 1, 5_000);
  });
});

describe('delivery: PUBLISH_DIRECT_START_MAX=0 sends every event through the fan-out workflow', () => {
  let stack: TestStack;
  const receivers = new ReceiverPool();

  beforeAll(async () => {
    stack = await startTestStack({ PUBLISH_DIRECT_START_MAX: '0' });
  });
  afterAll(async () => {
    await receivers.closeAll();
    await stack?.stop();
  });

  it('fans out even a single subscriber; a replay creates nothing; a test event still goes to its one endpoint', async () => {
    const tenant = await createTenant(stack);
    const rx = await receivers.start();
    const target = await createEndpoint(stack, tenant, { url: rx.url('/target'), eventTypes: ['invoice.*'] });
    await createEndpoint(stack, tenant, { url: rx.url('/orders'), eventTypes: ['order.*'] });

    const event = await publish(stack, tenant, { type: 'order.created', data: { n: 1 } }, { 'idempotency-key': 'fan-all-1' });
    expect(event).toMatchObject({ fanOutPending: true, deliveries: [] });
    const [request] = await rx.waitForRequests(1);
    expect(request!.path).toBe('/orders');
    const replay = await publish(stack, tenant, { type: 'order.created', data: { n: 1 } }, { 'idempotency-key': 'fan-all-1' });
    expect(replay.id).toBe(event.id);
    expect(replay.fanOutPending).toBe(false);
    expect(replay.deliveries).toHaveLength(1);

    const test = await stack.client
      .POST('/v1/tenants/{tenantId}/endpoints/{endpointId}/test', {
        params: { path: { tenantId: tenant, endpointId: target.id } },
        body: { type: 'order.created' },
      })
      .then(answer);
    expect(test.status).toBe(202);
    expect(test.body).toMatchObject({ test: true, fanOutPending: false });
    expect(test.body.deliveries.map((d: { endpointId: string }) => d.endpointId)).toEqual([target.id]);
    await rx.waitForRequests(2);
    await waitForDeliveryStatus(stack, tenant, test.body.deliveries[0].id, 'finished');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(rx.requests.map((r) => r.path).sort()).toEqual(['/orders', '/target']);
  });
});
