import { setTimeout as sleep } from 'node:timers/promises';
import { type AttemptFlow, findAttemptContext } from '../db/queries/attempts';
import { markDeliveryFailed } from '../db/queries/deliveries';
import { acquireLease, markDeliveryWaiting, reserveSendSlot } from '../db/queries/endpoint-flow';
import type { DeliveryRow, EndpointRow } from '../db/schema';
import { deliveryLogger } from '../lib/delivery-logger';
import type { Logger } from '../lib/logger';
import { findUnsendableHeader } from '../delivery/headers';
import { earlyWakeWaitMs, type FlowStore, flowAfterAnswer, passGate, rateHoldSleepMs } from '../delivery/gate';
import { buildEnvelope, USER_AGENT } from '../delivery/payload';
import { nextDelay, parseRetryAfter } from '../delivery/schedule';
import { HARD_DEADLINE_MARGIN_MS, type OriginPools, type SendRequest, type SendResult } from '../delivery/send';
import { sendWebhookTraced } from '../delivery/traced-send';
import { signatureHeader } from '../delivery/sign';
import { toPgText } from '../lib/pg-text';
import { countSettled, observeAttempt } from '../metrics/delivery-metrics';
import { activeSecrets, openSecrets } from '../services/endpoint-secrets';
import type {
  AttemptDeliveryInput,
  AttemptErrorKind,
  AttemptOutcome,
  AttemptRecord,
  AttemptResult,
  DeliveryStatus,
  UnrecordedAttempt,
} from '../contract';
import { asActivityFault, type RecordDeps, toUnrecorded, writeAttemptRecord } from './deliver-record';

export interface AttemptDeps extends RecordDeps {
  pools: OriginPools;
}

const isSuccess = (status: number) => status >= 200 && status < 300;

/**
 * One delivery attempt: load the event and endpoint from Postgres, sign, POST, record the
 * attempt and the delivery's new status, and return what the workflow should do next.
 * What the receiver does is an outcome, never an exception. Our own faults before the
 * POST (Postgres unreachable) throw, and Temporal retries the activity: nothing was sent.
 * After the POST nothing throws: a record that cannot be written goes back to the
 * workflow (`unrecorded`), which writes it with `saveAttempt`, so a failed write never
 * sends the webhook again.
 */
export async function attemptDelivery(deps: AttemptDeps, input: AttemptDeliveryInput): Promise<AttemptResult> {
  let prepared: Prepared | AttemptOutcome;
  try {
    prepared = await prepareAttempt(deps, input);
  } catch (error) {
    throw asActivityFault(error, deps.logger, { deliveryId: input.deliveryId, attempt: input.attemptNumber });
  }
  if ('result' in prepared) return prepared;
  const { delivery, endpoint, request, startedAt, leased, log } = prepared;

  const result = await sendWebhookTraced(request, deps.pools, { propagateTrace: endpoint.propagate_trace });
  const decision = decide(input, result);
  const flowUpdate = flowAfterAnswer(result);
  const errorKind: AttemptErrorKind | null =
    result.kind === 'error' ? result.errorKind : isSuccess(result.statusCode) ? null : 'http_status';
  observeAttempt(errorKind, input.trigger, result.durationMs);
  if (decision.status === 'finished' || decision.status === 'failed') countSettled(decision.status);
  const record: AttemptRecord = {
    deliveryId: delivery.id,
    tenantId: delivery.tenant_id,
    endpointId: delivery.endpoint_id,
    eventId: delivery.event_id,
    number: input.attemptNumber,
    trigger: input.trigger,
    startedAtMs: startedAt.getTime(),
    durationMs: result.durationMs,
    statusCode: result.kind === 'response' ? result.statusCode : null,
    errorKind,
    errorMessage: result.kind === 'error' ? result.message : errorKind ? `HTTP ${result.statusCode}` : null,
    status: decision.status,
    nextAttemptAtMs: decision.outcome.result === 'retry' ? decision.outcome.nextAttemptAt : null,
    failureReason: decision.outcome.result === 'failed' ? decision.outcome.reason : null,
    ...(decision.disableEndpoint ? { disableEndpoint: decision.disableEndpoint } : {}),
    ...(leased ? { leased } : {}),
    flowUpdate,
  };
  const responseBody = result.kind === 'response' ? result.bodyExcerpt : null;
  // Logged before the record is written: once the status shows in PostgreSQL, its line is out.
  log.info(
    {
      attempt: input.attemptNumber,
      trigger: input.trigger,
      statusCode: record.statusCode ?? undefined,
      errorKind: errorKind ?? undefined,
      durationMs: result.durationMs,
      outcome: decision.outcome.result,
    },
    'delivery attempt',
  );
  let unrecorded: UnrecordedAttempt | undefined;
  try {
    await writeAttemptRecord(deps, record, responseBody);
  } catch (error) {
    log.warn(
      { attempt: input.attemptNumber, err: error },
      'could not record the attempt; the workflow records it (the webhook is not sent again)',
    );
    unrecorded = toUnrecorded(deps.secretBox, record, responseBody);
  }
  return unrecorded ? { ...decision.outcome, unrecorded } : decision.outcome;
}

interface Prepared {
  delivery: DeliveryRow;
  endpoint: EndpointRow;
  request: SendRequest;
  startedAt: Date;
  /** The attempt holds an in-flight lease of its endpoint (released with its record). */
  leased: boolean;
  flow: AttemptFlow;
  /** Every log line of this delivery carries its ids (docs/operations.md: what to search by). */
  log: Logger;
}

/** A lease outlives the longest attempt by this much: only a dead worker's lease runs out. */
const LEASE_MARGIN_MS = 15_000;

/**
 * Everything before the POST: load, check the endpoint is usable, build and sign the
 * request. Returns an outcome instead when there is nothing to send.
 */
async function prepareAttempt(deps: AttemptDeps, input: AttemptDeliveryInput): Promise<Prepared | AttemptOutcome> {
  const { db } = deps;
  // The delivery, its endpoint and its event in one round trip.
  const context = await findAttemptContext(db, input.deliveryId);
  if (!context) return { result: 'failed', reason: 'the delivery no longer exists' };
  const { delivery, endpoint, event, flow } = context;
  const log = deliveryLogger(deps.logger, delivery);
  // Failed meanwhile (its endpoint was deleted or disabled): only a manual resend attempts it.
  if (delivery.status === 'failed' && input.trigger !== 'manual') {
    // Failed in bulk while its workflow waited; the delivery settles now, as its workflow ends.
    countSettled('failed');
    const reason = delivery.failure_reason ?? 'failed';
    log.info({ attempt: input.attemptNumber, reason }, 'delivery failed without an attempt');
    return { result: 'failed', reason };
  }
  // Finished already: this attempt was sent and recorded, and only its result was lost (the
  // worker died before Temporal heard of it). Sending it again would be a needless duplicate,
  // and, in a fifo line, one that arrives after the deliveries behind it.
  if (delivery.status === 'finished' && input.trigger !== 'manual') {
    return { result: 'finished', statusCode: delivery.last_status_code ?? 200 };
  }
  const fail = async (reason: string): Promise<AttemptOutcome> => {
    await markDeliveryFailed(db, delivery.id, reason);
    countSettled('failed');
    log.info({ attempt: input.attemptNumber, reason }, 'delivery failed without an attempt');
    return { result: 'failed', reason };
  };
  if (!endpoint || endpoint.deleted_at) return fail('endpoint deleted');
  if (!endpoint.enabled) return fail(`endpoint disabled${endpoint.disabled_reason ? `: ${endpoint.disabled_reason}` : ''}`);
  if (!event) return fail('event no longer exists');

  // Built around the stored data text: what is signed below is exactly what is sent.
  const body = buildEnvelope({ id: event.id, type: event.type, createdAt: event.created_at, data: event.data, test: event.test });
  // Opened only here, to sign: never logged, never returned to the workflow.
  const opened = openSecrets(deps.secretBox, endpoint);
  // Saved before today's rules, or written to the table directly: never handed to the HTTP client.
  const unsendable = findUnsendableHeader(opened.headers);
  if (unsendable) {
    return fail(`custom header "${toPgText(unsendable.name)}" ${unsendable.problem}; fix the endpoint's headers, then resend`);
  }
  const timeoutMs = endpoint.timeout_ms ?? input.timeoutMs;

  // Woken early for its rate-limit slot (RATE_EARLY_WAKE_MS): wait here until the slot is due.
  const early = earlyWakeWaitMs(input.rateSlotAt, Date.now());
  if (early > 0) await sleep(early);

  // The flow-control gate, last before the send: a held delivery sends nothing and records no attempt.
  const gate = await passGate(flowStore(db), {
    endpointId: endpoint.id,
    deliveryId: delivery.id,
    limits: { rateLimit: endpoint.rate_limit, maxInFlight: endpoint.max_in_flight },
    flow,
    rateSlotAt: input.rateSlotAt,
    rateHolds: input.rateHolds ?? 0,
    inFlightHolds: input.inFlightHolds ?? 0,
    leaseTtlMs: timeoutMs + HARD_DEADLINE_MARGIN_MS + LEASE_MARGIN_MS,
    now: Date.now,
  });
  if (!gate.pass) {
    await markDeliveryWaiting(db, delivery.id, gate.reason, new Date(gate.untilMs));
    const delayMs = gate.reason === 'rate_limit' ? rateHoldSleepMs(gate.untilMs, Date.now()) : Math.max(0, gate.untilMs - Date.now());
    return { result: 'wait', reason: gate.reason, untilMs: gate.untilMs, delayMs };
  }

  const startedAt = new Date();
  const secrets = activeSecrets({ ...endpoint, secret: opened.secret, previous_secret: opened.previousSecret }, startedAt);
  const timestamp = Math.floor(startedAt.getTime() / 1000);
  const headers: Record<string, string> = {
    ...opened.headers,
    'content-type': 'application/json',
    'user-agent': USER_AGENT,
    'webhook-id': event.id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signatureHeader(secrets, event.id, timestamp, body),
    // Ordered delivery: the place in its line (gap-free per endpoint and key), and the key, percent-encoded.
    ...(delivery.ordering_seq !== null ? { 'webhook-sequence': String(delivery.ordering_seq) } : {}),
    ...(delivery.ordering_seq !== null && delivery.ordering_key
      ? { 'webhook-ordering-key': encodeURIComponent(delivery.ordering_key) }
      : {}),
  };
  const request = { url: endpoint.url, headers, body, timeoutMs };
  return { delivery, endpoint, request, startedAt, leased: gate.leased, flow, log };
}

function flowStore(db: AttemptDeps['db']): FlowStore {
  return {
    reserveSendSlot: (endpointId, intervalMs) => reserveSendSlot(db, endpointId, intervalMs),
    acquireLease: (endpointId, deliveryId, max, ttlMs) => acquireLease(db, endpointId, deliveryId, max, ttlMs),
  };
}

interface Decision {
  outcome: AttemptOutcome;
  status: DeliveryStatus;
  disableEndpoint?: string;
}

/** What follows an attempt's result; pure, so the rules read in one place. */
export function decide(
  input: AttemptDeliveryInput,
  result: SendResult,
  random: () => number = Math.random,
  now: number = Date.now(),
): Decision {
  if (result.kind === 'response' && isSuccess(result.statusCode)) {
    return { outcome: { result: 'finished', statusCode: result.statusCode }, status: 'finished' };
  }
  if (result.kind === 'response' && result.statusCode === 410) {
    const reason = 'the receiver answered 410 Gone';
    return { outcome: { result: 'failed', reason }, status: 'failed', disableEndpoint: reason };
  }
  if (result.kind === 'error' && result.errorKind === 'blocked') {
    return { outcome: { result: 'failed', reason: result.message }, status: 'failed' };
  }
  const what = result.kind === 'response' ? `HTTP ${result.statusCode}` : result.message;
  if (input.finalAttempt) {
    return { outcome: { result: 'failed', reason: `resend failed: ${what}` }, status: 'failed' };
  }
  const answer = `${result.kind === 'response' ? `HTTP ${result.statusCode}` : result.errorKind} · ${Math.round(result.durationMs)} ms`;
  if (input.pendingScheduledAt !== undefined) {
    // A manual attempt during a wait: the scheduled attempt stays where it was.
    return {
      outcome: {
        result: 'retry',
        delayMs: Math.max(0, input.pendingScheduledAt - now),
        retriesSoFar: input.retriesSoFar,
        nextAttemptAt: input.pendingScheduledAt,
        answer,
      },
      status: 'retrying',
    };
  }
  const retryAfterHeader =
    result.kind === 'response' && (result.statusCode === 429 || result.statusCode === 503) ? result.headers['retry-after'] : undefined;
  const delayMs = nextDelay({
    scheduleMs: input.retryScheduleMs,
    retriesSoFar: input.retriesSoFar,
    retryAfterMs: parseRetryAfter(Array.isArray(retryAfterHeader) ? retryAfterHeader[0] : retryAfterHeader),
    random,
  });
  if (delayMs === undefined) {
    return {
      outcome: { result: 'failed', reason: `retry schedule exhausted after ${input.attemptNumber} attempts (last: ${what})` },
      status: 'failed',
    };
  }
  return {
    outcome: { result: 'retry', delayMs, retriesSoFar: input.retriesSoFar + 1, nextAttemptAt: now + delayMs, answer },
    status: 'retrying',
  };
}
