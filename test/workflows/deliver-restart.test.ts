import { setTimeout as sleep } from 'node:timers/promises';
import type { WorkflowHandle } from '@temporalio/client';
import {
  DELIVER_WORKFLOW,
  type DeliverWebhookInput,
  type DeliverWebhookWorkflow,
  deliveryStateQuery,
  type DeliveryState,
  resendSignal,
  SEARCH_ATTRIBUTES,
} from '../../src/contract';
import {
  type ActivityScript,
  receiverAccepts,
  receiverFails,
  startWorkflowWorker,
  type WorkflowTestWorker,
} from '../helpers/workflow-worker';

/**
 * A delivery workflow restarted by reconcile after Temporal lost it: it goes on from the
 * attempt number and schedule position PostgreSQL recorded, and its first attempt waits on a
 * durable timer until the recorded `next_attempt_at` (`notBefore`).
 */

const HOUR = 3_600_000;

/** What reconcile starts for a delivery with two failed scheduled attempts behind it. */
const restartInput = (overrides: Partial<DeliverWebhookInput> = {}): DeliverWebhookInput => ({
  deliveryId: 'dlv_restart_test',
  retryScheduleMs: [HOUR, HOUR, 300, HOUR],
  timeoutMs: 1_000,
  mode: 'schedule',
  firstTrigger: 'scheduled',
  firstAttemptNumber: 3,
  retriesSoFar: 2,
  ...overrides,
});

let worker: WorkflowTestWorker | undefined;
afterEach(async () => {
  await worker?.close();
  worker = undefined;
});

async function startRestart(script: ActivityScript, input: DeliverWebhookInput) {
  worker = await startWorkflowWorker(script);
  const handle = await worker.client.workflow.start<DeliverWebhookWorkflow>(DELIVER_WORKFLOW, {
    taskQueue: worker.taskQueue,
    workflowId: worker.workflowId('delivery-restart'),
    args: [input],
    // What reconcile sets for a `retrying` delivery.
    typedSearchAttributes: [{ key: SEARCH_ATTRIBUTES.deliveryStatus, value: 'retrying' }],
  });
  return { w: worker, handle };
}

async function stateWhen(handle: WorkflowHandle<DeliverWebhookWorkflow>, until: (state: DeliveryState) => boolean): Promise<DeliveryState> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const state = await handle.query(deliveryStateQuery);
    if (until(state)) return state;
    if (Date.now() > deadline) throw new Error(`state never matched; last: ${JSON.stringify(state)}`);
    await sleep(10);
  }
}

async function timersStarted(handle: WorkflowHandle<DeliverWebhookWorkflow>): Promise<number> {
  const events = (await handle.fetchHistory()).events ?? [];
  return events.filter((event) => event.timerStartedEventAttributes).length;
}

describe('deliverWebhookWorkflow restarted by reconcile (notBefore, attempt numbers), stub activities', () => {
  it('waits until notBefore, then attempts with the next number; the schedule goes on where it was', async () => {
    // Broken, this looks like: an attempt before notBefore (the retry's time lost), attempt 1
    // again (numbers restart), or the first delay of the schedule again (retriesSoFar reset).
    const notBefore = Date.now() + 1_500;
    const { w, handle } = await startRestart(
      { attemptDelivery: async (input) => (input.attemptNumber < 4 ? receiverFails(input) : receiverAccepts()) },
      restartInput({ notBefore }),
    );
    const waitingState = await stateWhen(handle, (state) => state.waitingFor === 'retry');
    expect(waitingState).toMatchObject({ status: 'retrying', attempts: 2, waitingFor: 'retry' });
    expect(waitingState.waitingMs).toBeGreaterThan(0);
    expect(waitingState.waitingMs).toBeLessThanOrEqual(1_500);

    expect(await handle.result()).toEqual({ result: 'finished', statusCode: 200 });
    const [restarted, next] = w.calls.attemptDelivery;
    expect(restarted!.input).toMatchObject({ attemptNumber: 3, trigger: 'scheduled', retriesSoFar: 2 });
    expect(restarted!.input.pendingScheduledAt).toBeUndefined();
    expect(restarted!.at).toBeGreaterThanOrEqual(notBefore - 50);
    // The third delay of the schedule (300 ms), not the first (an hour).
    expect(next!.input).toMatchObject({ attemptNumber: 4, trigger: 'scheduled', retriesSoFar: 3 });
    expect(w.calls.attemptDelivery).toHaveLength(2);
  });

  it('a notBefore in the past attempts at once: no timer before the first attempt', async () => {
    const { w, handle } = await startRestart(
      { attemptDelivery: async () => receiverAccepts() },
      restartInput({ notBefore: Date.now() - HOUR }),
    );
    expect(await handle.result()).toEqual({ result: 'finished', statusCode: 200 });
    expect(w.calls.attemptDelivery.map((call) => call.input.attemptNumber)).toEqual([3]);
    expect(await timersStarted(handle)).toBe(0);
  });

  it('without notBefore (a delivery never attempted) it attempts at once, from attempt 1', async () => {
    const { w, handle } = await startRestart(
      { attemptDelivery: async () => receiverAccepts() },
      restartInput({ firstAttemptNumber: 1, retriesSoFar: 0 }),
    );
    expect(await handle.result()).toEqual({ result: 'finished', statusCode: 200 });
    expect(w.calls.attemptDelivery[0]!.input).toMatchObject({ attemptNumber: 1, retriesSoFar: 0, trigger: 'scheduled' });
    expect(await timersStarted(handle)).toBe(0);
  });

  it('a resend during the notBefore wait attempts now (manual); the scheduled attempt keeps notBefore', async () => {
    // Broken, this looks like: the resend ignored until notBefore, or a failed manual attempt
    // that advances the schedule instead of keeping the recorded retry time.
    const notBefore = Date.now() + HOUR;
    const { w, handle } = await startRestart({ attemptDelivery: async (input) => receiverFails(input) }, restartInput({ notBefore }));
    await stateWhen(handle, (state) => state.waitingFor === 'retry');
    await handle.signal(resendSignal);
    await w.waitForCalls('attemptDelivery', 1);
    const resent = w.calls.attemptDelivery[0]!.input;
    expect(resent).toMatchObject({ attemptNumber: 3, trigger: 'manual', retriesSoFar: 2, pendingScheduledAt: notBefore });
    const after = await stateWhen(handle, (state) => state.attempts === 3 && state.waitingFor === 'retry');
    // Waits for the recorded time again (about an hour), not the schedule's next delay.
    expect(after.waitingMs).toBeGreaterThan(HOUR - 60_000);
    expect(after.waitingMs).toBeLessThanOrEqual(HOUR);
    await handle.terminate('test done');
  });
});
