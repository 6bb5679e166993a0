import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database, DeliveryRow, DeliveryStatus, FifoOnFailure } from '../schema';

/**
 * Ordered delivery's lines (migration 0016): one per `fifo` endpoint and ordering key.
 * Each delivery takes its place in the publish transaction; its workflow then asks, by
 * the delivery before it, whether it may go.
 */

/** The line a delivery joins: events without an ordering key share the endpoint's default line (''). */
export interface LineJoin {
  deliveryId: string;
  endpointId: string;
  orderingKey: string;
}

export interface LinePlaceRow {
  seq: number;
  predecessorId: string | null;
}

/**
 * Gives each delivery the next place in its line: one upsert per line, which holds the
 * line's row until the transaction commits, so concurrent publishes to one line take
 * distinct, gap-free numbers in commit order. Lines are taken in a fixed order (endpoint,
 * key), so two publishes to the same lines cannot deadlock.
 */
export async function takeLinePlaces(trx: Transaction<Database>, joins: readonly LineJoin[]): Promise<Map<string, LinePlaceRow>> {
  const places = new Map<string, LinePlaceRow>();
  const sorted = [...joins].sort((a, b) => a.endpointId.localeCompare(b.endpointId) || a.orderingKey.localeCompare(b.orderingKey));
  for (const join of sorted) {
    const row = await trx
      .insertInto('ordering_lines')
      .values({ endpoint_id: join.endpointId, ordering_key: join.orderingKey, last_seq: 1, last_delivery_id: join.deliveryId })
      .onConflict((oc) =>
        oc.columns(['endpoint_id', 'ordering_key']).doUpdateSet({
          // Every right-hand side reads the row as it was: the previous last is this one's predecessor.
          last_seq: sql<number>`ordering_lines.last_seq + 1`,
          prev_delivery_id: sql<string>`ordering_lines.last_delivery_id`,
          last_delivery_id: join.deliveryId,
        }),
      )
      .returning(['last_seq', 'prev_delivery_id'])
      .executeTakeFirstOrThrow();
    places.set(join.deliveryId, { seq: Number(row.last_seq), predecessorId: row.last_seq === 1 ? null : row.prev_delivery_id });
  }
  return places;
}

export interface LineState {
  /** The asking delivery's own status (failed in bulk when its endpoint was disabled or deleted). */
  ownStatus: DeliveryStatus;
  /** The delivery before it; undefined when there is none or it is gone (purged). */
  predecessor: { id: string; status: DeliveryStatus; released: boolean } | undefined;
  fifoOnFailure: FifoOnFailure;
}

/** A delivery of a line, its predecessor and its endpoint's failure rule, in one read. */
export async function findLineState(db: Kysely<Database>, deliveryId: string): Promise<LineState | undefined> {
  const row = await db
    .selectFrom('deliveries as d')
    .innerJoin('endpoints as ep', 'ep.id', 'd.endpoint_id')
    .leftJoin('deliveries as p', 'p.id', 'd.predecessor_id')
    .select([
      'd.status as ownStatus',
      'ep.fifo_on_failure as fifoOnFailure',
      'p.id as pId',
      'p.status as pStatus',
      'p.line_released_at as pReleasedAt',
    ])
    .where('d.id', '=', deliveryId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    ownStatus: row.ownStatus,
    fifoOnFailure: row.fifoOnFailure,
    predecessor: row.pId === null ? undefined : { id: row.pId, status: row.pStatus as DeliveryStatus, released: row.pReleasedAt !== null },
  };
}

/** Shows that a still-waiting delivery waits for the one before it (GET shows `waitingFor: predecessor`). */
export async function markWaitingForPredecessor(db: Kysely<Database>, deliveryId: string): Promise<void> {
  await db
    .updateTable('deliveries')
    .set({ waiting_for: 'predecessor', next_attempt_at: null, updated_at: sql<Date>`now()` })
    .where('id', '=', deliveryId)
    .where('status', 'in', ['new', 'retrying'])
    .where((eb) => eb.or([eb('waiting_for', 'is', null), eb('waiting_for', '!=', 'predecessor')]))
    .execute();
}

/** Its turn has come: it no longer waits for the one before it. */
export async function clearPredecessorWait(db: Kysely<Database>, deliveryId: string): Promise<void> {
  await db
    .updateTable('deliveries')
    .set({ waiting_for: null, updated_at: sql<Date>`now()` })
    .where('id', '=', deliveryId)
    .where('waiting_for', '=', 'predecessor')
    .execute();
}

/** The delivery after this one in its line, if any, with whether it was ever attempted. */
export async function findSuccessor(
  db: Kysely<Database>,
  deliveryId: string,
): Promise<Pick<DeliveryRow, 'id' | 'tenant_id' | 'workflow_id' | 'status' | 'attempt_count'> | undefined> {
  return db
    .selectFrom('deliveries')
    .select(['id', 'tenant_id', 'workflow_id', 'status', 'attempt_count'])
    .where('predecessor_id', '=', deliveryId)
    .executeTakeFirst();
}

/**
 * Lets the line pass a delivery that failed for good (`fifoOnFailure: block`). Returns
 * the delivery as it now stands, or undefined when it is not a failed delivery of a line.
 */
export async function releaseFailedDelivery(db: Kysely<Database>, tenantId: string, deliveryId: string): Promise<DeliveryRow | undefined> {
  return db
    .updateTable('deliveries')
    .set({ line_released_at: sql<Date>`coalesce(line_released_at, now())`, updated_at: sql<Date>`now()` })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', deliveryId)
    .where('status', '=', 'failed')
    .where('ordering_seq', 'is not', null)
    .returningAll()
    .executeTakeFirst();
}
