import { heartbeat } from '@temporalio/activity';
import type { SweepInput, SweepResult } from '../contract';
import type { DeliveryToStart } from '../db/queries/deliveries';
import { findEventsAwaitingFanOut, findOrphanedDeliveries } from '../db/queries/sweep';
import { runFanOut } from '../services/fan-out';
import { startDeliveryWorkflows } from '../temporal/deliver';
import type { StartDeps } from './deps';

const PAGE = 500;

/**
 * The sweeper: starts workflows for deliveries still `new` with no attempt some time after
 * their creation. Walks the candidates once, in pages, so deliveries whose workflow is
 * running (but waits for a worker) are visited once per sweep, not looped on.
 */
export async function sweepOrphanedDeliveries(deps: StartDeps, input: SweepInput): Promise<SweepResult> {
  let started = 0;
  let after: { createdAt: Date; id: string } | undefined;
  for (;;) {
    const page = await findOrphanedDeliveries(deps.db, { olderThanMs: input.olderThanMs, limit: PAGE, after });
    const deliveries: DeliveryToStart[] = page.map(({ createdAt: _createdAt, ...rest }) => rest);
    started += await startDeliveryWorkflows(deps.client, deliveries, deps.defaults);
    heartbeat(started);
    const last = page[page.length - 1];
    if (!last || page.length < PAGE) break;
    after = { createdAt: last.createdAt, id: last.deliveryId };
  }
  // Events whose fan-out never started (the publish died after its commit).
  for (;;) {
    const events = await findEventsAwaitingFanOut(deps.db, { olderThanMs: input.olderThanMs, limit: PAGE });
    for (const event of events) {
      // Run here rather than in a fan-out workflow: the sweep must make progress even if
      // such a workflow already ran and failed.
      started += (await runFanOut(deps, event)).started;
      heartbeat(started);
    }
    if (events.length < PAGE) break;
  }
  if (started > 0) deps.logger.warn({ started }, 'sweeper started orphaned deliveries');
  return { started };
}
