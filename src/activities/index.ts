import type { HookflowActivities } from '../contract';
import { attemptDelivery } from './deliver';
import { failDelivery, saveAttempt } from './deliver-record';
import type { ActivityDeps } from './deps';
import { fanOutEvent } from './fan-out';
import { askLine, notifySuccessor } from './ordering';
import { purgeEvents } from './purge';
import { reconcileDeliveries } from './reconcile';
import { finishRecovery, recoverBatch } from './recover';

export type { ActivityDeps } from './deps';

/** The worker's activities (the contract's HookflowActivities), closed over their dependencies; one file per flow. */
export function createActivities(deps: ActivityDeps): HookflowActivities {
  return {
    // A local activity: the SDK keeps its workflow task alive while it runs (no heartbeats of its own).
    attemptDelivery: (input) => deps.tracker.track(() => attemptDelivery(deps, input)),
    saveAttempt: (input) => saveAttempt(deps, input),
    failDelivery: (input) => failDelivery(deps, input),
    askLine: (input) => askLine(deps, input),
    notifySuccessor: (input) => notifySuccessor(deps, input),
    fanOutEvent: (input) => fanOutEvent(deps, input),
    reconcileDeliveries: (input) => reconcileDeliveries(deps, input),
    recoverBatch: (input) => recoverBatch(deps, input),
    finishRecovery: (input) => finishRecovery(deps, input),
    purgeEvents: (input) => purgeEvents(deps, input),
  };
}
