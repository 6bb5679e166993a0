import { deliveryWorkflowId } from '../../src/contract';
import { runReconcile } from '../../src/services/reconcile';
import { createEndpoint, createTenant, getDelivery, publish, waitForDeliveryStatus } from '../helpers/hookflow';
import { failsFirstTryOf, indexOf, loseWorkflow } from '../helpers/ordered';
import { eventually, ReceiverPool } from '../helpers/receiver';
import { startTestStack, type TestStack } from '../helpers/stack';

/**
 * A fifo line heals from its head: a waiting delivery whose workflow Temporal lost is
 * started again when the delivery before it settles. So reconcile's Schedule never looks
 * up deliveries waiting in a line (a long blocked line would cost a lookup each per run).
 */
describe('ordered delivery: a line heals from its head', () => {
  let stack: TestStack;
  const receivers = new ReceiverPool();

  beforeAll(async () => {
    stack = await startTestStack({ RETRY_SCHEDULE: '1500ms' });
  });
  afterAll(async () => {
    await receivers.closeAll();
    await stack?.stop();
  });

  it('a waiting delivery whose workflow was lost is started when the one before it settles', async () => {
    const tenant = await createTenant(stack);
    const receiver = await receivers.start(failsFirstTryOf(1));
    await createEndpoint(stack, tenant, { url: receiver.url('/fifo'), ordering: 'fifo' });
    const head = await publish(stack, tenant, { type: 'order.created', data: { n: 1 }, orderingKey: 'K' });
    const behind = await publish(stack, tenant, { type: 'order.updated', data: { n: 2 }, orderingKey: 'K' });
    const behindId = behind.deliveries[0]!.id;
    await eventually(async () => (await getDelivery(stack, tenant, behindId)).waitingFor === 'predecessor', 10_000);

    // Lost, as with a wiped Temporal database: the waiting delivery's workflow is deleted.
    await loseWorkflow(stack, deliveryWorkflowId(behindId));
    // The Schedule's pass does not look at deliveries waiting in a line, however old.
    const deps = { db: stack.db, client: stack.temporal, logger: stack.ctx.logger, defaults: stack.ctx.deliveryDefaults };
    expect(await runReconcile(deps, { scope: 'due', olderThanMs: 0 })).toMatchObject({ checked: 0, restarted: 0 });

    // The head's retry finishes; its successor is started, asks its line, and goes.
    await waitForDeliveryStatus(stack, tenant, head.deliveries[0]!.id, 'finished', 20_000);
    await waitForDeliveryStatus(stack, tenant, behindId, 'finished', 20_000);
    expect(receiver.requests.map(indexOf)).toEqual([1, 1, 2]);
  });
});
