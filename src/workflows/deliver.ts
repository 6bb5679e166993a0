import {
  ActivityFailure,
  ApplicationFailure,
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import {
  ATTEMPT_HEARTBEAT_TIMEOUT_MS,
  type AttemptDeliveryInput,
  type AttemptOutcome,
  type AttemptTrigger,
  type DeliverWebhookWorkflow,
  deliveryStateQuery,
  type DeliveryStatus,
  type DeliveryWaitReason,
  type HookflowActivities,
  INTERNAL_ERROR,
  resendSignal,
  SEARCH_ATTRIBUTES,
} from '../contract';

const { attemptDelivery } = proxyActivities<HookflowActivities>({
  // Longer than the longest receiver timeout (30 s) plus the Postgres reads and writes.
  startToCloseTimeout: '45s',
  // The attempt heartbeats while it runs: a worker that dies mid-attempt (SIGKILL, OOM,
  // lost host) is noticed after this, not after the 45 s above, and the attempt retried.
  heartbeatTimeout: ATTEMPT_HEARTBEAT_TIMEOUT_MS,
  // Only faults of our own (Postgres down, worker crash) make the activity fail; what
  // the receiver does is an outcome. Those faults are retried until they pass: an
  // accepted event is never dropped.
  // InternalError (a deterministic fault of ours, e.g. a constraint error) is not retried:
  // the delivery fails with the reason and stays resendable.
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m', nonRetryableErrorTypes: [INTERNAL_ERROR] },
});

const { saveAttempt, failDelivery } = proxyActivities<HookflowActivities>({
  startToCloseTimeout: '30s',
  // Writes only: retried until PostgreSQL takes them, never sending anything again.
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m', nonRetryableErrorTypes: [INTERNAL_ERROR] },
});

function internalFailure(error: unknown): string | undefined {
  if (!(error instanceof ActivityFailure)) return undefined;
  const cause = error.cause;
  return cause instanceof ApplicationFailure && cause.type === INTERNAL_ERROR ? cause.message : undefined;
}

/**
 * One attempt: the activity signs, POSTs and records it. An attempt it could not record
 * is written by `saveAttempt`; the POST is not repeated. A deterministic fault of ours
 * fails the delivery with an internal-error reason (a resend tries it again).
 */
async function attemptOnce(input: AttemptDeliveryInput): Promise<AttemptOutcome> {
  try {
    const { unrecorded, ...outcome } = await attemptDelivery(input);
    if (unrecorded) await saveAttempt(unrecorded);
    return outcome;
  } catch (error) {
    const reason = internalFailure(error);
    if (reason === undefined) throw error;
    try {
      await failDelivery({ deliveryId: input.deliveryId, reason });
    } catch (failError) {
      // The reason still ends the workflow; the row keeps its last status.
      if (internalFailure(failError) === undefined) throw failError;
    }
    return { result: 'failed', reason };
  }
}

/** Past this many history events the run continues as new, so manual resends cannot grow it without bound. */
const HISTORY_EVENTS_BEFORE_CONTINUE = 2_000;

/**
 * Delivers one event to one endpoint. Each attempt is an activity that signs, POSTs and
 * records the attempt; between attempts the workflow sleeps on a durable timer that
 * a `resend` signal interrupts.
 */
export const deliverWebhookWorkflow: DeliverWebhookWorkflow = async (input) => {
  let resendRequested = false;
  let status: DeliveryStatus | undefined;
  let attemptNumber = input.firstAttemptNumber;
  let retriesSoFar = input.retriesSoFar;
  let trigger: AttemptTrigger = input.firstTrigger;
  let waitingMs: number | null = null;
  let waitingFor: DeliveryWaitReason | null = null;
  /** The rate-limit slot reserved by the last held try, and how many in-flight holds in a row. */
  let rateSlotAt: number | undefined;
  let rateHolds = 0;
  let inFlightHolds = 0;
  /** When the pending scheduled attempt is due, while one is (workflow time, epoch ms). */
  let pendingScheduledAt: number | undefined = input.firstTrigger === 'manual' ? input.pendingScheduledAt : undefined;

  setHandler(resendSignal, () => {
    resendRequested = true;
  });
  setHandler(deliveryStateQuery, () => ({ status: status ?? 'new', attempts: attemptNumber - 1, waitingMs, waitingFor }));

  const setStatus = (next: DeliveryStatus) => {
    if (next === status) return;
    status = next;
    upsertSearchAttributes([{ key: SEARCH_ATTRIBUTES.deliveryStatus, value: next }]);
  };

  for (;;) {
    resendRequested = false;
    const outcome = await attemptOnce({
      deliveryId: input.deliveryId,
      attemptNumber,
      trigger,
      retriesSoFar,
      retryScheduleMs: input.retryScheduleMs,
      timeoutMs: input.timeoutMs,
      finalAttempt: input.mode === 'once',
      ...(trigger === 'manual' && pendingScheduledAt !== undefined ? { pendingScheduledAt } : {}),
      ...(rateSlotAt !== undefined ? { rateSlotAt } : {}),
      ...(rateHolds > 0 ? { rateHolds } : {}),
      ...(inFlightHolds > 0 ? { inFlightHolds } : {}),
    });

    if (outcome.result === 'wait') {
      // Held back by the endpoint's flow control: not an attempt, the schedule untouched.
      // A durable timer (a resend cuts it short), then the gate is asked again.
      rateSlotAt = outcome.reason === 'rate_limit' ? outcome.untilMs : undefined;
      rateHolds = outcome.reason === 'rate_limit' ? rateHolds + 1 : 0;
      inFlightHolds = outcome.reason === 'in_flight_limit' ? inFlightHolds + 1 : 0;
      waitingFor = outcome.reason;
      waitingMs = Math.max(0, outcome.untilMs - Date.now());
      const resent = await condition(() => resendRequested, waitingMs);
      waitingMs = null;
      waitingFor = null;
      if (resent) trigger = 'manual';
      await continueAsNewIfLong();
      continue;
    }
    rateSlotAt = undefined;
    rateHolds = 0;
    inFlightHolds = 0;
    attemptNumber++;

    if (outcome.result !== 'retry') {
      setStatus(outcome.result);
      return outcome;
    }
    setStatus('retrying');
    retriesSoFar = outcome.retriesSoFar;
    waitingMs = outcome.delayMs;
    waitingFor = 'retry';
    pendingScheduledAt = outcome.nextAttemptAt;
    const resent = await condition(() => resendRequested, outcome.delayMs);
    waitingMs = null;
    waitingFor = null;
    trigger = resent ? 'manual' : 'scheduled';
    if (!resent) pendingScheduledAt = undefined;
    await continueAsNewIfLong();
  }

  async function continueAsNewIfLong(): Promise<void> {
    const info = workflowInfo();
    if (info.continueAsNewSuggested || info.historyLength > HISTORY_EVENTS_BEFORE_CONTINUE) {
      await continueAsNew<DeliverWebhookWorkflow>({
        ...input,
        firstTrigger: trigger,
        firstAttemptNumber: attemptNumber,
        retriesSoFar,
        pendingScheduledAt,
      });
    }
  }
};
