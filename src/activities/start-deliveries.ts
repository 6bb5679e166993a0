import { heartbeat } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import type { Kysely } from 'kysely';
import { type DeliveryToStart, findDeliveriesToStartForEvent, findOrphanedDeliveries } from '../db/queries/deliveries';
import { findEventsAwaitingFanOut } from '../db/queries/events';
import type { Database } from '../db/schema';
import { createDeferredDeliveries } from '../services/create-deliveries';
import type { Logger } from '../lib/logger';
import { type DeliveryDefaults, startDeliveryWorkflows } from '../temporal/start-deliveries';
import type { StartEventDeliveriesInput } from '../workflows/types';

export interface StartDeps {
  db: Kysely<Database>;
  client: Client;
  logger: Logger;
  defaults: DeliveryDefaults;
}

/**
 * Fan-out: writes the deliveries of an event published to many subscribers (when the
 * publish left them to it), then starts the workflow of every delivery still `new`.
 */
export async function startEventDeliveries(deps: StartDeps, input: StartEventDeliveriesInput): Promise<{ started: number }> {
  const { deliveries, started } = await fanOutEvent(deps, input, (done) => heartbeat(done));
  deps.logger.info({ eventId: input.eventId, deliveries, started }, 'fan-out started deliveries');
  return { started };
}

/** The fan-out's steps, shared with the sweeper; each is idempotent. */
async function fanOutEvent(
  deps: StartDeps,
  event: StartEventDeliveriesInput,
  onProgress?: (done: number) => void,
): Promise<{ deliveries: number; started: number }> {
  await createDeferredDeliveries(deps.db, event.tenantId, event.eventId);
  const deliveries = await findDeliveriesToStartForEvent(deps.db, event.tenantId, event.eventId);
  const started = await startDeliveryWorkflows(deps.client, deliveries, deps.defaults, onProgress ? { onProgress } : {});
  return { deliveries: deliveries.length, started };
}

const PAGE = 500;

/**
 * The sweeper: starts workflows for deliveries still `new` with no attempt some time after
 * their creation. Walks the candidates once, in pages, so deliveries whose workflow is
 * running (but waits for a worker) are visited once per sweep, not looped on.
 */
export async function startOrphanedDeliveries(deps: StartDeps, input: { olderThanMs: number }): Promise<{ started: number }> {
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
      started += (await fanOutEvent(deps, event)).started;
      heartbeat(started);
    }
    if (events.length < PAGE) break;
  }
  if (started > 0) deps.logger.warn({ started }, 'sweeper started orphaned deliveries');
  return { started };
}
