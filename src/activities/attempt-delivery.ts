import type { Kysely } from 'kysely';
import type { Dispatcher } from 'undici';
import { findAttemptContext, markDeliveryFailed, recordAttempt } from '../db/queries/deliveries';
import { activeSecrets } from '../db/queries/endpoints';
import { disableEndpointAndFailPending } from '../services/endpoint-lifecycle';
import type { AttemptErrorKind, Database, DeliveryStatus } from '../db/schema';
import { buildEnvelope, USER_AGENT } from '../delivery/payload';
import { nextDelay, parseRetryAfter } from '../delivery/schedule';
import { type SendResult, sendWebhook } from '../delivery/send';
import { signatureHeader } from '../delivery/sign';
import type { Logger } from '../lib/logger';
import type { SecretBox } from '../lib/secret-box';
import { openSecrets } from '../services/endpoint-secrets';
import type { AttemptDeliveryInput, AttemptOutcome } from '../workflows/types';

export interface AttemptDeps {
  db: Kysely<Database>;
  dispatcher: Dispatcher;
  logger: Logger;
  secretBox: SecretBox;
}

const isSuccess = (status: number) => status >= 200 && status < 300;

/**
 * One delivery attempt: load the event and endpoint from Postgres, sign, POST, record the
 * attempt and the delivery's new status, and return what the workflow should do next.
 * What the receiver does is an outcome, never an exception; only our own faults
 * (Postgres unreachable) throw, and Temporal retries the activity.
 */
export async function attemptDelivery(deps: AttemptDeps, input: AttemptDeliveryInput): Promise<AttemptOutcome> {
  const { db } = deps;
  // The delivery, its endpoint and its event in one round trip.
  const context = await findAttemptContext(db, input.deliveryId);
  if (!context) return { result: 'failed', reason: 'the delivery no longer exists' };
  const { delivery, endpoint, event } = context;
  // Failed meanwhile (its endpoint was deleted or disabled): only a manual resend attempts it.
  if (delivery.status === 'failed' && input.trigger !== 'manual') {
    return { result: 'failed', reason: delivery.failure_reason ?? 'failed' };
  }

  const unavailable = !endpoint || endpoint.deleted_at ? 'endpoint deleted' : !endpoint.enabled ? `endpoint disabled${endpoint.disabled_reason ? `: ${endpoint.disabled_reason}` : ''}` : undefined;
  if (unavailable || !endpoint) {
    const reason = unavailable ?? 'endpoint deleted';
    await markDeliveryFailed(db, delivery.id, reason);
    return { result: 'failed', reason };
  }
  if (!event) {
    await markDeliveryFailed(db, delivery.id, 'event no longer exists');
    return { result: 'failed', reason: 'event no longer exists' };
  }

  const body = JSON.stringify(
    buildEnvelope({ id: event.id, type: event.type, createdAt: event.created_at, payload: event.payload, test: event.test }),
  );
  const startedAt = new Date();
  // Opened only here, to sign: never logged, never returned to the workflow.
  const opened = openSecrets(deps.secretBox, endpoint);
  const secrets = activeSecrets({ ...endpoint, secret: opened.secret, previous_secret: opened.previousSecret }, startedAt);
  const timestamp = Math.floor(startedAt.getTime() / 1000);
  const headers: Record<string, string> = {
    ...opened.headers,
    'content-type': 'application/json',
    'user-agent': USER_AGENT,
    'webhook-id': event.id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signatureHeader(secrets, event.id, timestamp, body),
  };
  const result = await sendWebhook(
    { url: endpoint.url, headers, body, timeoutMs: endpoint.timeout_ms ?? input.timeoutMs },
    deps.dispatcher,
  );

  const decision = decide(input, result);
  if (decision.disableEndpoint) await disableEndpointAndFailPending(db, endpoint.id, decision.disableEndpoint);

  const errorKind: AttemptErrorKind | null =
    result.kind === 'error' ? result.errorKind : isSuccess(result.statusCode) ? null : 'http_status';
  await recordAttempt(db, {
    deliveryId: delivery.id,
    tenantId: delivery.tenant_id,
    endpointId: delivery.endpoint_id,
    attempt: {
      number: input.attemptNumber,
      trigger: input.trigger,
      started_at: startedAt,
      duration_ms: result.durationMs,
      status_code: result.kind === 'response' ? result.statusCode : null,
      response_body: result.kind === 'response' ? result.bodyExcerpt : null,
      error_kind: errorKind,
      error_message: result.kind === 'error' ? result.message : errorKind ? `HTTP ${result.statusCode}` : null,
    },
    status: decision.status,
    nextAttemptAt: decision.outcome.result === 'retry' ? new Date(decision.outcome.nextAttemptAt) : null,
    failureReason: decision.outcome.result === 'failed' ? decision.outcome.reason : null,
  });

  deps.logger.info(
    {
      deliveryId: delivery.id,
      endpointId: endpoint.id,
      attempt: input.attemptNumber,
      trigger: input.trigger,
      statusCode: result.kind === 'response' ? result.statusCode : undefined,
      errorKind: errorKind ?? undefined,
      durationMs: result.durationMs,
      outcome: decision.outcome.result,
    },
    'delivery attempt',
  );
  return decision.outcome;
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
  if (input.pendingScheduledAt !== undefined) {
    // A manual attempt during a wait: the scheduled attempt stays where it was.
    return {
      outcome: {
        result: 'retry',
        delayMs: Math.max(0, input.pendingScheduledAt - now),
        retriesSoFar: input.retriesSoFar,
        nextAttemptAt: input.pendingScheduledAt,
      },
      status: 'retrying',
    };
  }
  const retryAfterHeader =
    result.kind === 'response' && (result.statusCode === 429 || result.statusCode === 503)
      ? result.headers['retry-after']
      : undefined;
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
  return { outcome: { result: 'retry', delayMs, retriesSoFar: input.retriesSoFar + 1, nextAttemptAt: now + delayMs }, status: 'retrying' };
}
