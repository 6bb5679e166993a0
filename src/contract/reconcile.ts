/**
 * The reconcile flow's contract. PostgreSQL is the record of every delivery; Temporal holds
 * its timers. A pass finds deliveries still `new` or `retrying` whose workflow does not
 * exist (never started: a crash between commit and start; or lost: a wiped or restored
 * Temporal database, a fresh cluster) and starts them again from PostgreSQL's state.
 */

/** The workflow type, run by the `reconcile-deliveries` Schedule (id: reconcileScheduleId). */
export const RECONCILE_WORKFLOW = 'reconcileDeliveriesWorkflow';
export type ReconcileDeliveriesWorkflow = (input: ReconcileInput) => Promise<ReconcileResult>;

/**
 * Which deliveries a pass looks up in Temporal.
 * `due`: those whose workflow should have acted by now — never attempted and created, or
 * due (`next_attempt_at`), more than `olderThanMs` ago. A live workflow moves a due
 * delivery on within seconds, so this set is small unless something is wrong, and a lost
 * timer is found at most `olderThanMs` (plus the Schedule's interval) after it was due.
 * `all`: every `new` or `retrying` delivery created more than `olderThanMs` ago, whenever
 * it is due (`npm run reconcile`, after a known loss: waits resume at their recorded times).
 */
export type ReconcileScope = 'due' | 'all';

export interface ReconcileInput {
  olderThanMs: number;
  scope: ReconcileScope;
}

export interface ReconcileResult {
  /** Deliveries whose workflow was looked up. */
  checked: number;
  /** Of those, the ones with no workflow in Temporal, started again from PostgreSQL's state. */
  restarted: number;
  /** Delivery workflows started by fan-outs that never ran (events left `fan_out_pending`). */
  fannedOut: number;
}
