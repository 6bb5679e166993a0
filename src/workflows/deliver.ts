import {
  ActivityFailure,
  ApplicationFailure,
  condition,
  continueAsNew,
  getCurrentDetails,
  proxyActivities,
  proxyLocalActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import {
  type AttemptDeliveryInput,
  type AttemptOutcome,
  type AttemptTrigger,
  DELIVERY_FAILED,
  type DeliverWebhookWorkflow,
  deliveryStateQuery,
  type DeliveryStatus,
  type DeliveryWaitReason,
  type HookflowActivities,
  INTERNAL_ERROR,
  resendSignal,
  SEARCH_ATTRIBUTES,
} from '../contract';
import { joinLine } from './line';

/** Only faults of our own make the attempt fail (what the receiver does is an outcome): retried until they pass. */
const ATTEMPT_RETRY = { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m', nonRetryableErrorTypes: [INTERNAL_ERROR] };

/**
 * The attempt is a local activity: it runs in the workflow task of the worker that holds the
 * delivery, so a first-try delivery costs one workflow task and no activity task round trip
 * (2 Temporal actions: the start and the attempt's marker). A worker that dies mid-attempt
 * lets the workflow task time out (DELIVERY_TASK_TIMEOUT_MS); the next worker re-runs the
 * attempt. An attempt longer than the task timeout keeps the task alive: the SDK heartbeats it.
 * InternalError (a deterministic fault of ours) is not retried: the delivery fails with the reason.
 */
const attemptProxy = (summary: string) =>
  proxyLocalActivities<HookflowActivities>({
    // Longer than the longest receiver timeout (30 s) plus the Postgres reads and writes.
    startToCloseTimeout: '45s',
    retry: ATTEMPT_RETRY,
    summary,
  }).attemptDelivery;

const { saveAttempt, failDelivery } = proxyActivities<HookflowActivities>({
  startToCloseTimeout: '30s',
  // Writes only: retried until PostgreSQL takes them, never sending anything again.
  retry: ATTEMPT_RETRY,
});

/** The reason of a deterministic fault of ours (InternalError), as a local or a regular activity reports it. */
function internalFailure(error: unknown): string | undefined {
  const failure = error instanceof ActivityFailure ? error.cause : error;
  return failure instanceof ApplicationFailure && failure.type === INTERNAL_ERROR ? failure.message : undefined;
}

/**
 * One attempt: the activity signs, POSTs and records it. An attempt it could not record
 * is written by `saveAttempt`; the POST is not repeated. A deterministic fault of ours
 * fails the delivery with an internal-error reason (a resend tries it again).
 */
async function attemptOnce(input: AttemptDeliveryInput): Promise<AttemptOutcome> {
  try {
    const { unrecorded, ...outcome } = await attemptProxy(`attempt ${input.attemptNumber} · ${input.trigger}`)(input);
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

/** A wait as the Web UI's timer summary says it: `250 ms`, `30 s`, `5 min`, `2 h`. */
function formatWait(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${Math.round(ms / 1_000)} s`;
  if (ms < 7_200_000) return `${Math.round(ms / 60_000)} min`;
  return `${Math.round(ms / 3_600_000)} h`;
}

/** Past this many history events the run continues as new, so manual resends cannot grow it without bound. */
const HISTORY_EVENTS_BEFORE_CONTINUE = 2_000;

/**
 * Delivers one event to one endpoint. Each attempt is a local activity that signs, POSTs
 * and records the attempt; between attempts the workflow sleeps on a durable timer that a
 * `resend` signal interrupts. Finished: the workflow completes; failed for good: it fails
 * with the reason.
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

  // What the Web UI's DeliveryStatus shows: set at start (`new`, or a resent delivery's
  // status), carried over a continue-as-new, and upserted only when it would mislead: when
  // the delivery waits for a retry, and when it settles after one. A first-try delivery
  // upserts nothing; its close status (Completed or Failed) says how it ended.
  let visible = workflowInfo().typedSearchAttributes.get(SEARCH_ATTRIBUTES.deliveryStatus) ?? 'new';
  const show = (next: DeliveryStatus) => {
    status = next;
    const settled = next === 'finished' || next === 'failed';
    if (next === visible || (settled && visible === 'new')) return;
    visible = next;
    upsertSearchAttributes([{ key: SEARCH_ATTRIBUTES.deliveryStatus, value: next }]);
  };
  // The Web UI's current details, once a wait has set them, say how the delivery ended (not the last wait).
  const replaceDetails = (details: string) => {
    if (getCurrentDetails()) setCurrentDetails(details);
  };

  // Ordered delivery: no attempt before the delivery ahead of it in its line has settled.
  // A manual resend of a closed delivery (`once`) is not ordered; it still tells its successor.
  const line = input.line ? joinLine(input.line, input.deliveryId) : undefined;
  if (line && input.mode === 'schedule') {
    await line.waitForTurn({
      waiting(predecessorId) {
        waitingFor = predecessorId === null ? null : 'predecessor';
      },
      betweenChecks: continueAsNewIfLong,
    });
    // A resend while it waited is its first attempt's trigger, once its turn came.
    if (resendRequested) trigger = 'manual';
  }

  // Restarted by reconcile after its workflow was lost: the first attempt keeps the time
  // PostgreSQL recorded for it, on a durable timer that a resend cuts short.
  const notBeforeMs = input.notBefore === undefined ? 0 : input.notBefore - Date.now();
  if (input.notBefore !== undefined && notBeforeMs > 0) {
    if (visible === 'retrying') status = 'retrying';
    waitingMs = notBeforeMs;
    waitingFor = 'retry';
    setCurrentDetails(`restarted by reconcile; attempt ${attemptNumber} at ${new Date(input.notBefore).toISOString()}`);
    if (await condition(() => resendRequested, notBeforeMs)) {
      trigger = 'manual';
      pendingScheduledAt = input.notBefore;
    }
    waitingMs = null;
    waitingFor = null;
  }

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
      waitingMs = outcome.delayMs;
      setCurrentDetails(`held back by flow control (${outcome.reason}); no attempt made`);
      const resent = await condition(() => resendRequested, waitingMs, {
        summary: `held back (${outcome.reason}), no attempt made · next try in ${formatWait(waitingMs)}`,
      });
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

    if (outcome.result === 'finished') {
      show('finished');
      replaceDetails(`finished: attempt ${attemptNumber - 1} answered ${outcome.statusCode}`);
      await line?.settled();
      return outcome;
    }
    if (outcome.result === 'failed') {
      show('failed');
      replaceDetails(`failed: ${outcome.reason}`);
      await line?.settled();
      // Closes as a Failed workflow whose message is the reason; a resend starts a new run.
      throw ApplicationFailure.create({ type: DELIVERY_FAILED, message: outcome.reason, nonRetryable: true });
    }
    show('retrying');
    retriesSoFar = outcome.retriesSoFar;
    waitingMs = outcome.delayMs;
    waitingFor = 'retry';
    pendingScheduledAt = outcome.nextAttemptAt;
    setCurrentDetails(`attempt ${attemptNumber - 1} failed; next attempt at ${new Date(outcome.nextAttemptAt).toISOString()}`);
    // The wait's timer names the attempt's answer: the attempt's own summary was set before it ran.
    const resent = await condition(() => resendRequested, outcome.delayMs, {
      summary: `attempt ${attemptNumber - 1} · ${outcome.answer ?? 'failed'} · next attempt in ${formatWait(outcome.delayMs)}`,
    });
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
        notBefore: undefined,
        ...(input.line ? { line: input.line } : {}),
      });
    }
  }
};
