import { heartbeat } from '@temporalio/activity';
import type { ReconcileInput, ReconcileResult } from '../contract';
import { runReconcile } from '../services/reconcile';
import type { StartDeps } from './deps';

/**
 * The `reconcileDeliveries` activity, run by the reconcile Schedule: one pass
 * (services/reconcile.ts), heartbeating as it goes.
 */
export async function reconcileDeliveries(deps: StartDeps, input: ReconcileInput): Promise<ReconcileResult> {
  return runReconcile(deps, input, (soFar) => heartbeat(soFar));
}
