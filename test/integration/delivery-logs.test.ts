import pino from 'pino';
import { traceIdMixin } from '../../src/lib/logger';
import { createEndpoint, createTenant, publish, waitForDeliveryStatus } from '../helpers/hookflow';
import { eventually, ReceiverPool } from '../helpers/receiver';
import { startTestStack, type TestStack } from '../helpers/stack';

/** Every log line about a delivery carries the ids an operator searches by (docs/operations.md). */
describe('delivery log lines', () => {
  let stack: TestStack;
  const receivers = new ReceiverPool();
  const lines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    const logger = pino(
      { level: 'info', mixin: traceIdMixin },
      { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) },
    );
    stack = await startTestStack({ RETRY_SCHEDULE: '100ms' }, { logger });
  });
  afterAll(async () => {
    await receivers.closeAll();
    await stack?.stop();
  });

  it('carry deliveryId, eventId, endpointId and tenantId on every attempt', async () => {
    const tenant = await createTenant(stack);
    const bad = await receivers.start(() => ({ status: 500, body: 'no' }));
    const endpoint = await createEndpoint(stack, tenant, { url: bad.url() });
    const event = await publish(stack, tenant, { type: 'order.created', data: {} });
    const deliveryId = event.deliveries[0]!.id;
    await waitForDeliveryStatus(stack, tenant, deliveryId, 'failed');

    const ids = { deliveryId, eventId: event.id, endpointId: endpoint.id, tenantId: tenant };
    const attempts = lines.filter((l) => l.msg === 'delivery attempt' && l.deliveryId === deliveryId);
    expect(attempts).toHaveLength(2);
    for (const line of attempts) expect(line).toMatchObject({ ...ids, statusCode: 500, errorKind: 'http_status' });
    expect(attempts.map((l) => l.attempt)).toEqual([1, 2]);
    // No tracing here: no traceId.
    expect(attempts.every((l) => !('traceId' in l))).toBe(true);

    // The SDK's own line as the workflow closes Failed: the same ids, and the reason (not `{}`).
    const sdkLine = await eventually(
      async () => lines.find((l) => l.msg === 'Workflow failed' && l.workflowId === `delivery-${deliveryId}`),
      10_000,
      "the SDK's Workflow failed line",
    );
    expect(sdkLine).toMatchObject({ ...ids, err: { message: 'retry schedule exhausted after 2 attempts (last: HTTP 500)' } });
  });

  it('say why a delivery failed without an attempt (its endpoint disabled while it waited), with its ids', async () => {
    const tenant = await createTenant(stack);
    const bad = await receivers.start(() => ({ status: 500, body: 'no' }));
    const endpoint = await createEndpoint(stack, tenant, { url: bad.url(), retrySchedule: ['2s'] });
    const event = await publish(stack, tenant, { type: 'order.created', data: {} });
    const deliveryId = event.deliveries[0]!.id;
    await waitForDeliveryStatus(stack, tenant, deliveryId, 'retrying');
    const patched = await stack.client.PATCH('/v1/tenants/{tenantId}/endpoints/{endpointId}', {
      params: { path: { tenantId: tenant, endpointId: endpoint.id } },
      body: { enabled: false },
    });
    expect(patched.response.status).toBe(200);

    // The delivery fails at once; its workflow, when its timer fires, logs why no attempt was made.
    const ids = { deliveryId, eventId: event.id, endpointId: endpoint.id, tenantId: tenant };
    const line = await eventually(
      async () => lines.find((l) => l.msg === 'delivery failed without an attempt' && l.deliveryId === deliveryId),
      15_000,
      'the delivery failed without an attempt line',
    );
    expect(line).toMatchObject({ ...ids, attempt: 2, reason: 'endpoint disabled: disabled by user' });
  });
});
