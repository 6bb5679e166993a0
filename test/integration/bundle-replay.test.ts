import { Worker } from '@temporalio/worker';
import { loadConfig } from '../../src/config';
import { startTracing, type Tracing } from '../../src/lib/tracing';
import { tracedBundlePath } from '../../src/temporal/workflow-code';
import { createEndpoint, createTenant, publish, waitForDeliveryStatus } from '../helpers/hookflow';
import { OtlpReceiver } from '../helpers/otlp-receiver';
import { ReceiverPool } from '../helpers/receiver';
import { requireTestEnv, startTestStack, type TestStack } from '../helpers/stack';

/**
 * A worker with tracing off runs a bundle without the OpenTelemetry workflow interceptors
 * (they cost a third of its CPU per delivery); one with tracing on runs the traced twin.
 * Turning tracing on or off and restarting must not break a delivery in flight: a history
 * written under either bundle replays on the other without a nondeterminism error.
 */
describe('workflow bundles with and without tracing replay each other’s histories', () => {
  const receivers = new ReceiverPool();
  const untraced = () => requireTestEnv('HOOKFLOW_TEST_BUNDLE_PATH');
  const traced = () => tracedBundlePath(untraced());
  let otlp: OtlpReceiver | undefined;
  let tracing: Tracing | undefined;
  let stack: TestStack | undefined;

  afterEach(async () => {
    await stack?.stop();
    stack = undefined;
  });
  afterAll(async () => {
    await receivers.closeAll();
    await tracing?.shutdown();
    await otlp?.close();
  });

  /** One delivery that fails once and then finishes (an attempt, a timer, an attempt), and its history. */
  async function deliverWithRetry(current: TestStack) {
    const tenant = await createTenant(current);
    const flaky = await receivers.start((req) => ({ status: req.n === 1 ? 500 : 200 }));
    await createEndpoint(current, tenant, { url: flaky.url(), retrySchedule: ['50ms'] });
    const event = await publish(current, tenant, { type: 'order.created', data: { n: 1 } });
    const delivery = await waitForDeliveryStatus(current, tenant, event.deliveries[0]!.id, 'finished');
    return current.temporal.workflow.getHandle(delivery.workflowId).fetchHistory();
  }

  it('a history written with tracing off replays on the traced bundle', async () => {
    stack = await startTestStack();
    const history = await deliverWithRetry(stack);
    expect(history.events?.some((e) => e.timerStartedEventAttributes)).toBe(true);
    // Started with tracing off: its start carries no trace context.
    expect(JSON.stringify(history)).not.toContain('_tracer-data');
    await Worker.runReplayHistory({ workflowBundle: { codePath: untraced() } }, history);
    await Worker.runReplayHistory({ workflowBundle: { codePath: traced() } }, history);
  });

  it('a history written with tracing on replays on the untraced bundle', async () => {
    otlp = await OtlpReceiver.start();
    tracing = startTracing(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url() }).tracing, 'hookflow-test');
    stack = await startTestStack();
    const history = await deliverWithRetry(stack);
    // Started with tracing on: its start carries the publish's trace context.
    expect(JSON.stringify(history)).toContain('_tracer-data');
    await Worker.runReplayHistory({ workflowBundle: { codePath: traced() } }, history);
    await Worker.runReplayHistory({ workflowBundle: { codePath: untraced() } }, history);
  });
});
