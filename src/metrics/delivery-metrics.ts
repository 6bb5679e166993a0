import { Counter, Histogram } from 'prom-client';
import type { AttemptErrorKind, AttemptTrigger } from '../contract';
import { registry } from './registry';

/** The `outcome` label of an attempt: what dashboards and alerts group by. */
export const ATTEMPT_OUTCOMES = ['success', 'http_error', 'timeout', 'connection', 'dns', 'blocked'] as const;
export type AttemptOutcomeLabel = (typeof ATTEMPT_OUTCOMES)[number];

/** A delivery's end, as `hookflow_deliveries_settled_total` counts it. */
export type SettledStatus = 'finished' | 'failed';

/**
 * An attempt's outcome label from its recorded error kind (null: a 2xx). A non-2xx answer
 * is `http_error`; a response that was not valid HTTP (`invalid_response`) counts as
 * `connection`: no status code came back.
 */
export function attemptOutcome(errorKind: AttemptErrorKind | null): AttemptOutcomeLabel {
  switch (errorKind) {
    case null:
      return 'success';
    case 'http_status':
      return 'http_error';
    case 'invalid_response':
      return 'connection';
    default:
      return errorKind;
  }
}

const published = new Counter({
  name: 'hookflow_events_published_total',
  help: 'Events accepted by the publish API (replays of an idempotency key or id not counted); per tenant only with METRICS_TENANT_LABELS=true',
  labelNames: ['tenant'],
  registers: [registry],
});

const attempts = new Counter({
  name: 'hookflow_delivery_attempts_total',
  help: 'Delivery attempts sent (one per POST), by outcome and trigger',
  labelNames: ['outcome', 'trigger'],
  registers: [registry],
});

const attemptDuration = new Histogram({
  name: 'hookflow_delivery_attempt_duration_seconds',
  help: 'How long a delivery attempt took, from the POST to the answer (or the error), by outcome',
  labelNames: ['outcome'],
  buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30],
  registers: [registry],
});

const settled = new Counter({
  name: 'hookflow_deliveries_settled_total',
  help: 'Deliveries that reached finished or failed (counted by the worker that settled them)',
  labelNames: ['status'],
  registers: [registry],
});

/** Start every series at 0, so a rate() over a fresh process sees its first attempt. */
for (const trigger of ['scheduled', 'manual', 'test'] satisfies AttemptTrigger[]) {
  for (const outcome of ATTEMPT_OUTCOMES) attempts.inc({ outcome, trigger }, 0);
}
for (const status of ['finished', 'failed'] satisfies SettledStatus[]) settled.inc({ status }, 0);

/** One event accepted; `tenantLabel` is METRICS_TENANT_LABELS (a label per tenant: mind the cardinality). */
export function countPublished(tenantId: string, tenantLabel: boolean): void {
  if (tenantLabel) published.inc({ tenant: tenantId });
  else published.inc();
}

/** One attempt sent: its outcome, trigger and duration. */
export function observeAttempt(errorKind: AttemptErrorKind | null, trigger: AttemptTrigger, durationMs: number): void {
  const outcome = attemptOutcome(errorKind);
  attempts.inc({ outcome, trigger });
  attemptDuration.observe({ outcome }, durationMs / 1000);
}

/** A delivery settled (its status became finished or failed). */
export function countSettled(status: SettledStatus): void {
  settled.inc({ status });
}
