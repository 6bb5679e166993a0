import type { Kysely } from 'kysely';
import { failPendingDeliveriesOfEndpoint } from '../db/queries/deliveries';
import { disableEndpoint, softDeleteEndpoint } from '../db/queries/endpoints';
import type { Database } from '../db/schema';

/**
 * An endpoint that stops receiving (deleted, disabled by its owner, or by a 410 Gone)
 * takes its waiting deliveries with it, in the same transaction: they end `failed`
 * with the reason, at once, rather than at their next retry hours later.
 */
export async function disableEndpointAndFailPending(db: Kysely<Database>, endpointId: string, reason: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const disabled = await disableEndpoint(trx, endpointId, reason);
    await failPendingDeliveriesOfEndpoint(trx, endpointId, `endpoint disabled: ${reason}`);
    return disabled;
  });
}

export async function deleteEndpointAndFailPending(db: Kysely<Database>, tenantId: string, endpointId: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const deleted = await softDeleteEndpoint(trx, tenantId, endpointId);
    if (deleted) await failPendingDeliveriesOfEndpoint(trx, endpointId, 'endpoint deleted');
    return deleted;
  });
}
