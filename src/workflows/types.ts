/**
 * Inputs and outputs that cross the workflow/activity boundary. Ids and numbers only:
 * payloads and secrets stay in Postgres, so workflow histories hold no customer data.
 */
import type { AttemptTrigger, DeliveryStatus } from '../db/schema';

export type { AttemptTrigger, DeliveryStatus };

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
}

export type AttemptOutcome =
  | { result: 'finished'; statusCode: number }
  /** `nextAttemptAt` (epoch ms) is what the activity recorded; the workflow keeps it for a manual resend. */
  | { result: 'retry'; delayMs: number; retriesSoFar: number; nextAttemptAt: number }
  | { result: 'failed'; reason: string };

export interface DeliveryState {
  status: DeliveryStatus;
  attempts: number;
  waitingMs: number | null;
}

export interface StartEventDeliveriesInput {
  tenantId: string;
  eventId: string;
}
