import { type ExpressionBuilder, type Kysely, sql } from 'kysely';
import type { Position } from '../../lib/cursor';
import type { Database, DeliveryRow, DeliveryStatus, EventRow } from '../schema';
import { positionOf } from './position';

/**
 * The event log's list queries. All are keyset-paginated newest first on
 * (created_at, id) and served by an index (see migration 0002, and docs/performance.md,
 * Event log at scale, for their timings; scripts/explain-event-log.ts prints their plans).
 */

/** `order.created` matches exactly; `order.*` matches every type starting with `order.`; `*` matches all. */
export type TypeFilter = { exact: string } | { prefix: string };

export function parseTypeFilter(filter: string | undefined): TypeFilter | undefined {
  if (!filter || filter === '*') return undefined;
  return filter.endsWith('.*') ? { prefix: filter.slice(0, -1) } : { exact: filter };
}

export interface EventFilters {
  type?: TypeFilter | undefined;
  status?: DeliveryStatus | undefined;
  endpointId?: string | undefined;
  since?: Date | undefined;
  until?: Date | undefined;
  test?: boolean | undefined;
}

export type EventWithPosition = EventRow & { position: string };

/**
 * Events of a tenant, newest first. Without a delivery filter the events index is
 * walked; with `status` or `endpointId` the deliveries index is walked instead (a
 * delivery's created_at is its event's), taking each event once.
 */
export async function listEvents(
  db: Kysely<Database>,
  tenantId: string,
  filters: EventFilters,
  page: { limit: number; after?: Position | undefined },
): Promise<EventWithPosition[]> {
  if (filters.status === undefined && filters.endpointId === undefined) {
    let query = db
      .selectFrom('events')
      .selectAll()
      .select(positionOf('events.created_at').as('position'))
      .where('tenant_id', '=', tenantId);
    const type = filters.type;
    if (type && 'exact' in type) query = query.where('type', '=', type.exact);
    if (type && 'prefix' in type) query = query.where(sql<boolean>`starts_with(type, ${type.prefix})`);
    if (filters.test !== undefined) query = query.where('test', '=', filters.test);
    if (filters.since) query = query.where('created_at', '>=', filters.since);
    if (filters.until) query = query.where('created_at', '<', filters.until);
    if (page.after) query = query.where(sql<boolean>`(created_at, id) < (${page.after.createdAt}::timestamptz, ${page.after.id})`);
    return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(page.limit).execute();
  }

  let matching = db.selectFrom('deliveries as d').select(['d.created_at', 'd.event_id']).distinct().where('d.tenant_id', '=', tenantId);
  if (filters.status !== undefined) matching = matching.where('d.status', '=', filters.status);
  if (filters.endpointId !== undefined) matching = matching.where('d.endpoint_id', '=', filters.endpointId);
  const type = filters.type;
  if (type && 'exact' in type) matching = matching.where('d.event_type', '=', type.exact);
  if (type && 'prefix' in type) matching = matching.where(sql<boolean>`starts_with(d.event_type, ${type.prefix})`);
  if (filters.since) matching = matching.where('d.created_at', '>=', filters.since);
  if (filters.until) matching = matching.where('d.created_at', '<', filters.until);
  if (filters.test !== undefined) {
    const test = filters.test;
    matching = matching.where((eb) =>
      eb.exists(
        eb
          .selectFrom('events as t')
          .select(sql`1`.as('one'))
          .where('t.tenant_id', '=', tenantId)
          .whereRef('t.id', '=', 'd.event_id')
          .where('t.test', '=', test),
      ),
    );
  }
  if (page.after) {
    matching = matching.where(sql<boolean>`(d.created_at, d.event_id) < (${page.after.createdAt}::timestamptz, ${page.after.id})`);
  }
  const pageOfIds = matching.orderBy('d.created_at', 'desc').orderBy('d.event_id', 'desc').limit(page.limit);

  return db
    .selectFrom(pageOfIds.as('p'))
    .innerJoin('events', (join) => join.on('events.tenant_id', '=', tenantId).onRef('events.id', '=', 'p.event_id'))
    .selectAll('events')
    .select(positionOf('events.created_at').as('position'))
    .orderBy('p.created_at', 'desc')
    .orderBy('p.event_id', 'desc')
    .execute();
}

export type StatusCounts = Record<DeliveryStatus, number>;

/** Per-status counts of the deliveries of each event on a page. */
export async function countDeliveriesByStatus(
  db: Kysely<Database>,
  tenantId: string,
  eventIds: string[],
): Promise<Map<string, StatusCounts>> {
  const counts = new Map<string, StatusCounts>(eventIds.map((id) => [id, { new: 0, retrying: 0, finished: 0, failed: 0 }]));
  if (eventIds.length === 0) return counts;
  const rows = await db
    .selectFrom('deliveries')
    .select(['event_id', 'status', (eb) => eb.fn.countAll<number>().as('count')])
    .where('tenant_id', '=', tenantId)
    .where('event_id', 'in', eventIds)
    .groupBy(['event_id', 'status'])
    .execute();
  for (const row of rows) counts.get(row.event_id)![row.status] = Number(row.count);
  return counts;
}

export interface DeliveryFilters {
  status?: DeliveryStatus | undefined;
  endpointId?: string | undefined;
  eventType?: TypeFilter | undefined;
  since?: Date | undefined;
  until?: Date | undefined;
}

export type DeliveryWithPosition = DeliveryRow & { position: string };

export async function listDeliveries(
  db: Kysely<Database>,
  tenantId: string,
  filters: DeliveryFilters,
  page: { limit: number; after?: Position | undefined },
): Promise<DeliveryWithPosition[]> {
  let query = db
    .selectFrom('deliveries')
    .selectAll()
    .select(positionOf('deliveries.created_at').as('position'))
    .where('tenant_id', '=', tenantId);
  if (filters.status !== undefined) query = query.where('status', '=', filters.status);
  if (filters.endpointId !== undefined) query = query.where('endpoint_id', '=', filters.endpointId);
  const type = filters.eventType;
  if (type && 'exact' in type) query = query.where('event_type', '=', type.exact);
  if (type && 'prefix' in type) query = query.where(sql<boolean>`starts_with(event_type, ${type.prefix})`);
  if (filters.since) query = query.where('created_at', '>=', filters.since);
  if (filters.until) query = query.where('created_at', '<', filters.until);
  if (page.after) query = query.where(sql<boolean>`(created_at, id) < (${page.after.createdAt}::timestamptz, ${page.after.id})`);
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(page.limit).execute();
}

export interface EndpointStats {
  attempts: number;
  successes: number;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  lastSuccessAt: Date | null;
  lastFailureAt: Date | null;
}

const isSuccess = (eb: ExpressionBuilder<Database, 'attempts'>) => eb.and([eb('status_code', '>=', 200), eb('status_code', '<', 300)]);

/** Attempts to an endpoint within a window, and its last success and failure at any time. */
export async function endpointStats(db: Kysely<Database>, endpointId: string, windowMs: number): Promise<EndpointStats> {
  const since = sql<Date>`now() - make_interval(secs => ${windowMs / 1000})`;
  const inWindow = await db
    .selectFrom('attempts')
    .select((eb) => [
      eb.fn.countAll<number>().as('attempts'),
      sql<number>`count(*) filter (where status_code between 200 and 299)`.as('successes'),
      sql<number | null>`percentile_cont(0.5) within group (order by duration_ms)`.as('p50'),
      sql<number | null>`percentile_cont(0.95) within group (order by duration_ms)`.as('p95'),
    ])
    .where('endpoint_id', '=', endpointId)
    .where('started_at', '>=', since)
    .executeTakeFirstOrThrow();
  const last = (success: boolean) =>
    db
      .selectFrom('attempts')
      .select('started_at')
      .where('endpoint_id', '=', endpointId)
      .where((eb) => (success ? isSuccess(eb) : eb.not(isSuccess(eb)).or('status_code', 'is', null)))
      .orderBy('started_at', 'desc')
      .limit(1)
      .executeTakeFirst();
  const [lastSuccess, lastFailure] = await Promise.all([last(true), last(false)]);
  return {
    attempts: Number(inWindow.attempts),
    successes: Number(inWindow.successes),
    latencyP50Ms: inWindow.p50 === null ? null : Number(inWindow.p50),
    latencyP95Ms: inWindow.p95 === null ? null : Number(inWindow.p95),
    lastSuccessAt: lastSuccess?.started_at ?? null,
    lastFailureAt: lastFailure?.started_at ?? null,
  };
}
