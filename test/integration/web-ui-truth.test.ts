import { answer, createEndpoint, createTenant, getDelivery, publish, waitForDeliveryStatus } from '../helpers/hookflow';
import { eventually, ReceiverPool } from '../helpers/receiver';
import { requireTestEnv, startTestStack, type TestStack } from '../helpers/stack';
import { describeWorkflow, temporalJson } from '../helpers/temporal-cli';

/**
 * What an operator sees in the Temporal Web UI (through the same APIs the UI reads, and the
 * Temporal CLI): a delivery that failed for good is a Failed workflow whose failure message
 * is the reason, finished ones are Completed, every workflow and attempt has a summary with
 * no secret in it, and the queries docs/operations.md lists ("Temporal Web UI") find what
 * they say.
 */
describe('the Temporal Web UI tells the truth about deliveries', () => {
  let stack: TestStack;
  let address: string;
  const receivers = new ReceiverPool();

  /** The workflow id of each run a visibility query lists (sorted); visibility is eventually consistent, so polled until `expected`. */
  async function idsOf(query: string, expected: string[]): Promise<string[]> {
    const want = [...expected].sort();
    let last: string[] = [];
    try {
      return await eventually(
        async () => {
          last = [];
          for await (const execution of stack.temporal.workflow.list({ query })) last.push(execution.workflowId);
          last.sort();
          return JSON.stringify(last) === JSON.stringify(want) ? last : undefined;
        },
        15_000,
        `visibility query ${query}`,
      );
    } catch {
      return last;
    }
  }

  beforeAll(async () => {
    stack = await startTestStack();
    address = requireTestEnv('HOOKFLOW_TEST_TEMPORAL_ADDRESS');
  });
  afterAll(async () => {
    await receivers.closeAll();
    await stack?.stop();
  });

  it('failed, finished, retrying and resent deliveries: statuses, failure reasons, summaries and the documented queries', async () => {
    const tenant = await createTenant(stack, 'acme');
    const okRx = await receivers.start(() => ({ status: 200 }));
    let failing = true;
    const failRx = await receivers.start(() => ({ status: failing ? 500 : 200 }));
    const goneRx = await receivers.start(() => ({ status: 410 }));
    const slowRx = await receivers.start((req) => ({ status: req.n === 1 ? 500 : 200 }));
    const offRx = await receivers.start(() => ({ status: 500 }));
    // Each URL carries a credential in its query string, which no summary may show.
    const withToken = (rx: typeof okRx, path: string) => rx.url(`${path}?token=s3cr3t-token`);
    const ok = await createEndpoint(stack, tenant, { url: withToken(okRx, '/hooks/ok') });
    const fail = await createEndpoint(stack, tenant, { url: withToken(failRx, '/hooks/fail'), retrySchedule: ['50ms', '50ms'] });
    const gone = await createEndpoint(stack, tenant, { url: withToken(goneRx, '/hooks/gone') });
    const slow = await createEndpoint(stack, tenant, { url: withToken(slowRx, '/hooks/slow'), retrySchedule: ['1h'] });
    const off = await createEndpoint(stack, tenant, { url: withToken(offRx, '/hooks/off'), retrySchedule: ['8s'] });

    const event = await publish(stack, tenant, { type: 'order.created', data: { card: 'payload-marker-4242' } });
    const byEndpoint = new Map(event.deliveries.map((d) => [d.endpointId, d.id]));
    const id = (endpoint: { id: string }) => byEndpoint.get(endpoint.id) as string;
    await waitForDeliveryStatus(stack, tenant, id(off), 'retrying');
    const finished = await waitForDeliveryStatus(stack, tenant, id(ok), 'finished');
    const exhausted = await waitForDeliveryStatus(stack, tenant, id(fail), 'failed');
    const refused = await waitForDeliveryStatus(stack, tenant, id(gone), 'failed');
    const retrying = await waitForDeliveryStatus(stack, tenant, id(slow), 'retrying');
    // Disabled while its delivery waits: the delivery fails at once, its workflow when the timer fires.
    const patched = answer(
      await stack.client.PATCH('/v1/tenants/{tenantId}/endpoints/{endpointId}', {
        params: { path: { tenantId: tenant, endpointId: off.id } },
        body: { enabled: false },
      }),
    );
    expect(patched.status).toBe(200);
    const disabled = await waitForDeliveryStatus(stack, tenant, id(off), 'failed');
    expect(disabled.failureReason).toBe('endpoint disabled: disabled by user');
    expect(exhausted.failureReason).toBe('retry schedule exhausted after 3 attempts (last: HTTP 500)');
    expect(refused.failureReason).toMatch(/410/);

    // `temporal workflow describe` / `show`: the status, the reason as the failure message, the summaries.
    const host = (rx: typeof okRx) => new URL(rx.url()).host;
    const failedRun = await describeWorkflow(address, exhausted.workflowId);
    expect(failedRun).toMatchObject({
      status: 'WORKFLOW_EXECUTION_STATUS_FAILED',
      summary: `order.created → ${host(failRx)}/hooks/fail (${tenant})`,
      failure: { message: exhausted.failureReason, type: 'DeliveryFailed', nonRetryable: true },
      searchAttributes: { TenantId: tenant, EndpointId: fail.id, EventType: 'order.created', DeliveryStatus: 'failed' },
    });
    expect(failedRun.markerSummaries).toEqual(['attempt 1 · scheduled', 'attempt 2 · scheduled', 'attempt 3 · scheduled']);
    // Each wait's timer names what the attempt before it got (its marker's summary was set before it ran).
    expect(failedRun.timerSummaries).toHaveLength(2);
    failedRun.timerSummaries.forEach((summary, i) =>
      expect(summary).toMatch(new RegExp(`^attempt ${i + 1} · HTTP 500 · \\d+ ms · next attempt in \\d+ ms$`)),
    );

    const goneRun = await describeWorkflow(address, refused.workflowId);
    expect(goneRun).toMatchObject({
      status: 'WORKFLOW_EXECUTION_STATUS_FAILED',
      summary: `order.created → ${host(goneRx)}/hooks/gone (${tenant})`,
      failure: { message: refused.failureReason, type: 'DeliveryFailed', nonRetryable: true },
      // Failed on the first try: nothing upserted (2 actions), the close status says it.
      searchAttributes: { DeliveryStatus: 'new' },
    });
    expect(goneRun.markerSummaries).toEqual(['attempt 1 · scheduled']);

    const finishedRun = await describeWorkflow(address, finished.workflowId);
    expect(finishedRun).toMatchObject({
      status: 'WORKFLOW_EXECUTION_STATUS_COMPLETED',
      summary: `order.created → ${host(okRx)}/hooks/ok (${tenant})`,
      failure: undefined,
      searchAttributes: { DeliveryStatus: 'new' },
    });
    expect(finishedRun.markerSummaries).toEqual(['attempt 1 · scheduled']);

    const disabledRun = await eventually(async () => {
      const run = await describeWorkflow(address, disabled.workflowId);
      return run.status === 'WORKFLOW_EXECUTION_STATUS_RUNNING' ? undefined : run;
    });
    expect(disabledRun).toMatchObject({
      status: 'WORKFLOW_EXECUTION_STATUS_FAILED',
      summary: `order.created → ${host(offRx)}/hooks/off (${tenant})`,
      failure: { message: disabled.failureReason, type: 'DeliveryFailed', nonRetryable: true },
      searchAttributes: { DeliveryStatus: 'failed' },
    });
    expect(disabledRun.markerSummaries).toEqual(['attempt 1 · scheduled', 'attempt 2 · scheduled']);

    const waitingRun = await describeWorkflow(address, retrying.workflowId);
    expect(waitingRun).toMatchObject({ status: 'WORKFLOW_EXECUTION_STATUS_RUNNING', searchAttributes: { DeliveryStatus: 'retrying' } });
    const metadata = await temporalJson(address, ['workflow', 'metadata', '--workflow-id', retrying.workflowId]);
    expect(JSON.stringify(metadata)).toContain(`attempt 1 failed; next attempt at ${retrying.nextAttemptAt.slice(0, 16)}`);

    // No summary, attribute or history shows the query string, the payload or the signing secret.
    for (const run of [failedRun, goneRun, finishedRun, disabledRun, waitingRun]) {
      for (const leak of ['s3cr3t-token', 'token=', 'payload-marker-4242', ok.secret, fail.secret]) expect(run.raw).not.toContain(leak);
    }

    // The queries of docs/operations.md, "Temporal Web UI".
    const t = `TenantId="${tenant}"`;
    const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
    const wf = (...deliveries: { workflowId: string }[]) => deliveries.map((d) => d.workflowId).sort();
    expect(await idsOf(`ExecutionStatus="Failed" AND ${t}`, wf(exhausted, refused, disabled))).toEqual(wf(exhausted, refused, disabled));
    expect(await idsOf(`ExecutionStatus="Completed" AND ${t}`, wf(finished))).toEqual(wf(finished));
    expect(await idsOf(`ExecutionStatus="Failed" AND ${t} AND CloseTime > "${hourAgo}"`, wf(exhausted, refused, disabled))).toEqual(
      wf(exhausted, refused, disabled),
    );
    const now = new Date(Date.now() + 60_000).toISOString();
    expect(
      await idsOf(`ExecutionStatus="Failed" AND ${t} AND CloseTime BETWEEN "${hourAgo}" AND "${now}"`, wf(exhausted, refused, disabled)),
    ).toEqual(wf(exhausted, refused, disabled));
    // The time bound does bound: nothing closed in the future.
    const later = new Date(Date.now() + 3_600_000).toISOString();
    expect(await idsOf(`ExecutionStatus="Failed" AND ${t} AND CloseTime > "${later}"`, [])).toEqual([]);
    expect(await idsOf(`DeliveryStatus="retrying" AND EndpointId="${slow.id}" AND ExecutionStatus="Running"`, wf(retrying))).toEqual(
      wf(retrying),
    );
    expect(await idsOf(`ExecutionStatus="Running" AND ${t}`, wf(retrying))).toEqual(wf(retrying));
    // DeliveryStatus="failed" alone misses the delivery that failed on its first try.
    expect(await idsOf(`DeliveryStatus="failed" AND ${t}`, wf(exhausted, disabled))).toEqual(wf(exhausted, disabled));
    // The deliveries of one event: their workflow ids from GET …/events/{eventId}.
    const detail = answer(
      await stack.client.GET('/v1/tenants/{tenantId}/events/{eventId}', { params: { path: { tenantId: tenant, eventId: event.id } } }),
    );
    const ofEvent = (detail.body.deliveries as { workflowId: string }[]).map((d) => d.workflowId).sort();
    expect(ofEvent).toEqual(wf(finished, exhausted, refused, retrying, disabled));
    const inList = ofEvent.map((w) => `"${w}"`).join(', ');
    expect(await idsOf(`WorkflowId IN (${inList})`, ofEvent)).toEqual(ofEvent);
    expect(await idsOf(`EventId="${event.id}"`, ofEvent)).toEqual(ofEvent);

    // Resend after failure: a new run that completes now that the receiver answers 200.
    failing = false;
    const resent = answer(
      await stack.client.POST('/v1/tenants/{tenantId}/deliveries/{deliveryId}/resend', {
        params: { path: { tenantId: tenant, deliveryId: exhausted.id } },
      }),
    );
    expect(resent.status).toBe(202);
    const refinished = await waitForDeliveryStatus(stack, tenant, exhausted.id, 'finished');
    expect(refinished.failureReason).toBeNull();
    const newRun = await eventually(async () => {
      const run = await describeWorkflow(address, exhausted.workflowId);
      return run.status === 'WORKFLOW_EXECUTION_STATUS_COMPLETED' ? run : undefined;
    });
    expect(newRun.runId).not.toBe(failedRun.runId);
    expect(newRun).toMatchObject({ summary: failedRun.summary, searchAttributes: { DeliveryStatus: 'finished' } });
    expect(newRun.markerSummaries).toEqual(['attempt 4 · manual']);
    // The failed run stays in the list as it was: that run did fail.
    expect((await describeWorkflow(address, exhausted.workflowId, failedRun.runId)).status).toBe('WORKFLOW_EXECUTION_STATUS_FAILED');
    expect(await idsOf(`ExecutionStatus="Completed" AND ${t}`, wf(finished, exhausted))).toEqual(wf(finished, exhausted));

    // A resend of the waiting one attempts now: it finishes and DeliveryStatus says so.
    expect(
      answer(
        await stack.client.POST('/v1/tenants/{tenantId}/deliveries/{deliveryId}/resend', {
          params: { path: { tenantId: tenant, deliveryId: retrying.id } },
        }),
      ).status,
    ).toBe(202);
    await waitForDeliveryStatus(stack, tenant, retrying.id, 'finished');
    expect(await idsOf(`DeliveryStatus="finished" AND ${t}`, wf(exhausted, retrying))).toEqual(wf(exhausted, retrying));
    expect(await idsOf(`ExecutionStatus="Running" AND ${t}`, [])).toEqual([]);
    expect((await getDelivery(stack, tenant, refused.id)).status).toBe('failed');
  });
});
