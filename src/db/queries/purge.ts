import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema';

export interface PurgeCounts {
  events: number;
  deliveries: number;
  attempts: number;
}

/**
 * Deletes one batch of events created before `cutoff`, with their deliveries and
 * attempts, oldest first (walking events_created_idx). An event with a delivery still
 * `new` or `retrying` is never touched: its delivery is in flight. Nor is one whose
 * fan-out has not yet written its deliveries.
 */
export async function purgeEventsBatch(db: Kysely<Database>, cutoff: Date, batchSize: number): Promise<PurgeCounts> {
  const result = await sql<{ events: number; deliveries: number; attempts: number }>`
    with doomed as (
      select e.tenant_id, e.id
      from events e
      where e.created_at < ${cutoff}
        and not e.fan_out_pending
        and not exists (
          select 1 from deliveries d
          where d.tenant_id = e.tenant_id and d.event_id = e.id and d.status in ('new', 'retrying')
        )
      order by e.created_at
      limit ${batchSize}
      for update of e skip locked
    ),
    doomed_deliveries as (
      select d.id from deliveries d join doomed on d.tenant_id = doomed.tenant_id and d.event_id = doomed.id
    ),
    deleted_attempts as (
      delete from attempts a using doomed_deliveries dd where a.delivery_id = dd.id returning 1
    ),
    deleted_deliveries as (
      delete from deliveries d using doomed_deliveries dd where d.id = dd.id returning 1
    ),
    deleted_events as (
      delete from events e using doomed where e.tenant_id = doomed.tenant_id and e.id = doomed.id returning 1
    )
    select (select count(*) from deleted_events)::int as events,
           (select count(*) from deleted_deliveries)::int as deliveries,
           (select count(*) from deleted_attempts)::int as attempts`.execute(db);
  const row = result.rows[0];
  return { events: Number(row?.events ?? 0), deliveries: Number(row?.deliveries ?? 0), attempts: Number(row?.attempts ?? 0) };
}
