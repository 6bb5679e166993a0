import { type Kysely, sql } from 'kysely';
import type { Database, EndpointRow, EndpointUpdate, NewEndpointRow } from '../schema';

export async function insertEndpoint(db: Kysely<Database>, endpoint: NewEndpointRow): Promise<EndpointRow> {
  return db.insertInto('endpoints').values(endpoint).returningAll().executeTakeFirstOrThrow();
}

/** A live (not deleted) endpoint of this tenant. */
export async function findEndpoint(
  db: Kysely<Database>,
  tenantId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<EndpointRow | undefined> {
  let query = db.selectFrom('endpoints').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).where('deleted_at', 'is', null);
  // In a transaction: holds the row until it ends, so read-modify-writes of it serialise.
  if (options.forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

/** An endpoint by id whether deleted or not: deliveries need to know which. */
export async function findEndpointById(db: Kysely<Database>, id: string): Promise<EndpointRow | undefined> {
  return db.selectFrom('endpoints').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listEndpoints(
  db: Kysely<Database>,
  tenantId: string,
  options: { limit: number; after?: string | undefined },
): Promise<EndpointRow[]> {
  let query = db
    .selectFrom('endpoints')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('deleted_at', 'is', null)
    .orderBy('id')
    .limit(options.limit);
  if (options.after) query = query.where('id', '>', options.after);
  return query.execute();
}

export async function countLiveEndpoints(db: Kysely<Database>, tenantId: string): Promise<number> {
  const row = await db
    .selectFrom('endpoints')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('tenant_id', '=', tenantId)
    .where('deleted_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function updateEndpoint(
  db: Kysely<Database>,
  tenantId: string,
  id: string,
  changes: EndpointUpdate,
): Promise<EndpointRow | undefined> {
  return db
    .updateTable('endpoints')
    .set({ ...changes, updated_at: sql<Date>`now()` })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

export async function softDeleteEndpoint(db: Kysely<Database>, tenantId: string, id: string): Promise<boolean> {
  const result = await db
    .updateTable('endpoints')
    .set({ deleted_at: sql<Date>`now()`, enabled: false, disabled_reason: 'deleted', updated_at: sql<Date>`now()` })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Disables an enabled endpoint for a reason a user can read (410 Gone, auto-disable, ...).
 * True when this call disabled it: only that caller reports it (one notice per disable).
 */
export async function disableEndpoint(db: Kysely<Database>, id: string, reason: string): Promise<boolean> {
  const result = await db
    .updateTable('endpoints')
    .set({ enabled: false, disabled_reason: reason, updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .where('enabled', '=', true)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** What a publish or a fan-out needs of a subscribed endpoint to start its delivery. */
export const SUBSCRIBER_COLUMNS = ['id', 'url', 'retry_schedule_ms', 'timeout_ms', 'ordering'] as const;
export type SubscribedEndpoint = Pick<EndpointRow, (typeof SUBSCRIBER_COLUMNS)[number]>;

/**
 * An endpoint is live (enabled, not deleted) and its filters match `type`: exact,
 * `prefix.*` (matching any type that starts with `prefix.`) or `*`. Mirrors
 * `matchesEventType`.
 */
export function liveSubscriberOf(type: string) {
  return sql<boolean>`deleted_at is null and enabled and exists (
    select 1 from unnest(event_types) as f(filter)
    where f.filter = '*'
       or f.filter = ${type}
       or (right(f.filter, 2) = '.*' and starts_with(${type}, left(f.filter, -1)))
  )`;
}

/** A tenant's live endpoints subscribed to `type` (liveSubscriberOf), by id. */
export async function findSubscribedEndpoints(
  db: Kysely<Database>,
  tenantId: string,
  type: string,
  options: {
    /** At most this many (the publish only needs to know whether there are more than it starts itself). */
    limit?: number;
    /** Only endpoints that existed then (a deferred fan-out resolves the subscribers of its event's time). */
    createdAtOrBefore?: Date;
    /** Only `fifo` endpoints (a deferred publish writes their deliveries itself, in publish order). */
    fifoOnly?: boolean;
  } = {},
): Promise<SubscribedEndpoint[]> {
  let query = db
    .selectFrom('endpoints')
    .select(SUBSCRIBER_COLUMNS)
    .where('tenant_id', '=', tenantId)
    .where(liveSubscriberOf(type))
    .orderBy('id');
  if (options.createdAtOrBefore) query = query.where('created_at', '<=', options.createdAtOrBefore);
  if (options.fifoOnly) query = query.where('ordering', '=', 'fifo');
  if (options.limit !== undefined) query = query.limit(options.limit);
  return query.execute();
}
