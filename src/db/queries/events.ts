import { type Kysely, type Transaction } from 'kysely';
import type { Database, EventRow } from '../schema';

/**
 * Inserts an event unless one with the same id or idempotency key exists for the tenant.
 * Returns the new row, or undefined when it already existed (the caller then reads it).
 */
export async function insertEventIfNew(
  trx: Transaction<Database>,
  event: {
    tenantId: string;
    id: string;
    type: string;
    /** Minified JSON text (a `RawJson`'s text). */
    data: string;
    idempotencyKey: string | null;
    test: boolean;
    /** Its deliveries are left to the fan-out workflow (many subscribers). */
    fanOutPending?: boolean;
    /** The publisher's ordering key (for `fifo` endpoints). */
    orderingKey?: string | null;
  },
): Promise<EventRow | undefined> {
  return trx
    .insertInto('events')
    .values({
      tenant_id: event.tenantId,
      id: event.id,
      type: event.type,
      data: event.data,
      idempotency_key: event.idempotencyKey,
      test: event.test,
      fan_out_pending: event.fanOutPending ?? false,
      ordering_key: event.orderingKey ?? null,
    })
    .onConflict((oc) => oc.doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function findEvent(db: Kysely<Database>, tenantId: string, id: string): Promise<EventRow | undefined> {
  return db.selectFrom('events').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

export async function findEventByIdempotencyKey(db: Kysely<Database>, tenantId: string, key: string): Promise<EventRow | undefined> {
  return db.selectFrom('events').selectAll().where('tenant_id', '=', tenantId).where('idempotency_key', '=', key).executeTakeFirst();
}
