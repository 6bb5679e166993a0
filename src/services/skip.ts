import type { Client } from '@temporalio/client';
import type { Kysely } from 'kysely';
import { findDelivery } from '../db/queries/deliveries';
import { releaseFailedDelivery } from '../db/queries/ordering';
import type { Database, DeliveryRow } from '../db/schema';
import type { DeliveryDefaults } from '../temporal/deliver';
import { signalSuccessor } from '../temporal/line';

export type SkipOutcome =
  | { kind: 'skipped'; delivery: DeliveryRow; successorId: string | undefined }
  | { kind: 'not_found' }
  | { kind: 'not_skippable'; reason: string };

/**
 * Lets a `fifo` line go past a delivery that failed for good (an endpoint with
 * `fifoOnFailure: "block"`): the delivery stays failed, and the one after it is told
 * that its turn has come. Skipping twice changes nothing.
 */
export async function skipDelivery(
  ctx: { db: Kysely<Database>; temporal: Client; deliveryDefaults: DeliveryDefaults },
  tenantId: string,
  deliveryId: string,
): Promise<SkipOutcome> {
  const delivery = await findDelivery(ctx.db, tenantId, deliveryId);
  if (!delivery) return { kind: 'not_found' };
  if (delivery.ordering_seq === null)
    return { kind: 'not_skippable', reason: "it is not in a line (its endpoint's ordering was not fifo)" };
  if (delivery.status !== 'failed') {
    return { kind: 'not_skippable', reason: `only a delivery that failed for good can be skipped; this one is ${delivery.status}` };
  }
  const skipped = await releaseFailedDelivery(ctx.db, tenantId, deliveryId);
  // Resent meanwhile: it is no longer a failed delivery.
  if (!skipped) return { kind: 'not_skippable', reason: 'only a delivery that failed for good can be skipped; this one was just resent' };
  const successorId = await signalSuccessor({ db: ctx.db, client: ctx.temporal, defaults: ctx.deliveryDefaults }, deliveryId);
  return { kind: 'skipped', delivery: skipped, successorId };
}
