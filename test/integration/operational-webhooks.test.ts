import { Webhook } from 'standardwebhooks';
import { writeAttemptRecord } from '../../src/activities/deliver-record';
import { deliveryWorkflowId } from '../../src/contract';
import { createNotifier } from '../../src/services/operational-notices';
import { SYSTEM_TENANT_ID } from '../../src/domain/operational-events';
import { answer, createEndpoint, createTenant, publish, waitForDeliveryStatus } from '../helpers/hookflow';
import { eventually, type ReceivedRequest, type Receiver, ReceiverPool } from '../helpers/receiver';
import { startTestStack, type TestStack } from '../helpers/stack';

/**
 * Operational webhooks through the real API, worker, Temporal and PostgreSQL: hookflow's
 * own notices reach the operational endpoints (admin key only), signed with each one's
 * own secret, in the usual envelope; an operational endpoint's own trouble emits nothing.
 */

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Notice {
  id: string;
  type: string;
  timestamp: string;
  data: Record<string, any>;
}

describe('operational webhooks', () => {
  let stack: TestStack;
  const receivers = new ReceiverPool();
  /** The operational endpoint that hears every notice ('*'). */
  let ops: { id: string; secret: string };
  let opsRx: Receiver;

  /** Every notice the operational receiver got, each verified with its secret (throws if a signature is wrong). */
  const notices = (): Notice[] =>
    opsRx.requests.map((r: ReceivedRequest) => new Webhook(ops.secret).verify(r.body, r.headers as Record<string, string>) as Notice);
  const noticesAbout = (endpointId: string, type?: string) =>
    notices().filter((n) => n.data.endpointId === endpointId && (type === undefined || n.type === type));
  const waitForNotice = (endpointId: string, type: string, timeoutMs = 20_000) =>
    eventually(async () => noticesAbout(endpointId, type)[0], timeoutMs, `${type} notice about ${endpointId}`);
  const systemEventCount = async () =>
    Number(
      (
        await stack.db
          .selectFrom('events')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('tenant_id', '=', SYSTEM_TENANT_ID)
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    stack = await startTestStack({ RETRY_SCHEDULE: '100ms,100ms' });
    opsRx = await receivers.start();
    const created = answer(
      await stack.client.POST('/v1/operational-endpoints', { body: { url: opsRx.url('/ops'), description: 'all notices' } }),
    );
    expect(created.status).toBe(201);
    ops = created.body;
  });
  afterAll(async () => {
    await receivers.closeAll();
    await stack?.stop();
  });

  it('only the admin key manages operational endpoints: create, read, update, rotate, delete; a tenant key gets 403 on each', async () => {
    const rx = await receivers.start();
    const created = answer(await stack.client.POST('/v1/operational-endpoints', { body: { url: rx.url(), eventTypes: ['endpoint.*'] } }));
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_/);
    expect(created.body.eventTypes).toEqual(['endpoint.*']);
    const id = created.body.id as string;

    const listed = answer(await stack.client.GET('/v1/operational-endpoints', {}));
    expect(listed.status).toBe(200);
    expect(listed.body.data.map((e: any) => e.id)).toEqual(expect.arrayContaining([ops.id, id]));
    const path = { params: { path: { endpointId: id } } };
    expect(answer(await stack.client.GET('/v1/operational-endpoints/{endpointId}', path)).body.url).toBe(rx.url());
    expect(answer(await stack.client.GET('/v1/operational-endpoints/{endpointId}/secret', path)).body.secret).toBe(created.body.secret);
    const patched = answer(await stack.client.PATCH('/v1/operational-endpoints/{endpointId}', { ...path, body: { enabled: false } }));
    expect(patched.body).toMatchObject({ enabled: false, disabledReason: 'disabled by user' });
    const rotated = answer(await stack.client.POST('/v1/operational-endpoints/{endpointId}/rotate-secret', path));
    expect(rotated.body.previousSecret).toBe(created.body.secret);

    // A tenant's own key, on every operational route, even with a real id: 403.
    const tenant = await createTenant(stack);
    const key = (await stack.api('POST', `/v1/tenants/${tenant}/api-keys`, { name: 'ops probe' })).body.key as string;
    const bearer = { authorization: `Bearer ${key}` };
    for (const [method, url, body] of [
      ['POST', '/v1/operational-endpoints', { url: rx.url() }],
      ['GET', '/v1/operational-endpoints'],
      ['GET', `/v1/operational-endpoints/${id}`],
      ['GET', `/v1/operational-endpoints/${id}/secret`],
      ['PATCH', `/v1/operational-endpoints/${id}`, { enabled: true }],
      ['POST', `/v1/operational-endpoints/${id}/rotate-secret`],
      ['DELETE', `/v1/operational-endpoints/${id}`],
    ] as const) {
      const refused = await stack.api(method, url, body, bearer);
      expect({ method, url, status: refused.status, code: refused.body?.error?.code }).toEqual({
        method,
        url,
        status: 403,
        code: 'forbidden',
      });
    }
    // ...and nothing changed.
    expect(answer(await stack.client.GET('/v1/operational-endpoints/{endpointId}', path)).body.enabled).toBe(false);

    expect(answer(await stack.client.DELETE('/v1/operational-endpoints/{endpointId}', path)).status).toBe(204);
    expect(answer(await stack.client.GET('/v1/operational-endpoints/{endpointId}', path)).status).toBe(404);
    // Operational endpoints are not a tenant's endpoints: the system tenant is out of reach of /v1/tenants.
    const reserved = await stack.api('GET', `/v1/tenants/${SYSTEM_TENANT_ID}/endpoints`);
    expect(reserved.status).toBe(400);
    expect(reserved.body.error.details).toEqual([expect.objectContaining({ field: 'tenantId' })]);
    expect((await stack.api('POST', '/v1/tenants', { id: '_mine', name: 'x' })).status).toBe(400);
    const tenants = await stack.api('GET', '/v1/tenants?limit=250');
    expect(tenants.body.data.map((t: any) => t.id)).not.toContain(SYSTEM_TENANT_ID);
    // Managing operational endpoints is not reported to them (no notice about the system tenant).
    expect(notices().filter((n) => n.data.tenantId === SYSTEM_TENANT_ID)).toEqual([]);
  });

  it('endpoint created, updated, disabled (manual), enabled and deleted: one signed notice each, in the usual envelope', async () => {
    const tenant = await createTenant(stack);
    const rx = await receivers.start();
    const endpoint = await createEndpoint(stack, tenant, { url: rx.url() });
    const path = { params: { path: { tenantId: tenant, endpointId: endpoint.id } } };
    const created = await waitForNotice(endpoint.id, 'endpoint.created');
    expect(created).toEqual({
      id: expect.stringMatching(/^evt_/),
      type: 'endpoint.created',
      timestamp: expect.any(String),
      data: { tenantId: tenant, endpointId: endpoint.id },
    });
    expect(Date.parse(created.timestamp)).not.toBeNaN();
    const request = opsRx.requests.find((r) => JSON.parse(r.body).id === created.id)!;
    expect(request.headers['webhook-id']).toBe(created.id);

    await stack.client.PATCH('/v1/tenants/{tenantId}/endpoints/{endpointId}', { ...path, body: { description: 'renamed' } });
    await waitForNotice(endpoint.id, 'endpoint.updated');
    await stack.client.PATCH('/v1/tenants/{tenantId}/endpoints/{endpointId}', { ...path, body: { enabled: false } });
    const disabled = await waitForNotice(endpoint.id, 'endpoint.disabled');
    expect(disabled.data).toEqual({ tenantId: tenant, endpointId: endpoint.id, reason: 'manual', message: 'disabled by user' });
    await stack.client.PATCH('/v1/tenants/{tenantId}/endpoints/{endpointId}', { ...path, body: { enabled: true } });
    expect((await waitForNotice(endpoint.id, 'endpoint.enabled')).data).toEqual({ tenantId: tenant, endpointId: endpoint.id });
    await stack.client.DELETE('/v1/tenants/{tenantId}/endpoints/{endpointId}', path);
    await waitForNotice(endpoint.id, 'endpoint.deleted');

    await sleep(500);
    expect(
      noticesAbout(endpoint.id)
        .map((n) => n.type)
        .sort(),
    ).toEqual(
      [
        'endpoint.created',
        'endpoint.deleted',
        'endpoint.disabled',
        'endpoint.enabled',
        'endpoint.updated',
        'endpoint.updated',
        'endpoint.updated',
      ].sort(),
    );
  });

  it('a 410 Gone: endpoint.disabled (gone_410) and delivery.exhausted, through delivery workflows Temporal shows', async () => {
    const tenant = await createTenant(stack);
    const rx = await receivers.start(() => ({ status: 410 }));
    const endpoint = await createEndpoint(stack, tenant, { url: rx.url() });
    const event = await publish(stack, tenant, { type: 'order.created', data: { n: 1 } });
    const deliveryId = event.deliveries[0]!.id;

    const disabled = await waitForNotice(endpoint.id, 'endpoint.disabled');
    expect(disabled.data).toEqual({
      tenantId: tenant,
      endpointId: endpoint.id,
      reason: 'gone_410',
      message: 'the receiver answered 410 Gone',
    });
    const exhausted = await waitForNotice(endpoint.id, 'delivery.exhausted');
    expect(exhausted.data).toEqual({
      tenantId: tenant,
      endpointId: endpoint.id,
      deliveryId,
      eventId: event.id,
      attempts: 1,
      lastStatusCode: 410,
      lastError: 'HTTP 410',
      failureReason: 'the receiver answered 410 Gone',
    });

    // Each notice is a delivery of the system tenant, with its own workflow (visible in the Web UI).
    const opsDelivery = await stack.db
      .selectFrom('deliveries')
      .selectAll()
      .where('tenant_id', '=', SYSTEM_TENANT_ID)
      .where('event_id', '=', exhausted.id)
      .where('endpoint_id', '=', ops.id)
      .executeTakeFirstOrThrow();
    const described = await stack.temporal.workflow.getHandle(deliveryWorkflowId(opsDelivery.id)).describe();
    expect(described.type).toBe('deliverWebhookWorkflow');
  });

  it('a delivery that uses up its schedule: exactly one delivery.exhausted, however the attempt is written', async () => {
    const tenant = await createTenant(stack);
    const rx = await receivers.start(() => ({ status: 500, body: 'down' }));
    const endpoint = await createEndpoint(stack, tenant, { url: rx.url() });
    const event = await publish(stack, tenant, { type: 'order.created', data: {} });
    const deliveryId = event.deliveries[0]!.id;
    await waitForDeliveryStatus(stack, tenant, deliveryId, 'failed');
    const exhausted = await waitForNotice(endpoint.id, 'delivery.exhausted');
    expect(exhausted.data).toMatchObject({ deliveryId, eventId: event.id, attempts: 3, lastStatusCode: 500, lastError: 'HTTP 500' });
    expect(exhausted.data.failureReason).toMatch(/retry schedule exhausted after 3 attempts/);
    // The notice's id is derived from the delivery and attempt: writing that attempt again
    // (an activity retried after a crash) publishes nothing new.
    const before = await systemEventCount();
    const attempt = await stack.db
      .selectFrom('attempts')
      .selectAll()
      .where('delivery_id', '=', deliveryId)
      .where('number', '=', 3)
      .executeTakeFirstOrThrow();
    await writeAttemptRecord(
      {
        db: stack.db,
        logger: stack.ctx.logger,
        secretBox: stack.ctx.secretBox,
        notices: createNotifier(stack.ctx),
        autoDisable: { afterMs: 0, minFailures: 1 },
      },
      {
        deliveryId,
        tenantId: tenant,
        endpointId: endpoint.id,
        eventId: event.id,
        number: 3,
        trigger: 'scheduled',
        startedAtMs: attempt.started_at.getTime(),
        durationMs: attempt.duration_ms,
        statusCode: 500,
        errorKind: 'http_status',
        errorMessage: 'HTTP 500',
        status: 'failed',
        nextAttemptAtMs: null,
        failureReason: exhausted.data.failureReason,
      },
      'down',
    );
    await sleep(500);
    expect(await systemEventCount()).toBe(before);
    expect(noticesAbout(endpoint.id, 'delivery.exhausted')).toHaveLength(1);
  });

  it("never recurses: a failing operational endpoint's own exhausted deliveries emit nothing; its filter holds", async () => {
    const failingRx = await receivers.start(() => ({ status: 500 }));
    const failing = answer(
      await stack.client.POST('/v1/operational-endpoints', {
        body: { url: failingRx.url(), eventTypes: ['endpoint.created'], retrySchedule: ['50ms'] },
      }),
    );
    expect(failing.status).toBe(201);
    const before = await systemEventCount();

    const tenant = await createTenant(stack);
    const endpoint = await createEndpoint(stack, tenant, { url: (await receivers.start()).url(), eventTypes: ['order.*'] });
    await waitForNotice(endpoint.id, 'endpoint.created');
    // The failing operational endpoint gets the notice twice (its schedule), then its delivery fails for good.
    await failingRx.waitForRequests(2);
    const failedDelivery = await eventually(
      () =>
        stack.db
          .selectFrom('deliveries')
          .selectAll()
          .where('endpoint_id', '=', failing.body.id)
          .where('status', '=', 'failed')
          .executeTakeFirst(),
      20_000,
      "the failing operational endpoint's delivery to fail",
    );
    expect(failedDelivery.tenant_id).toBe(SYSTEM_TENANT_ID);
    await sleep(1_000);
    // One system event (endpoint.created), not a delivery.exhausted about the operational endpoint, nor any other.
    expect(await systemEventCount()).toBe(before + 1);
    expect(notices().filter((n) => n.data.endpointId === failing.body.id)).toEqual([]);
    // Its filter: it only ever got endpoint.created.
    expect(new Set(failingRx.requests.map((r) => JSON.parse(r.body).type))).toEqual(new Set(['endpoint.created']));
    await stack.client.DELETE('/v1/operational-endpoints/{endpointId}', { params: { path: { endpointId: failing.body.id } } });
  });
});
