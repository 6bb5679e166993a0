import type { Kysely } from 'kysely';
import type { FailureStreak } from '../db/queries/attempts';
import { markFailingNotified } from '../db/queries/endpoint-failure-streaks';
import type { Database } from '../db/schema';
import { formatDuration } from '../lib/duration';
import type { Logger } from '../lib/logger';
import { disableEndpointAndFailPending } from './endpoint-lifecycle';
import type { Notifier } from './operational-notices';

export interface AutoDisableSettings {
  /** Every attempt failed for this long: disable. 0 turns auto-disable (and its notices) off. */
  afterMs: number;
  /** ... with at least this many failed attempts. */
  minFailures: number;
}

export type StreakVerdict = 'disable' | 'warn' | 'none';

/**
 * What a failing streak calls for, pure: disable once it has lasted `afterMs` with at least
 * `minFailures` failed attempts; an `endpoint.failing` warning once it has lasted half of
 * that (once per streak).
 */
export function judgeFailureStreak(streak: FailureStreak, settings: AutoDisableSettings, nowMs: number): StreakVerdict {
  if (settings.afterMs <= 0) return 'none';
  const failingForMs = nowMs - streak.failingSince.getTime();
  if (failingForMs >= settings.afterMs && streak.failedAttempts >= settings.minFailures) return 'disable';
  if (failingForMs >= settings.afterMs / 2 && streak.failingNotifiedAt === null) return 'warn';
  return 'none';
}

export interface AutoDisableDeps {
  db: Kysely<Database>;
  logger: Logger;
  notices: Notifier;
  autoDisable: AutoDisableSettings;
}

/**
 * Run after each failed attempt that extended its endpoint's streak (cheap: no schedule,
 * no scan). Disabling goes through the same path as a 410 (waiting deliveries fail); the
 * notices' ids are derived from the streak, so a repeated step sends each one once.
 */
export async function afterFailedAttempt(
  deps: AutoDisableDeps,
  endpoint: { tenantId: string; endpointId: string },
  streak: FailureStreak,
  nowMs: number = Date.now(),
): Promise<void> {
  const verdict = judgeFailureStreak(streak, deps.autoDisable, nowMs);
  if (verdict === 'none') return;
  const streakKey = `${endpoint.endpointId}_${streak.failingSince.getTime()}`;
  if (verdict === 'disable') {
    const message = `auto_disabled: every attempt failed for ${formatDuration(deps.autoDisable.afterMs)} (${streak.failedAttempts} attempts)`;
    if (!(await disableEndpointAndFailPending(deps.db, endpoint.endpointId, message))) return;
    deps.logger.warn({ ...endpoint, failedAttempts: streak.failedAttempts }, 'endpoint auto-disabled');
    await deps.notices.emit(
      { type: 'endpoint.disabled', data: { ...endpoint, reason: 'auto_disabled', message } },
      { id: `evt_disabled_${streakKey}` },
    );
    return;
  }
  if (!(await markFailingNotified(deps.db, endpoint.endpointId))) return;
  await deps.notices.emit(
    {
      type: 'endpoint.failing',
      data: {
        ...endpoint,
        failingSince: streak.failingSince.toISOString(),
        failedAttempts: streak.failedAttempts,
        disableAfter: formatDuration(deps.autoDisable.afterMs),
        minFailures: deps.autoDisable.minFailures,
      },
    },
    { id: `evt_failing_${streakKey}` },
  );
}
