import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import type { Kysely } from 'kysely';
import { predecessorSettledSignal } from '../contract';
import { findSuccessor } from '../db/queries/ordering';
import type { Database } from '../db/schema';

/**
 * Tells the delivery after `deliveryId` in its line that the line may have moved (its
 * predecessor settled, was resent and finished, or was skipped): its workflow asks the
 * line again. A successor whose workflow is not running (not started yet, or closed)
 * needs no signal: it asks the line when it starts.
 */
export async function signalSuccessor(db: Kysely<Database>, client: Client, deliveryId: string): Promise<string | undefined> {
  const successor = await findSuccessor(db, deliveryId);
  if (!successor) return undefined;
  try {
    await client.workflow.getHandle(successor.workflowId).signal(predecessorSettledSignal);
  } catch (error) {
    if (!(error instanceof WorkflowNotFoundError)) throw error;
  }
  return successor.id;
}
