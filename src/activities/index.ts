import type { Client } from '@temporalio/client';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { OriginPools } from '../delivery/send';
import type { Logger } from '../lib/logger';
import type { SecretBox } from '../lib/secret-box';
import type { DeliveryDefaults } from '../temporal/start-deliveries';
import type { AttemptDeliveryInput, StartEventDeliveriesInput, UnrecordedAttempt } from '../workflows/types';
import { ATTEMPT_HEARTBEAT_TIMEOUT_MS } from '../shared';
import { attemptDelivery } from './attempt-delivery';
import { failDelivery, saveAttempt } from './attempt-record';
import type { AttemptTracker } from './attempt-tracker';
import { withHeartbeats } from './heartbeat';
import { purgeOldEvents } from './purge';
import { finishRecovery, type RecoverBatchInput, resendFailedBatch } from './recover';
import { startEventDeliveries, startOrphanedDeliveries } from './start-deliveries';

export interface ActivityDeps {
  db: Kysely<Database>;
  client: Client;
  pools: OriginPools;
  /** Counts attempts in flight and finished, so a stalled worker is noticed (worker-health.ts). */
  tracker: AttemptTracker;
  logger: Logger;
  defaults: DeliveryDefaults;
  secretBox: SecretBox;
}

/** Activities close over their dependencies; workflows import only the type. */
export function createActivities(deps: ActivityDeps) {
  return {
    attemptDelivery: (input: AttemptDeliveryInput) =>
      deps.tracker.track(() => withHeartbeats(ATTEMPT_HEARTBEAT_TIMEOUT_MS / 3, () => attemptDelivery(deps, input))),
    saveAttempt: (input: UnrecordedAttempt) => saveAttempt(deps, input),
    failDelivery: (input: { deliveryId: string; reason: string }) => failDelivery(deps, input),
    startEventDeliveries: (input: StartEventDeliveriesInput) => startEventDeliveries(deps, input),
    startOrphanedDeliveries: (input: { olderThanMs: number }) => startOrphanedDeliveries(deps, input),
    resendFailedBatch: (input: RecoverBatchInput) => resendFailedBatch(deps, input),
    finishRecovery: (input: { jobId: string; error?: string }) => finishRecovery(deps, input),
    purgeOldEvents: (input: { retentionMs: number; batchSize: number }) => purgeOldEvents(deps, input),
  };
}

export type DeliveryActivities = ReturnType<typeof createActivities>;
