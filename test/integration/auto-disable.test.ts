import { Webhook } from 'standardwebhooks';
import { writeAttemptRecord } from '../../src/activities/deliver-record';
import { createNotifier } from '../../src/services/operational-notices';
import { answer, createEndpoint, createTenant, publish, waitForDeliveryStatus } from '../helpers/hookflow';
import { eventually, type Receiver, ReceiverPool } from '../helpers/receiver';
import { startTestStack, type TestStack } from '../helpers/stack';

/**
 * Auto-disable on the real stack, with a seconds-long period: AUTO_DISABLE_AFTER=3s and
 * AUTO_DISABLE_MIN_FAILURES=3. An endpoint whose every attempt fails is warned about
 * (endpoint.failing) at half the period and disabled at the period, its waiting
 * deliveries failed; a success in between resets the clock.
 */

const PERIOD_MS = 3_000;
// Attempts every 400 ms for 12 s (the most entries a schedule takes): still retrying when the period ends.
const FAST_SCHEDULE = Array.from({ length: 30 }, () => '400ms');

interface Notice {
  id: string;
  type: string;
  timestamp: string;
  data: Record<string, any>;
  receivedAt: number;
}

describe('auto-disable with notice', () => {
  let stack: TestStack;
  const receivers = new ReceiverPool();
  let ops: { id: string; secret: string };
  let opsRx: Receiver;

  const noticesAbout = (endpointId: string, type: string): Notice[] =>
    opsRx.requests
      .map((r) => ({
        ...(new Webhook(ops.secret).verify(r.body, r.headers as Record<string, string>) as Notice),
        receivedAt: r.receivedAt,
      }))
      .filter((n) => n.data.endpointId === endpointId && n.type === type);
  const waitForNotice = (endpointId: string, type: string, timeoutMs = 30_000) =>
    eventually(async () => noticesAbout(endpointId, type)[0], timeoutMs, `${type} notice about ${endpointId}`);
  const getEndpoint = async (tenantId: string, endpointId: string) =>
    answer(await stack.client.GET('/v1/tenants/{tenantId}/endpoints/{endpointId}', { params: { path: { tenantId, endpointId } } })).body;

  beforeAll(async () => {
    stack = await startTestStack({ AUTO_DISABLE_AFTER: '3s', AUTO_DISABLE_MIN_FAILURES: '3' });
    opsRx = await receivers.start();
    const created = answer(
      await stack.client.POST('/v1/operational-endpoints', {
        body: { url: opsRx.url(), eventTypes: ['endpoint.disabled', 'endpoint.failing'] },
      }),
    );
    expect(created.status).toBe(201);
    ops = created.body;
  });
  afterAll(async () => {
    await receivers.closeAll();
    await stack?.stop();
  });

  it('every attempt failing: endpoint.failing at half the period, then disabled with the reason, its waiting deliveries failed, endpoint.disabled', async () => {
    const tenant = await createTenant(stack);
    const rx = await receivers.start(() => ({ status: 500 }));
    const endpoint = await createEndpoint(stack, tenant, { url: rx.url(), retrySchedule: FAST_SCHEDULE });
    const first = await publish(stack, tenant, { type: 'order.created', data: { n: 1 } });
    const [firstRequest] = await rx.waitForRequests(1);

    const failing = await waitForNotice(endpoint.id, 'endpoint.failing');
    expect(failing.data).toEqual({
      tenantId: tenant,
      endpointId: endpoint.id,
      failingSince: expect.any(String),
      failedAttempts: expect.any(Number),
      disableAfter: '3s',
      minFailures: 3,
    });
    // Not before half the period (the streak starts at the first attempt's start, just before the receiver saw it).
    expect(failing.receivedAt - firstRequest!.receivedAt).toBeGreaterThanOrEqual(PERIOD_MS / 2 - 200);

    const disabled = await waitForNotice(endpoint.id, 'endpoint.disabled');
    expect(disabled.receivedAt - firstRequest!.receivedAt).toBeGreaterThanOrEqual(PERIOD_MS - 200);
    expect(disabled.receivedAt).toBeGreaterThan(failing.receivedAt);
    expect(disabled.data).toEqual({ tenantId: tenant, endpointId: endpoint.id, reason: 'auto_disabled', message: expect.any(String) });
    expect(disabled.data.message).toMatch(/^auto_disabled: every attempt failed for 3s \(\d+ attempts\)$/);
    const failedAttempts = Number(/\((\d+) attempts\)/.exec(disabled.data.message)![1]);
    expect(failedAttempts).toBeGreaterThanOrEqual(3);

    const after = await getEndpoint(tenant, endpoint.id);
    expect(after.enabled).toBe(false);
    expect(after.disabledReason).toBe(disabled.data.message);
    // The waiting delivery failed as a manual disable fails it, and no attempt follows.
    const delivery = await waitForDeliveryStatus(stack, tenant, first.deliveries[0]!.id, 'failed');
    expect(delivery.failureReason).toBe(`endpoint disabled: ${disabled.data.message}`);
    const sent = rx.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(rx.requests.length).toBe(sent);
    // One notice of each kind per streak.
    expect(noticesAbout(endpoint.id, 'endpoint.failing')).toHaveLength(1);
    expect(noticesAbout(endpoint.id, 'endpoint.disabled')).toHaveLength(1);

    // Re-enabled: the clock starts afresh (one failure does not disable it again at once).
    await stack.client.PATCH('/v1/tenants/{tenantId}/endpoints/{endpointId}', {
      params: { path: { tenantId: tenant, endpointId: endpoint.id } },
      body: { enabled: true },
    });
    const again = await publish(stack, tenant, { type: 'order.created', data: { n: 2 } });
    await waitForDeliveryStatus(stack, tenant, again.deliveries[0]!.id, 'retrying');
    expect((await getEndpoint(tenant, endpoint.id)).enabled).toBe(true);
    await stack.client.DELETE('/v1/tenants/{tenantId}/endpoints/{endpointId}', {
      params: { path: { tenantId: tenant, endpointId: endpoint.id } },
    });
  });

  it('a success resets the clock: the endpoint is disabled a full period after its last success, not after its first failure', async () => {
    const tenant = await createTenant(stack);
    let successAt = 0;
    const rx = await receivers.start((request) => {
      if (JSON.parse(request.body).data.failing === false) {
        successAt = request.receivedAt;
        return { status: 200 };
      }
      return { status: 500 };
    });
    const endpoint = await createEndpoint(stack, tenant, { url: rx.url(), retrySchedule: FAST_SCHEDULE });
    await publish(stack, tenant, { type: 'order.created', data: { failing: true } });
    const [firstRequest] = await rx.waitForRequests(1);

    // Two seconds of failures (two thirds of the period), then one success.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const ok = await publish(stack, tenant, { type: 'order.created', data: { failing: false } }, {});
    await waitForDeliveryStatus(stack, tenant, ok.deliveries[0]!.id, 'finished');

    // Without the reset, the first failure's clock would have disabled it 3 s after the first attempt.
    await eventually(
      async () => Date.now() - firstRequest!.receivedAt > PERIOD_MS + 1_500 || undefined,
      10_000,
      'the first period to pass',
    );
    expect((await getEndpoint(tenant, endpoint.id)).enabled).toBe(true);

    // The failures go on: disabled a full period after the success.
    const disabled = await waitForNotice(endpoint.id, 'endpoint.disabled');
    expect(disabled.receivedAt - successAt).toBeGreaterThanOrEqual(PERIOD_MS - 200);
    expect((await getEndpoint(tenant, endpoint.id)).enabled).toBe(false);
    // At most one failing notice per streak: perhaps one for the first (if an attempt fell between 1.5 s and the
    // success), and one for the new streak, which began after the success.
    const failing = noticesAbout(endpoint.id, 'endpoint.failing');
    expect(failing.length).toBeGreaterThanOrEqual(1);
    expect(failing.length).toBeLessThanOrEqual(2);
    expect(Date.parse(failing.at(-1)!.data.failingSince)).toBeGreaterThanOrEqual(successAt - 1_000);
    if (failing.length === 2) expect(Date.parse(failing[0]!.data.failingSince)).toBeLessThan(successAt);
  });

  it('an attempt written twice (an activity retried after a crash) counts once in the streak', async () => {
    const tenant = await createTenant(stack);
    const rx = await receivers.start(() => ({ status: 500 }));
    const endpoint = await createEndpoint(stack, tenant, { url: rx.url(), retrySchedule: ['1h'] });
    const event = await publish(stack, tenant, { type: 'order.created', data: {} });
    const deliveryId = event.deliveries[0]!.id;
    await waitForDeliveryStatus(stack, tenant, deliveryId, 'retrying');
    const streak = () =>
      stack.db.selectFrom('endpoint_failure_streaks').selectAll().where('endpoint_id', '=', endpoint.id).executeTakeFirstOrThrow();
    expect((await streak()).failed_attempts).toBe(1);

    const deps = {
      db: stack.db,
      logger: stack.ctx.logger,
      secretBox: stack.ctx.secretBox,
      notices: createNotifier(stack.ctx),
      autoDisable: { afterMs: PERIOD_MS, minFailures: 3 },
    };
    const record = (number: number) => ({
      deliveryId,
      tenantId: tenant,
      endpointId: endpoint.id,
      eventId: event.id,
      number,
      trigger: 'scheduled' as const,
      startedAtMs: Date.now(),
      durationMs: 5,
      statusCode: 500,
      errorKind: 'http_status' as const,
      errorMessage: 'HTTP 500',
      status: 'retrying' as const,
      nextAttemptAtMs: Date.now() + 3_600_000,
      failureReason: null,
    });
    await writeAttemptRecord(deps, record(1), 'again');
    expect((await streak()).failed_attempts).toBe(1);
    await writeAttemptRecord(deps, record(2), 'new');
    expect((await streak()).failed_attempts).toBe(2);
  });

  it('AUTO_DISABLE_AFTER=0 turns it off: an endpoint whose every attempt fails stays enabled, with no notice', async () => {
    const off = await startTestStack({ AUTO_DISABLE_AFTER: '0', AUTO_DISABLE_MIN_FAILURES: '1' });
    try {
      const offOpsRx = await receivers.start();
      await off.client.POST('/v1/operational-endpoints', { body: { url: offOpsRx.url() } });
      const tenant = await createTenant(off);
      const rx = await receivers.start(() => ({ status: 500 }));
      const endpoint = await createEndpoint(off, tenant, { url: rx.url(), retrySchedule: ['100ms', '100ms', '100ms', '100ms'] });
      const event = await publish(off, tenant, { type: 'order.created', data: {} });
      await waitForDeliveryStatus(off, tenant, event.deliveries[0]!.id, 'failed');
      const got = answer(
        await off.client.GET('/v1/tenants/{tenantId}/endpoints/{endpointId}', {
          params: { path: { tenantId: tenant, endpointId: endpoint.id } },
        }),
      );
      expect(got.body.enabled).toBe(true);
      const types = offOpsRx.requests.map((r) => JSON.parse(r.body).type as string);
      expect(types).not.toContain('endpoint.failing');
      expect(types).not.toContain('endpoint.disabled');
    } finally {
      await off.stop();
    }
  });
});
