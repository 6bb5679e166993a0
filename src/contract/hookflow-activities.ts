import type { AttemptDeliveryInput, AttemptResult, UnrecordedAttempt } from './deliver';
import type { FanOutInput, FanOutResult } from './fan-out';
import type { LineAnswer } from './ordering';
import type { PurgeInput, PurgeResult } from './purge';
import type { RecoverBatchInput, RecoverBatchResult } from './recover';
import type { ReconcileInput, ReconcileResult } from './reconcile';

/**
 * Every activity the worker registers, by flow. Workflows call them through
 * `proxyActivities<HookflowActivities>`; `createActivities(deps)` implements this interface.
 */
export interface HookflowActivities {
  // deliver
  attemptDelivery(input: AttemptDeliveryInput): Promise<AttemptResult>;
  saveAttempt(input: UnrecordedAttempt): Promise<void>;
  failDelivery(input: { deliveryId: string; reason: string }): Promise<void>;
  /** Ordered delivery: may this delivery go, or whom does it wait for (and it is marked waiting)? */
  askLine(input: { deliveryId: string }): Promise<LineAnswer>;
  /** Ordered delivery: this delivery settled; the one after it, if its workflow runs, is told. */
  notifySuccessor(input: { deliveryId: string }): Promise<void>;
  // fan-out
  fanOutEvent(input: FanOutInput): Promise<FanOutResult>;
  // reconcile
  reconcileDeliveries(input: ReconcileInput): Promise<ReconcileResult>;
  // recover
  recoverBatch(input: RecoverBatchInput): Promise<RecoverBatchResult>;
  finishRecovery(input: { jobId: string; error?: string }): Promise<void>;
  // purge
  purgeEvents(input: PurgeInput): Promise<PurgeResult>;
}
