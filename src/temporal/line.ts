import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import type { Kysely } from 'kysely';
import { predecessorSettledSignal } from '../contract';
import { findDeliveryToStart } from '../db/queries/deliveries';
import { findSuccessor } from '../db/queries/ordering';
import type { Database } from '../db/schema';
import { type DeliveryDefaults, startDeliveryWorkflow } from './deliver';

/**
 * Tells the delivery after `deliveryId` in its line that the line may have moved (its
 * predecessor settled, was resent and finished, or was skipped): its workflow asks the
 * line again. A successor that is still waiting but has no workflow (its publish has not
 * started it yet, or Temporal lost it) is started: it asks the line when it starts. So a
 * line heals itself from its head; reconcile's Schedule need not look at waiting deliveries.
 */
export async function signalSuccessor(
  deps: { db: Kysely<Database>; client: Client; defaults: DeliveryDefaults },
  deliveryId: string,
): Promise<string | undefined> {
  const successor = await findSuccessor(deps.db, deliveryId);
  if (!successor) return undefined;
  try {
    await deps.client.workflow.getHandle(successor.workflow_id).signal(predecessorSettledSignal);
  } catch (error) {
    if (!(error instanceof WorkflowNotFoundError)) throw error;
    // Closed (settled) or missing: only a never-attempted, still-open successor needs a start.
    if (successor.status === 'new' && successor.attempt_count === 0) {
      const toStart = await findDeliveryToStart(deps.db, successor.tenant_id, successor.id);
      if (toStart) await startDeliveryWorkflow(deps.client, toStart, deps.defaults);
    }
  }
  return successor.id;
}
