import type { Client } from '@temporalio/client';
import type { Kysely, Transaction } from 'kysely';
import { findDeliveriesToStartForEvent, type NewDelivery, insertDeliveries } from '../db/queries/deliveries';
import { findSubscribedEndpoints } from '../db/queries/endpoints';
import type { Database, DeliveryRow, EventRow } from '../db/schema';
import { newId } from '../lib/ids';
import { deliveryWorkflowId, type FanOutInput } from '../contract';
import { type DeliveryDefaults, startDeliveryWorkflows } from '../temporal/deliver';

/** A new delivery's id, and its workflow id, which derives from it. */
export function newDeliveryKey(): { id: string; workflowId: string } {
  const id = newId('dlv');
  return { id, workflowId: deliveryWorkflowId(id) };
}

/** One new delivery row per endpoint of an event. */
export function newDeliveriesFor(
  event: Pick<EventRow, 'tenant_id' | 'id' | 'type' | 'created_at'>,
  endpointIds: readonly string[],
): NewDelivery[] {
  return endpointIds.map((endpointId) => ({
    ...newDeliveryKey(),
    endpointId,
    tenantId: event.tenant_id,
    eventId: event.id,
    eventType: event.type,
    eventCreatedAt: event.created_at,
  }));
}

// 7 parameters a row: 5,000 rows stay well under Postgres's 65,535 bind parameters.
const INSERT_CHUNK = 5_000;

/** Inserts deliveries in chunks, in the caller's transaction. */
export async function insertDeliveriesChunked(trx: Transaction<Database>, deliveries: NewDelivery[]): Promise<DeliveryRow[]> {
  const inserted: DeliveryRow[] = [];
  for (let i = 0; i < deliveries.length; i += INSERT_CHUNK) {
    inserted.push(...(await insertDeliveries(trx, deliveries.slice(i, i + INSERT_CHUNK))));
  }
  return inserted;
}

/**
 * The deferred half of a publish with many subscribers: writes one delivery per
 * endpoint subscribed to the event (and existing when it was published) and clears the
 * event's `fan_out_pending` mark, in one transaction. The event row is locked, so a
 * reconcile-started fan-out racing the original one waits and then finds nothing to do;
 * the (tenant, event, endpoint) key would refuse doubles anyway.
 */
export async function createDeferredDeliveries(db: Kysely<Database>, tenantId: string, eventId: string): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const event = await trx
      .selectFrom('events')
      .select(['tenant_id', 'id', 'type', 'created_at', 'fan_out_pending'])
      .where('tenant_id', '=', tenantId)
      .where('id', '=', eventId)
      .forUpdate()
      .executeTakeFirst();
    if (!event?.fan_out_pending) return 0;
    const endpoints = await findSubscribedEndpoints(trx, tenantId, event.type, { createdAtOrBefore: event.created_at });
    const inserted = await insertDeliveriesChunked(
      trx,
      newDeliveriesFor(
        event,
        endpoints.map((e) => e.id),
      ),
    );
    await trx.updateTable('events').set({ fan_out_pending: false }).where('tenant_id', '=', tenantId).where('id', '=', eventId).execute();
    return inserted.length;
  });
}

/**
 * The fan-out's steps, for the fan-out activity and reconcile: write the deliveries the
 * publish left to the fan-out, then start the workflow of every delivery still `new`.
 * Each step is idempotent, so a retried or repeated fan-out does nothing twice.
 */
export async function runFanOut(
  deps: { db: Kysely<Database>; client: Client; defaults: DeliveryDefaults },
  event: FanOutInput,
  onProgress?: (done: number) => void,
): Promise<{ deliveries: number; started: number }> {
  await createDeferredDeliveries(deps.db, event.tenantId, event.eventId);
  const deliveries = await findDeliveriesToStartForEvent(deps.db, event.tenantId, event.eventId);
  const started = await startDeliveryWorkflows(deps.client, deliveries, deps.defaults, onProgress ? { onProgress } : {});
  return { deliveries: deliveries.length, started };
}
