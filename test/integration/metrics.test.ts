import { SDK_METRICS_USED } from '../../src/metrics/sdk-metrics';
import { createEndpoint, createTenant, publish, waitForDeliveryStatus } from '../helpers/hookflow';
import { type Sample, scrape, sumOf } from '../helpers/prometheus';
import { eventually, ReceiverPool } from '../helpers/receiver';
import { startTestStack, type TestStack } from '../helpers/stack';

/**
 * GET /metrics on the API and on the worker's METRICS_PORT, scraped before and after real
 * deliveries: the counters move by exactly what happened. (Here the worker runs in the
 * test's process, as with HOOKFLOW_ROLE=all: both answers come from one registry.)
 */
describe('metrics', () => {
  let stack: TestStack;
  const receivers = new ReceiverPool();
  const apiMetrics = () => scrape(`${stack.apiUrl}/metrics`);
  const workerMetrics = () => scrape(stack.workerMetricsUrl()!);

  beforeAll(async () => {
    // One retry 100 ms after the first attempt: a receiver answering 500 fails a delivery in two attempts.
    stack = await startTestStack({ RETRY_SCHEDULE: '100ms' }, { worker: false, workerMetrics: true });
  });
  afterAll(async () => {
    await receivers.closeAll();
    await stack?.stop();
  });

  it('reads the backlog from PostgreSQL: new deliveries waiting for a worker, and the oldest one’s age', async () => {
    const tenant = await createTenant(stack);
    const ok = await receivers.start();
    await createEndpoint(stack, tenant, { url: ok.url() });
    const events = [
      await publish(stack, tenant, { type: 'order.created', data: {} }),
      await publish(stack, tenant, { type: 'order.created', data: {} }),
    ];

    const { samples, contentType } = await apiMetrics();
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(sumOf(samples, 'hookflow_deliveries_backlog', { status: 'new' })).toBe(2);
    expect(sumOf(samples, 'hookflow_deliveries_backlog', { status: 'retrying' })).toBe(0);
    const age = sumOf(samples, 'hookflow_oldest_new_delivery_age_seconds');
    expect(age).toBeGreaterThan(0);
    expect(age).toBeLessThan(60);
    // Default process metrics come with it.
    expect(samples.some((s) => s.name === 'process_cpu_user_seconds_total')).toBe(true);

    await stack.startWorker();
    for (const event of events) await waitForDeliveryStatus(stack, tenant, event.deliveries[0]!.id, 'finished');
    // Cached for a few seconds, then read again.
    await eventually(
      async () => sumOf((await apiMetrics()).samples, 'hookflow_deliveries_backlog', { status: 'new' }) === 0 || undefined,
      15_000,
      'the backlog to read 0',
    );
    expect(sumOf((await apiMetrics()).samples, 'hookflow_oldest_new_delivery_age_seconds')).toBe(0);
  }, 60_000);

  it('counts publishes, attempts by outcome and trigger, settles, and API requests by route template', async () => {
    const okTenant = await createTenant(stack);
    const badTenant = await createTenant(stack);
    const ok = await receivers.start();
    const bad = await receivers.start(() => ({ status: 500, body: 'no' }));
    await createEndpoint(stack, okTenant, { url: ok.url() });
    await createEndpoint(stack, badTenant, { url: bad.url() });
    const beforeApi = (await apiMetrics()).samples;
    const beforeWorker = (await workerMetrics()).samples;

    const published = [];
    for (let i = 0; i < 3; i++)
      published.push({ tenant: okTenant, event: await publish(stack, okTenant, { type: 'order.created', data: { i } }) });
    for (let i = 0; i < 2; i++)
      published.push({ tenant: badTenant, event: await publish(stack, badTenant, { type: 'order.created', data: { i } }) });
    // A replay of an idempotency key creates nothing: not counted.
    await publish(stack, okTenant, { type: 'order.created', data: {} }, { 'idempotency-key': 'k1' });
    await publish(stack, okTenant, { type: 'order.created', data: {} }, { 'idempotency-key': 'k1' });
    for (const { tenant, event } of published) {
      await waitForDeliveryStatus(stack, tenant, event.deliveries[0]!.id, tenant === okTenant ? 'finished' : 'failed');
    }
    // The idempotent publish's delivery too, so nothing is still moving when we scrape.
    await eventually(async () => (ok.requests.length === 4 ? true : undefined), 10_000, 'four deliveries to the 2xx receiver');
    expect(bad.requests).toHaveLength(4);
    await new Promise((resolve) => setTimeout(resolve, 300));

    const afterApi = (await apiMetrics()).samples;
    const afterWorker = (await workerMetrics()).samples;
    const delta = (before: Sample[], after: Sample[], name: string, labels: Record<string, string> = {}) =>
      sumOf(after, name, labels) - sumOf(before, name, labels);

    // API: 6 accepted publishes (the replay not counted), one series without a tenant label.
    expect(delta(beforeApi, afterApi, 'hookflow_events_published_total')).toBe(6);
    expect(afterApi.filter((s) => s.name === 'hookflow_events_published_total').every((s) => s.labels.tenant === undefined)).toBe(true);
    const publishRoute = { route: '/v1/tenants/:tenantId/events', method: 'POST' };
    expect(delta(beforeApi, afterApi, 'hookflow_http_requests_total', { ...publishRoute, status: '202' })).toBe(7);
    expect(delta(beforeApi, afterApi, 'hookflow_http_request_duration_seconds_count', publishRoute)).toBe(7);
    // Route templates only: no label carries a tenant id.
    const routes = afterApi.filter((s) => s.name === 'hookflow_http_requests_total').map((s) => s.labels.route!);
    expect(routes.filter((route) => route.includes(okTenant) || route.includes(badTenant))).toEqual([]);

    // Worker: 4 successes; 2 deliveries × 2 attempts answered 500; 4 finished, 2 failed.
    for (const samples of [afterWorker, afterApi]) {
      const before = samples === afterWorker ? beforeWorker : beforeApi;
      expect(delta(before, samples, 'hookflow_delivery_attempts_total', { outcome: 'success', trigger: 'scheduled' })).toBe(4);
      expect(delta(before, samples, 'hookflow_delivery_attempts_total', { outcome: 'http_error', trigger: 'scheduled' })).toBe(4);
      expect(delta(before, samples, 'hookflow_delivery_attempts_total')).toBe(8);
      expect(delta(before, samples, 'hookflow_delivery_attempt_duration_seconds_count', { outcome: 'success' })).toBe(4);
      expect(delta(before, samples, 'hookflow_delivery_attempt_duration_seconds_count', { outcome: 'http_error' })).toBe(4);
      expect(delta(before, samples, 'hookflow_deliveries_settled_total', { status: 'finished' })).toBe(4);
      expect(delta(before, samples, 'hookflow_deliveries_settled_total', { status: 'failed' })).toBe(2);
    }
  }, 60_000);

  it('labels requests no route matched as one series, and a test event as trigger="test"', async () => {
    const tenant = await createTenant(stack);
    const ok = await receivers.start();
    const endpoint = await createEndpoint(stack, tenant, { url: ok.url() });
    const before = (await workerMetrics()).samples;
    const beforeApi = (await apiMetrics()).samples;
    expect((await fetch(`${stack.apiUrl}/v1/no/such/${tenant}`)).status).toBe(404);
    const sent = await stack.api('POST', `/v1/tenants/${tenant}/endpoints/${endpoint.id}/test`, { type: 'order.created' });
    expect(sent.status).toBe(202);
    await ok.waitForRequests(1);
    await eventually(
      async () =>
        sumOf((await workerMetrics()).samples, 'hookflow_deliveries_settled_total', { status: 'finished' }) >
          sumOf(before, 'hookflow_deliveries_settled_total', { status: 'finished' }) || undefined,
      10_000,
      'the test delivery to settle',
    );
    const after = (await workerMetrics()).samples;
    expect(
      sumOf(after, 'hookflow_delivery_attempts_total', { outcome: 'success', trigger: 'test' }) -
        sumOf(before, 'hookflow_delivery_attempts_total', { outcome: 'success', trigger: 'test' }),
    ).toBe(1);
    const afterApi = (await apiMetrics()).samples;
    expect(
      sumOf(afterApi, 'hookflow_http_requests_total', { route: 'unmatched', status: '404' }) -
        sumOf(beforeApi, 'hookflow_http_requests_total', { route: 'unmatched', status: '404' }),
    ).toBe(1);
  }, 30_000);

  it("serves the Temporal SDK's worker metrics (temporal_*) on the worker's port", async () => {
    // Attempts are local activities; a regular activity (the fan-out of an event with more
    // than PUBLISH_DIRECT_START_MAX = 8 subscribers) makes the activity metrics appear too.
    const tenant = await createTenant(stack);
    const ok = await receivers.start();
    for (let i = 0; i < 9; i++) await createEndpoint(stack, tenant, { url: ok.url(`/fan/${i}`) });
    await publish(stack, tenant, { type: 'order.created', data: {} });
    await ok.waitForRequests(9, 30_000);
    const { text, samples } = await workerMetrics();
    expect(samples.some((s) => s.name.startsWith('temporal_'))).toBe(true);
    const names = new Set(samples.map((s) => s.name.replace(/_(bucket|sum|count)$/, '')));
    const missing = SDK_METRICS_USED.filter((name) => !names.has(name));
    expect({ missing, served: [...names].filter((n) => n.startsWith('temporal_')).sort() }).toEqual(
      expect.objectContaining({ missing: [] }),
    );
    expect(text).toContain('# TYPE hookflow_delivery_attempts_total counter');
    // Anything but GET /metrics is not served there.
    expect((await fetch(stack.workerMetricsUrl()!.replace('/metrics', '/'))).status).toBe(404);
  });

  it('holds WORKER_WORKFLOW_TASK_SLOTS workflow tasks at once (500), not the SDK default of 40: the slot gauges add up to it', async () => {
    const { samples } = await workerMetrics();
    const slots = (name: string) => sumOf(samples, name, { worker_type: 'WorkflowWorker' });
    expect(slots('temporal_worker_task_slots_available') + slots('temporal_worker_task_slots_used')).toBe(500);
  });
});
