import type { Client } from '@temporalio/client';
import type { Kysely } from 'kysely';
import type { ReconcileInput, ReconcileResult } from '../contract';
import { type DeliveryToReconcile, findDeliveriesToReconcile, findEventsAwaitingFanOut } from '../db/queries/reconcile';
import type { Database } from '../db/schema';
import type { Logger } from '../lib/logger';
import { type DeliveryDefaults, type DeliveryProgress, startDeliveryWorkflow, workflowExists } from '../temporal/deliver';
import { forEachConcurrently } from '../lib/concurrency';
import { runFanOut } from './fan-out';

const PAGE = 500;
/** Workflow look-ups (and restarts) in flight at once. */
const CONCURRENCY = 16;

export interface ReconcileDeps {
  db: Kysely<Database>;
  client: Client;
  logger: Logger;
  defaults: DeliveryDefaults;
}

/** Where PostgreSQL says a delivery stands: its restarted workflow goes on from there. */
export function progressOf(delivery: DeliveryToReconcile): DeliveryProgress {
  return {
    status: delivery.status,
    attemptsSoFar: delivery.attemptCount,
    retriesSoFar: delivery.scheduledAttempts,
    // A flow-control hold is not kept: the restarted workflow asks the gate again.
    notBefore: delivery.waitingFor === 'retry' && delivery.nextAttemptAt ? delivery.nextAttemptAt.getTime() : undefined,
  };
}

/**
 * One reconcile pass (the Schedule's activity and `npm run reconcile`). PostgreSQL is the
 * record; Temporal holds the timers. Every delivery still `new` or `retrying` in `scope`
 * is looked up in Temporal by its workflow id; one that Temporal does not know (never
 * started, or lost with Temporal's database) is started again from PostgreSQL's state:
 * attempt numbers go on, the schedule goes on where it was, and a pending retry keeps its
 * `next_attempt_at`. A workflow that exists, running or closed, is left alone, and a start
 * that races another (a resend, a fan-out) is a no-op: the workflow id deduplicates.
 * Then events whose fan-out never ran are fanned out.
 */
export async function runReconcile(
  deps: ReconcileDeps,
  input: ReconcileInput,
  onProgress: (soFar: ReconcileResult) => void = () => undefined,
): Promise<ReconcileResult> {
  const result: ReconcileResult = { checked: 0, restarted: 0, fannedOut: 0 };
  let after: { createdAt: Date; id: string } | undefined;
  for (;;) {
    const page = await findDeliveriesToReconcile(deps.db, { ...input, limit: PAGE, after });
    await forEachConcurrently(page, CONCURRENCY, async (delivery) => {
      const exists = await workflowExists(deps.client, delivery.workflowId);
      result.checked++;
      if (!exists && (await startDeliveryWorkflow(deps.client, delivery, deps.defaults, { progress: progressOf(delivery) }))) {
        result.restarted++;
        deps.logger.warn(
          { deliveryId: delivery.deliveryId, status: delivery.status, attempts: delivery.attemptCount, notBefore: delivery.nextAttemptAt },
          'reconcile restarted a delivery whose workflow was missing',
        );
      }
      onProgress(result);
    });
    const last = page.at(-1);
    if (!last || page.length < PAGE) break;
    after = { createdAt: last.createdAt, id: last.deliveryId };
  }
  // Events whose fan-out never started (the publish died after its commit).
  for (;;) {
    const events = await findEventsAwaitingFanOut(deps.db, { olderThanMs: input.olderThanMs, limit: PAGE });
    for (const event of events) {
      // Run here rather than in a fan-out workflow: the pass must make progress even if
      // such a workflow already ran and failed.
      result.fannedOut += (await runFanOut(deps, event)).started;
      onProgress(result);
    }
    if (events.length < PAGE) break;
  }
  if (result.restarted > 0 || result.fannedOut > 0)
    deps.logger.warn({ ...result, scope: input.scope }, 'reconcile started missing workflows');
  return result;
}
