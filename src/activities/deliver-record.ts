import { ApplicationFailure } from '@temporalio/activity';
import type { Kysely } from 'kysely';
import { recordAttempt } from '../db/queries/attempts';
import { markDeliveryFailed } from '../db/queries/deliveries';
import { applyFlowUpdate, releaseLease } from '../db/queries/endpoint-flow';
import { MAX_THROTTLE_PAUSE_MS, THROTTLE_AFTER, THROTTLE_PAUSE_MS } from '../delivery/gate';
import type { Database } from '../db/schema';
import { isDeterministicDbError, sqlState } from '../lib/db-errors';
import type { Logger } from '../lib/logger';
import { toPgText, toPgTextOrNull } from '../lib/pg-text';
import { countSettled } from '../metrics/delivery-metrics';
import type { SecretBox } from '../lib/secret-box';
import { afterFailedAttempt, type AutoDisableSettings } from '../services/auto-disable';
import { disableEndpointAndFailPending } from '../services/endpoint-lifecycle';
import type { Notifier } from '../services/operational-notices';
import { type AttemptRecord, INTERNAL_ERROR, type UnrecordedAttempt } from '../contract';

export interface RecordDeps {
  db: Kysely<Database>;
  logger: Logger;
  secretBox: SecretBox;
  /** Operational notices (endpoint disabled or failing, delivery exhausted). */
  notices: Notifier;
  autoDisable: AutoDisableSettings;
}

const responseContext = (deliveryId: string) => `attempt-response:${deliveryId}`;

/** An attempt for the workflow to write: the receiver's response excerpt sealed, bound to its delivery. */
export function toUnrecorded(box: SecretBox, record: AttemptRecord, responseBody: string | null): UnrecordedAttempt {
  return { record, sealedResponseBody: responseBody === null ? null : box.seal(responseBody, responseContext(record.deliveryId)) };
}

/**
 * Writes one attempt: disables the endpoint after a 410, then the attempt row, the
 * delivery's status and the endpoint's failure streak in one statement (idempotent per
 * attempt number, so writing the same record twice is harmless), then releases its
 * in-flight lease and applies what the answer means for the endpoint's flow (a pause).
 * Every text is made storable first (toPgText), so the write cannot fail for what a
 * receiver answered. Then, the state committed: auto-disable, and the operational
 * notices this attempt calls for (each sent once, however often the record is written).
 */
export async function writeAttemptRecord(deps: RecordDeps, record: AttemptRecord, responseBody: string | null): Promise<void> {
  const endpoint = { tenantId: record.tenantId, endpointId: record.endpointId };
  if (record.disableEndpoint && (await disableEndpointAndFailPending(deps.db, record.endpointId, record.disableEndpoint))) {
    await deps.notices.emit({ type: 'endpoint.disabled', data: { ...endpoint, reason: 'gone_410', message: record.disableEndpoint } });
  }
  const streak = await recordAttempt(deps.db, {
    deliveryId: record.deliveryId,
    tenantId: record.tenantId,
    endpointId: record.endpointId,
    attempt: {
      number: record.number,
      trigger: record.trigger,
      started_at: new Date(record.startedAtMs),
      duration_ms: record.durationMs,
      status_code: record.statusCode,
      response_body: toPgTextOrNull(responseBody),
      error_kind: record.errorKind,
      error_message: toPgTextOrNull(record.errorMessage),
    },
    status: record.status,
    nextAttemptAt: record.nextAttemptAtMs === null ? null : new Date(record.nextAttemptAtMs),
    failureReason: toPgTextOrNull(record.failureReason),
    endThrottleRun: record.flowUpdate?.kind === 'answered',
  });
  if (record.leased) await releaseLease(deps.db, record.endpointId, record.deliveryId);
  if (record.flowUpdate && record.flowUpdate.kind !== 'answered') {
    await applyFlowUpdate(deps.db, record.endpointId, record.flowUpdate, new Date(record.startedAtMs), {
      after: THROTTLE_AFTER,
      pauseMs: THROTTLE_PAUSE_MS,
      maxPauseMs: MAX_THROTTLE_PAUSE_MS,
    });
  }
  if (record.status === 'failed') {
    // Failed for good (schedule exhausted, 410, refused target, failed resend); one notice per attempt that ended it.
    await deps.notices.emit(
      {
        type: 'delivery.exhausted',
        data: {
          ...endpoint,
          deliveryId: record.deliveryId,
          eventId: record.eventId,
          attempts: record.number,
          lastStatusCode: record.statusCode,
          lastError: toPgTextOrNull(record.errorMessage),
          failureReason: toPgTextOrNull(record.failureReason),
        },
      },
      { id: `evt_exhausted_${record.deliveryId}_${record.number}` },
    );
  }
  if (streak) {
    try {
      await afterFailedAttempt(deps, endpoint, streak);
    } catch (error) {
      // The attempt is recorded; the next failed attempt judges the streak again.
      deps.logger.warn({ ...endpoint, err: error }, 'could not apply auto-disable after a failed attempt');
    }
  }
}

/**
 * A fault of our own, as the activity throws it. A deterministic database error (a
 * constraint or encoding error) becomes a non-retryable InternalError: retrying would
 * fail the same way for ever, so the workflow fails the delivery with the reason
 * instead. Anything else (PostgreSQL unreachable) is rethrown for Temporal to retry.
 */
export function asActivityFault(error: unknown, logger: Logger, context: Record<string, unknown>): unknown {
  if (!isDeterministicDbError(error)) return error;
  const state = sqlState(error);
  const message = `internal error: PostgreSQL refused a write or read (SQLSTATE ${state}); resend the delivery once it is fixed`;
  // An alert: this needs an engineer, not a retry.
  logger.error({ ...context, sqlState: state, err: error, alert: 'internal_error' }, 'delivery step failed deterministically');
  return ApplicationFailure.create({ message, type: INTERNAL_ERROR, nonRetryable: true });
}

/** The `saveAttempt` activity: writes a record the attempt activity could not write. Never sends anything. */
export async function saveAttempt(deps: RecordDeps, { record, sealedResponseBody }: UnrecordedAttempt): Promise<void> {
  try {
    const responseBody = sealedResponseBody === null ? null : deps.secretBox.open(sealedResponseBody, responseContext(record.deliveryId));
    await writeAttemptRecord(deps, record, responseBody);
  } catch (error) {
    throw asActivityFault(error, deps.logger, {
      deliveryId: record.deliveryId,
      eventId: record.eventId,
      endpointId: record.endpointId,
      tenantId: record.tenantId,
      attempt: record.number,
    });
  }
}

/** The `failDelivery` activity: ends a delivery with an internal-error reason; a resend can still try it. */
export async function failDelivery(deps: RecordDeps, input: { deliveryId: string; reason: string }): Promise<void> {
  await markDeliveryFailed(deps.db, input.deliveryId, toPgText(input.reason));
  countSettled('failed');
}
