import { deliveryWorkflowId, reconcileScheduleId } from '../../src/contract';
import { insertDeliveries, findDeliveryById } from '../../src/db/queries/deliveries';
import { insertEventIfNew } from '../../src/db/queries/events';
import { answer, createEndpoint, createTenant, getDelivery, publish, waitForDeliveryStatus } from '../helpers/hookflow';
import { ReceiverPool, eventually } from '../helpers/receiver';
import { startTestStack, type TestStack } from '../helpers/stack';

const gaps = (times: number[]) => times.slice(1).map((t, i) => t - times[i]!);

describe('delivery: retries on durable timers, outcomes, resend, reconcile', () => {
  let stack: TestStack;
  const receivers = new ReceiverPool();
  const receiver = receivers.start;

  beforeAll(async () => {
    stack = await startTestStack({ RECONCILE_AFTER: '200ms' });
  });
  afterAll(async () => {
    await receivers.closeAll();
    await stack?.stop();
  });

  it('a receiver that fails twice then succeeds: three attempts, waits from the schedule, finished', async () => {
    const tenant = await createTenant(stack);
    const rx = await receiver((req) => (req.n <= 2 ? { status: 500, body: `boom ${req.n}` } : { status: 200, body: 'ok' }));
    await createEndpoint(stack, tenant, { url: rx.url(), retrySchedule: ['300ms', '1500ms', '1h'] });
    const event = await publish(stack, tenant, { type: 'order.created', data: {} });
    const id = event.deliveries[0]!.id;

    const retrying = await waitForDeliveryStatus(stack, tenant, id, 'retrying');
    expect(retrying.nextAttemptAt).not.toBeNull();
    const delivery = await waitForDeliveryStatus(stack, tenant, id, 'finished');
    const requests = await rx.waitForRequests(3);
    expect(requests).toHaveLength(3);
    // Same webhook-id on every retry, so receivers can deduplicate.
    expect(new Set(requests.map((r) => r.headers['webhook-id']))).toEqual(new Set([event.id]));
    const [first, second] = gaps(requests.map((r) => r.receivedAt));
    // The waits are the schedule's entries (±10 % jitter): at least that long. Temporal
    // fires short timers up to about a second late, so the upper bound only rules out
    // the wrong entry (the next one is 1 h), not a slow machine.
    expect(first).toBeGreaterThanOrEqual(270);
    expect(second).toBeGreaterThanOrEqual(1_350);
    expect(first! + second!).toBeLessThan(15_000);

    expect(delivery.attemptCount).toBe(3);
    expect(delivery.nextAttemptAt).toBeNull();
    expect(delivery.attempts.map((a: any) => [a.number, a.trigger, a.statusCode, a.errorKind, a.responseBody])).toEqual([
      [1, 'scheduled', 500, 'http_status', 'boom 1'],
      [2, 'scheduled', 500, 'http_status', 'boom 2'],
      [3, 'scheduled', 200, null, 'ok'],
    ]);
    for (const attempt of delivery.attempts) {
      expect(typeof attempt.durationMs).toBe('number');
      expect(Date.parse(attempt.startedAt)).not.toBeNaN();
    }
  });

  it('an always-failing receiver ends failed after the whole schedule', async () => {
    const tenant = await createTenant(stack);
    const rx = await receiver(() => ({ status: 503 }));
    await createEndpoint(stack, tenant, { url: rx.url(), retrySchedule: ['50ms', '50ms', '50ms'] });
    const event = await publish(stack, tenant, { type: 'order.created', data: {} });
    const delivery = await waitForDeliveryStatus(stack, tenant, event.deliveries[0]!.id, 'failed');
    expect(delivery.attempts).toHaveLength(4);
    expect(delivery.failureReason).toMatch(/retry schedule exhausted after 4 attempts/);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(rx.requests).toHaveLength(4);
  });

  it('the global RETRY_SCHEDULE applies to endpoints without their own', async () => {
    const own = await startTestStack({ RETRY_SCHEDULE: '100ms' });
    try {
      const tenant = await createTenant(own);
      const rx = await receiver(() => ({ status: 500 }));
      await createEndpoint(own, tenant, { url: rx.url() });
      const event = await publish(own, tenant, { type: 'a.b', data: {} });
      const delivery = await waitForDeliveryStatus(own, tenant, event.deliveries[0]!.id, 'failed');
      expect(delivery.attempts).toHaveLength(2);
    } finally {
      await own.stop();
    }
  });

  it('a slow receiver times out (error kind timeout) and is retried', async () => {
    const tenant = await createTenant(stack);
    const rx = await receiver((req) => (req.n === 1 ? { status: 200, delayMs: 3_000 } : { status: 200 }));
    await createEndpoint(stack, tenant, { url: rx.url(), timeoutMs: 400, retrySchedule: ['100ms'] });
    const event = await publish(stack, tenant, { type: 'order.created', data: {} });
    const delivery = await waitForDeliveryStatus(stack, tenant, event.deliveries[0]!.id, 'finished');
    expect(delivery.attempts[0]).toMatchObject({ errorKind: 'timeout', statusCode: null });
    expect(delivery.attempts[0].durationMs).toBeGreaterThanOrEqual(390);
    expect(delivery.attempts[0].durationMs).toBeLessThan(2_000);
    expect(delivery.attempts[1]).toMatchObject({ statusCode: 200 });
  });

  it('a refused connection is an attempt with error kind connection', async () => {
    const tenant = await createTenant(stack);
    const rx = await receiver();
    const url = rx.url();
    await rx.close(); // nothing listens on that port now
    await createEndpoint(stack, tenant, { url, retrySchedule: [] });
    const event = await publish(stack, tenant, { type: 'order.created', data: {} });
    const delivery = await waitForDeliveryStatus(stack, tenant, event.deliveries[0]!.id, 'failed');
    expect(delivery.attempts[0]).toMatchObject({ errorKind: 'connection', statusCode: null });
    expect(delivery.lastError).toMatch(/ECONNREFUSED/);
  });

  it('honours Retry-After on 429 and 503 instead of the schedule', async () => {
    const tenant = await createTenant(stack);
    const rx = await receiver((req) => (req.n === 1 ? { status: 429, headers: { 'retry-after': '2' } } : { status: 200 }));
    await createEndpoint(stack, tenant, { url: rx.url(), retrySchedule: ['10ms'] });
    const event = await publish(stack, tenant, { type: 'order.created', data: {} });
    const retrying = await waitForDeliveryStatus(stack, tenant, event.deliveries[0]!.id, 'retrying');
    expect(Date.parse(retrying.nextAttemptAt) - Date.parse(retrying.attempts[0].startedAt)).toBeGreaterThanOrEqual(1_900);
    await waitForDeliveryStatus(stack, tenant, event.deliveries[0]!.id, 'finished', 10_000);
    const [gap] = gaps(rx.requests.map((r) => r.receivedAt));
    expect(gap).toBeGreaterThanOrEqual(1_950);
  });

  it('410 Gone disables the endpoint and fails the delivery without retry', async () => {
    const tenant = await createTenant(stack);
    const rx = await receiver(() => ({ status: 410 }));
    const endpoint = await createEndpoint(stack, tenant, { url: rx.url(), retrySchedule: ['10ms', '10ms'] });
    const event = await publish(stack, tenant, { type: 'order.created', data: {} });
    const delivery = await waitForDeliveryStatus(stack, tenant, event.deliveries[0]!.id, 'failed');
    expect(delivery.attempts).toHaveLength(1);
    expect(delivery.failureReason).toMatch(/410/);
    const after = await stack.client
      .GET('/v1/tenants/{tenantId}/endpoints/{endpointId}', { params: { path: { tenantId: tenant, endpointId: endpoint.id } } })
      .then(answer);
    expect(after.body).toMatchObject({ enabled: false, disabledReason: expect.stringMatching(/410/) });
    const next = await publish(stack, tenant, { type: 'order.created', data: {} });
    expect(next.deliveries).toEqual([]);
  });

  it('resend while waiting cuts the timer short and attempts now (trigger manual)', async () => {
    const tenant = await createTenant(stack);
    const rx = await receiver((req) => (req.n === 1 ? { status: 500 } : { status: 200 }));
    await createEndpoint(stack, tenant, { url: rx.url(), retrySchedule: ['1h'] });
    const event = await publish(stack, tenant, { type: 'order.created', data: {} });
    const id = event.deliveries[0]!.id;
    await waitForDeliveryStatus(stack, tenant, id, 'retrying');

    const resent = await stack.client
      .POST('/v1/tenants/{tenantId}/deliveries/{deliveryId}/resend', { params: { path: { tenantId: tenant, deliveryId: id } } })
      .then(answer);
    expect(resent.status).toBe(202);
    const delivery = await waitForDeliveryStatus(stack, tenant, id, 'finished', 10_000);
    expect(delivery.attempts.map((a: any) => [a.number, a.trigger, a.statusCode])).toEqual([
      [1, 'scheduled', 500],
      [2, 'manual', 200],
    ]);
    // One workflow run did both: the signal reached the waiting run.
    // (The activity records `finished` just before the workflow's last task completes it.)
    await eventually(
      async () => (await stack.temporal.workflow.getHandle(deliveryWorkflowId(id)).describe()).status.name === 'COMPLETED',
      10_000,
      'workflow completed',
    );
  });

  it('resend after failed starts a new run that attempts once', async () => {
    const tenant = await createTenant(stack);
    let healthy = false;
    const rx = await receiver(() => (healthy ? { status: 200 } : { status: 500 }));
    await createEndpoint(stack, tenant, { url: rx.url(), retrySchedule: ['20ms'] });
    const event = await publish(stack, tenant, { type: 'order.created', data: {} });
    const id = event.deliveries[0]!.id;
    const failed = await waitForDeliveryStatus(stack, tenant, id, 'failed');
    expect(failed.attempts).toHaveLength(2);
    const firstRun = (await stack.temporal.workflow.getHandle(deliveryWorkflowId(id)).describe()).runId;

    // Still failing: the resend run attempts once and stays failed (no retries).
    expect(
      (
        await stack.client
          .POST('/v1/tenants/{tenantId}/deliveries/{deliveryId}/resend', { params: { path: { tenantId: tenant, deliveryId: id } } })
          .then(answer)
      ).status,
    ).toBe(202);
    await eventually(async () => (await getDelivery(stack, tenant, id)).attempts.length === 3, 10_000, 'third attempt');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await getDelivery(stack, tenant, id)).status).toBe('failed');
    expect(rx.requests).toHaveLength(3);

    healthy = true;
    expect(
      (
        await stack.client
          .POST('/v1/tenants/{tenantId}/deliveries/{deliveryId}/resend', { params: { path: { tenantId: tenant, deliveryId: id } } })
          .then(answer)
      ).status,
    ).toBe(202);
    const delivery = await waitForDeliveryStatus(stack, tenant, id, 'finished', 10_000);
    expect(delivery.attempts.map((a: any) => [a.number, a.trigger, a.statusCode])).toEqual([
      [1, 'scheduled', 500],
      [2, 'scheduled', 500],
      [3, 'manual', 500],
      [4, 'manual', 200],
    ]);
    const lastRun = (await stack.temporal.workflow.getHandle(deliveryWorkflowId(id)).describe()).runId;
    expect(lastRun).not.toBe(firstRun);
  });

  it('an endpoint deleted or disabled while a delivery waits fails it at once; the woken workflow does not attempt', async () => {
    const tenant = await createTenant(stack);
    const rx = await receiver(() => ({ status: 500 }));
    const deleted = await createEndpoint(stack, tenant, { url: rx.url('/deleted'), retrySchedule: ['1500ms'] });
    const disabled = await createEndpoint(stack, tenant, { url: rx.url('/disabled'), retrySchedule: ['1500ms'] });
    const event = await publish(stack, tenant, { type: 'order.created', data: {} });
    const byEndpoint = Object.fromEntries(event.deliveries.map((d) => [d.endpointId, d.id]));
    await waitForDeliveryStatus(stack, tenant, byEndpoint[deleted.id]!, 'retrying');
    await waitForDeliveryStatus(stack, tenant, byEndpoint[disabled.id]!, 'retrying');
    expect(
      (
        await stack.client
          .DELETE('/v1/tenants/{tenantId}/endpoints/{endpointId}', { params: { path: { tenantId: tenant, endpointId: deleted.id } } })
          .then(answer)
      ).status,
    ).toBe(204);
    expect(
      (
        await stack.client
          .PATCH('/v1/tenants/{tenantId}/endpoints/{endpointId}', {
            params: { path: { tenantId: tenant, endpointId: disabled.id } },
            body: { enabled: false },
          })
          .then(answer)
      ).status,
    ).toBe(200);

    // At once, not at the next retry.
    const a = await getDelivery(stack, tenant, byEndpoint[deleted.id]!);
    const b = await getDelivery(stack, tenant, byEndpoint[disabled.id]!);
    expect([a.status, a.failureReason, a.nextAttemptAt]).toEqual(['failed', 'endpoint deleted', null]);
    expect([b.status, b.failureReason, b.nextAttemptAt]).toEqual(['failed', 'endpoint disabled: disabled by user', null]);

    // When their timers fire, the workflows close as Failed without another request.
    for (const id of [a.id, b.id]) {
      await eventually(
        async () => (await stack.temporal.workflow.getHandle(deliveryWorkflowId(id)).describe()).status.name === 'FAILED',
        15_000,
        'workflow closed',
      );
    }
    expect(rx.requests).toHaveLength(2);
    expect((await getDelivery(stack, tenant, a.id)).attempts).toHaveLength(1);
  });

  it('a failed manual resend during a wait keeps the pending scheduled attempt and does not shorten the schedule', async () => {
    const tenant = await createTenant(stack);
    const rx = await receiver(() => ({ status: 500 }));
    await createEndpoint(stack, tenant, { url: rx.url(), retrySchedule: ['2s', '50ms'] });
    const event = await publish(stack, tenant, { type: 'order.created', data: {} });
    const id = event.deliveries[0]!.id;
    const waiting = await waitForDeliveryStatus(stack, tenant, id, 'retrying');

    expect(
      (
        await stack.client
          .POST('/v1/tenants/{tenantId}/deliveries/{deliveryId}/resend', { params: { path: { tenantId: tenant, deliveryId: id } } })
          .then(answer)
      ).status,
    ).toBe(202);
    const afterManual = await eventually(
      async () => {
        const d = await getDelivery(stack, tenant, id);
        return d.attempts.length === 2 ? d : undefined;
      },
      10_000,
      'manual attempt',
    );
    expect(afterManual.status).toBe('retrying');
    expect(afterManual.nextAttemptAt).toBe(waiting.nextAttemptAt);

    const failed = await waitForDeliveryStatus(stack, tenant, id, 'failed', 15_000);
    expect(failed.attempts.map((x: any) => x.trigger)).toEqual(['scheduled', 'manual', 'scheduled', 'scheduled']);
    expect(Date.parse(failed.attempts[2].startedAt)).toBeGreaterThanOrEqual(Date.parse(waiting.nextAttemptAt) - 50);
  });

  it('a crash between the commit and the workflow start is repaired by the reconcile Schedule', async () => {
    const tenant = await createTenant(stack);
    const rx = await receiver();
    const endpoint = await createEndpoint(stack, tenant, { url: rx.url() });
    // What publish commits, and then the process "dies": no workflow is started.
    const deliveryId = `dlv_orphan${Date.now()}`;
    await stack.db.transaction().execute(async (trx) => {
      const event = await insertEventIfNew(trx, {
        tenantId: tenant,
        id: 'evt_orphan',
        type: 'order.created',
        data: '{"n":1}',
        idempotencyKey: null,
        test: false,
      });
      await insertDeliveries(trx, [
        {
          id: deliveryId,
          tenantId: tenant,
          eventId: 'evt_orphan',
          endpointId: endpoint.id,
          workflowId: deliveryWorkflowId(deliveryId),
          eventType: 'order.created',
          eventCreatedAt: event!.created_at,
        },
      ]);
    });
    await new Promise((resolve) => setTimeout(resolve, 300)); // older than RECONCILE_AFTER
    await expect(stack.temporal.workflow.getHandle(deliveryWorkflowId(deliveryId)).describe()).rejects.toThrow();
    expect(rx.requests).toHaveLength(0);

    await stack.temporal.schedule.getHandle(reconcileScheduleId(stack.taskQueue)).trigger();
    const [request] = await rx.waitForRequests(1, 15_000);
    expect(request!.headers['webhook-id']).toBe('evt_orphan');
    await waitForDeliveryStatus(stack, tenant, deliveryId, 'finished');
    // A second pass starts nothing again.
    await stack.temporal.schedule.getHandle(reconcileScheduleId(stack.taskQueue)).trigger();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(rx.requests).toHaveLength(1);
    expect((await findDeliveryById(stack.db, deliveryId))?.attempt_count).toBe(1);
  });

  it('an event left awaiting its fan-out (crash after the commit) is fanned out by reconcile, to the endpoints of its time', async () => {
    const tenant = await createTenant(stack);
    const rx = await receiver();
    const before: { id: string }[] = [];
    for (let i = 0; i < 3; i++) before.push(await createEndpoint(stack, tenant, { url: rx.url(`/before${i}`) }));
    // What a publish to many subscribers commits, and then the process "dies": no fan-out workflow.
    const eventId = `evt_fanout${Date.now()}`;
    await stack.db.transaction().execute(async (trx) => {
      await insertEventIfNew(trx, {
        tenantId: tenant,
        id: eventId,
        type: 'order.created',
        data: '{"n":2}',
        idempotencyKey: null,
        test: false,
        fanOutPending: true,
      });
    });
    const fetched = await stack.client
      .GET('/v1/tenants/{tenantId}/events/{eventId}', { params: { path: { tenantId: tenant, eventId } } })
      .then(answer);
    expect(fetched.body).toMatchObject({ fanOutPending: true, deliveries: [] });
    const listed = await stack.client.GET('/v1/tenants/{tenantId}/events', { params: { path: { tenantId: tenant } } }).then(answer);
    expect(listed.body.data).toEqual([
      expect.objectContaining({ id: eventId, fanOutPending: true, deliveries: { new: 0, retrying: 0, finished: 0, failed: 0 } }),
    ]);
    // An endpoint created after the event was published is not one of its subscribers.
    await new Promise((resolve) => setTimeout(resolve, 300)); // older than RECONCILE_AFTER
    await createEndpoint(stack, tenant, { url: rx.url('/after') });

    await stack.temporal.schedule.getHandle(reconcileScheduleId(stack.taskQueue)).trigger();
    const requests = await rx.waitForRequests(3, 15_000);
    expect(requests.every((r) => r.headers['webhook-id'] === eventId)).toBe(true);
    await eventually(async () => {
      const event = await stack.client
        .GET('/v1/tenants/{tenantId}/events/{eventId}', { params: { path: { tenantId: tenant, eventId } } })
        .then(answer);
      expect(event.body.fanOutPending).toBe(false);
      expect(event.body.deliveries.map((d: { endpointId: string }) => d.endpointId).sort()).toEqual(before.map((e) => e.id).sort());
      expect(event.body.deliveries.every((d: { status: string }) => d.status === 'finished')).toBe(true);
      return true;
    });
    // A second pass creates and sends nothing again.
    await stack.temporal.schedule.getHandle(reconcileScheduleId(stack.taskQueue)).trigger();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(rx.requests.map((r) => r.path).sort()).toEqual(['/before0', '/before1', '/before2']);
  });

  it('Temporal visibility finds deliveries by DeliveryStatus, TenantId, EndpointId and EventType', async () => {
    const tenant = await createTenant(stack);
    const rx = await receiver(() => ({ status: 500 }));
    const endpoint = await createEndpoint(stack, tenant, { url: rx.url(), retrySchedule: ['1h'] });
    const event = await publish(stack, tenant, { type: 'invoice.paid', data: {} });
    const id = event.deliveries[0]!.id;
    await waitForDeliveryStatus(stack, tenant, id, 'retrying');

    const find = async (query: string) => {
      const ids: string[] = [];
      for await (const wf of stack.temporal.workflow.list({ query })) ids.push(wf.workflowId);
      return ids;
    };
    const byStatus = `DeliveryStatus="retrying" AND TenantId="${tenant}"`;
    await eventually(async () => (await find(byStatus)).includes(deliveryWorkflowId(id)), 15_000, 'visibility: retrying');
    expect(await find(`EndpointId="${endpoint.id}" AND EventType="invoice.paid"`)).toEqual([deliveryWorkflowId(id)]);

    rx.respond = () => ({ status: 200 });
    await stack.client
      .POST('/v1/tenants/{tenantId}/deliveries/{deliveryId}/resend', { params: { path: { tenantId: tenant, deliveryId: id } } })
      .then(answer);
    await waitForDeliveryStatus(stack, tenant, id, 'finished');
    await eventually(
      async () => (await find(`DeliveryStatus="finished" AND TenantId="${tenant}"`)).includes(deliveryWorkflowId(id)),
      15_000,
      'visibility: finished',
    );
  });
});
