/**
 * The deliver flow's contract: what crosses the client → workflow → activity boundary.
 * Ids and numbers only: payloads and secrets stay in Postgres, so workflow histories
 * hold no customer data.
 */
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { LinePlace } from './ordering';
import type { AttemptErrorKind, AttemptTrigger, DeliveryStatus, DeliveryWaitReason, FlowHoldReason } from './statuses';

/** The workflow type: one workflow per delivery (id: deliveryWorkflowId). */
export const DELIVER_WORKFLOW = 'deliverWebhookWorkflow';
/**
 * A delivery that finishes completes its workflow with the receiver's status code; one that
 * fails for good closes as a Failed workflow (an ApplicationFailure of type DELIVERY_FAILED,
 * non-retryable, whose message is the reason), so the Web UI's status column tells the truth.
 */
export type DeliverWebhookWorkflow = (input: DeliverWebhookInput) => Promise<DeliveryFinished>;
export interface DeliveryFinished {
  result: 'finished';
  statusCode: number;
}

/** The failure type of a delivery workflow that failed for good (the message is the reason). */
export const DELIVERY_FAILED = 'DeliveryFailed';

/** Attempt now: cuts a pending wait short (or, sent with signalWithStart, starts a resend run). */
export const resendSignal = defineSignal('resend');
export const deliveryStateQuery = defineQuery<DeliveryState>('deliveryState');

/**
 * How soon an attempt cut short by a dead worker (SIGKILL, OOM, lost host) runs again. The
 * attempt is a local activity inside a workflow task: this is the delivery workflow's task
 * timeout, after which Temporal hands the task, and so the attempt, to a live worker. A
 * longer attempt keeps its task alive: the SDK heartbeats the task while the attempt runs.
 */
export const DELIVERY_TASK_TIMEOUT_MS = 10_000;

export interface DeliverWebhookInput {
  deliveryId: string;
  /** Delays between attempts, after the first (the endpoint's own or the global one). */
  retryScheduleMs: number[];
  timeoutMs: number;
  /**
   * `schedule`: attempt, then retry on the schedule until 2xx or exhausted.
   * `once`: a resend of a closed delivery: one attempt, no retries.
   */
  mode: 'schedule' | 'once';
  firstTrigger: AttemptTrigger;
  firstAttemptNumber: number;
  /** Retries of the schedule already used (carried over a continue-as-new). */
  retriesSoFar: number;
  /**
   * Carried over a continue-as-new that a resend woke (epoch ms): the scheduled attempt that
   * was pending, so the new run's first (manual) attempt keeps it rather than advancing the schedule.
   */
  pendingScheduledAt?: number;
  /**
   * The first attempt waits on a durable timer until then (epoch ms; a resend cuts the wait
   * short). Set when reconcile restarts a delivery whose workflow was lost: the recorded
   * `next_attempt_at`, so the retry keeps its time. A past time means attempt now.
   */
  notBefore?: number;
  /**
   * Ordered delivery (a `fifo` endpoint): its place in its line. A `schedule` run makes no
   * attempt until the delivery before it has settled; every run, resends included, tells
   * the one after it when it settles. A resend of a closed delivery (`once`) does not wait:
   * a manual resend is not ordered.
   */
  line?: LinePlace;
}

export interface AttemptDeliveryInput {
  deliveryId: string;
  attemptNumber: number;
  trigger: AttemptTrigger;
  retriesSoFar: number;
  retryScheduleMs: number[];
  timeoutMs: number;
  /** No retry may follow this attempt: failure ends the delivery. */
  finalAttempt: boolean;
  /**
   * Set for a manual attempt made while a scheduled one was pending (epoch ms): if it
   * fails, the pending attempt keeps its time and the schedule is not advanced.
   */
  pendingScheduledAt?: number;
  /**
   * The send slot this delivery reserved under its endpoint's rate limit on the previous
   * try (epoch ms, from a `wait` outcome): honoured instead of reserving another.
   */
  rateSlotAt?: number;
  /** Consecutive holds for `rate_limit` so far: a slot missed (a late timer) widens the next one's grace. */
  rateHolds?: number;
  /** Consecutive holds for `in_flight_limit` so far: the next such wait grows with it. */
  inFlightHolds?: number;
}

export type AttemptOutcome =
  | { result: 'finished'; statusCode: number }
  /**
   * `nextAttemptAt` (epoch ms) is what the activity recorded; the workflow keeps it for a
   * manual resend. `answer`: what the attempt got and how long it took (`HTTP 500 · 120 ms`,
   * `timeout · 5001 ms`), for the Web UI's summary of the wait: no body, no URL, no secret.
   */
  | { result: 'retry'; delayMs: number; retriesSoFar: number; nextAttemptAt: number; answer?: string }
  | { result: 'failed'; reason: string }
  /**
   * Held back by the endpoint's flow control: nothing was sent, no attempt recorded, the
   * retry schedule untouched. The workflow sleeps on a durable timer until `untilMs`
   * (epoch ms) and tries again. For `rate_limit`, `untilMs` is the slot it reserved.
   * `delayMs` is the time left until then by the activity's clock when it returned: the
   * workflow's own clock stands still while a local activity runs, so it sleeps for this.
   */
  | { result: 'wait'; reason: FlowHoldReason; untilMs: number; delayMs: number };

/** One attempt as it is stored: the attempt row, the delivery's new status and, after a 410, the endpoint to disable. */
export interface AttemptRecord {
  deliveryId: string;
  tenantId: string;
  endpointId: string;
  eventId: string;
  number: number;
  trigger: AttemptTrigger;
  startedAtMs: number;
  durationMs: number;
  statusCode: number | null;
  errorKind: AttemptErrorKind | null;
  errorMessage: string | null;
  status: DeliveryStatus;
  nextAttemptAtMs: number | null;
  failureReason: string | null;
  /** Set after a 410 Gone: the endpoint is disabled with this reason. */
  disableEndpoint?: string;
  /** The attempt held an in-flight lease of its endpoint: writing the record releases it. */
  leased?: boolean;
  /** What the answer means for the endpoint's flow (pause, throttle count); none when nothing was answered. */
  flowUpdate?: FlowUpdate;
}

/**
 * What one attempt's answer means for its endpoint's shared flow state: `pause` for a
 * Retry-After (a later pause already set stands), `throttled` for one more 502 / 504 /
 * timeout in a row (enough of them pause the endpoint), `answered` for anything else,
 * which ends such a run (written with the attempt record, in the same statement).
 */
export type FlowUpdate = { kind: 'pause'; pauseMs: number } | { kind: 'throttled' } | { kind: 'answered' };

/**
 * An attempt the activity could not write (PostgreSQL down). It travels to the workflow,
 * which has the `saveAttempt` activity write it, retried until PostgreSQL takes it, so
 * the POST is never repeated because a write failed. The receiver's response excerpt is
 * sealed with SECRET_ENCRYPTION_KEY: a history holds no receiver data in clear.
 */
export interface UnrecordedAttempt {
  record: AttemptRecord;
  sealedResponseBody: string | null;
}

/** What the attempt activity returns: the outcome, and the attempt when the activity could not write it. */
export type AttemptResult = AttemptOutcome & { unrecorded?: UnrecordedAttempt };

/** Our own steps failed deterministically (a constraint or encoding error): retrying cannot help. */
export const INTERNAL_ERROR = 'InternalError';

export interface DeliveryState {
  status: DeliveryStatus;
  attempts: number;
  waitingMs: number | null;
  /** Why it waits, while it does. */
  waitingFor: DeliveryWaitReason | null;
}
