import { createWorkerService, type WorkerService } from '../../src/lifecycle';
import { createEndpoint, createTenant, publish, waitForDeliveryStatus } from '../helpers/hookflow';
import { ReceiverPool } from '../helpers/receiver';
import { startTestStack, type TestStack } from '../helpers/stack';

/**
 * HOOKFLOW_ROLE=all: the API and a worker share one process and one context, and the
 * publishes' workflow starts go through a client on the worker's own connection with eager
 * start, so the server hands each first workflow task (and its attempt) straight back.
 */
describe('one process for the API and the worker (HOOKFLOW_ROLE=all): eager starts', () => {
  let stack: TestStack;
  let worker: WorkerService | undefined;
  const receivers = new ReceiverPool();

  beforeAll(async () => {
    stack = await startTestStack({}, { worker: false });
    // As src/server.ts does with HOOKFLOW_ROLE=all: the worker on the API's own context.
    worker = createWorkerService(stack.ctx, { eagerStarts: true, metricsPort: 0 });
    await worker.start();
  });
  afterAll(async () => {
    await worker?.stop();
    await receivers.closeAll();
    await stack?.stop();
  });

  it('delivers what it publishes, and the server starts the delivery workflows eagerly on this worker', async () => {
    // Broken, this looks like: no eager start at all (the client not on the worker's
    // connection, or requestEagerStart not asked), or deliveries that never finish.
    const tenant = await createTenant(stack);
    const rx = await receivers.start();
    await createEndpoint(stack, tenant, { url: rx.url() });
    const before = { ...stack.ctx.starts.counts };
    for (let i = 0; i < 5; i++) {
      const event = await publish(stack, tenant, { type: 'order.created', data: { i } });
      await waitForDeliveryStatus(stack, tenant, event.deliveries[0]!.id, 'finished');
    }
    expect(rx.requests).toHaveLength(5);
    expect(stack.ctx.starts.counts.started - before.started).toBe(5);
    // One at a time on an idle worker: the server has a free slot for each (it may still fall
    // back to the task queue when it has none; then the start is a normal one).
    expect(stack.ctx.starts.counts.eagerlyStarted - before.eagerlyStarted).toBeGreaterThanOrEqual(4);
  });
});
