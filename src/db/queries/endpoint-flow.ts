import { type Kysely, sql } from 'kysely';
import type { FlowUpdate } from '../../contract';
import type { Database, DeliveryWaitReason } from '../schema';

/**
 * The endpoint flow state every worker shares (see delivery/gate.ts): send slots, pauses,
 * in-flight leases. Each step is one atomic statement, so the limits hold across worker
 * processes without a lock held between statements.
 */

/**
 * Reserves the endpoint's next send slot: `next_send_at = greatest(next_send_at, now()) +
 * interval`, atomically (the upsert locks the row). Returns how long until the slot
 * reserved (ms, 0 when it is now). Sends are spaced by the interval whatever the burst:
 * an idle endpoint gets no credit to spend at once.
 */
export async function reserveSendSlot(db: Kysely<Database>, endpointId: string, intervalMs: number): Promise<number> {
  const interval = sql`(${intervalMs}::double precision * interval '1 millisecond')`;
  const { rows } = await sql<{ wait_ms: number }>`
    insert into endpoint_flow as f (endpoint_id, next_send_at) values (${endpointId}, now() + ${interval})
    on conflict (endpoint_id) do update set next_send_at = greatest(f.next_send_at, now()) + ${interval}
    returning greatest(0, extract(epoch from (f.next_send_at - ${interval} - now())) * 1000)::double precision as wait_ms`.execute(db);
  return Number(rows[0]?.wait_ms ?? 0);
}

/**
 * Takes one of the endpoint's `max` in-flight leases (slots 1..max) for a delivery, in one
 * statement: a free or expired slot, or the one this delivery already holds (an attempt
 * retried after its worker died). Two workers racing for the same slot: one wins, the
 * other gets no row and waits (a false "full" at worst, never one lease too many). The
 * count guards a lowered `max` while more leases are still live.
 */
export async function acquireLease(
  db: Kysely<Database>,
  endpointId: string,
  deliveryId: string,
  max: number,
  ttlMs: number,
): Promise<boolean> {
  const { rows } = await sql<{ slot: number }>`
    insert into endpoint_leases as l (endpoint_id, slot, delivery_id, expires_at)
    select ${endpointId}, s, ${deliveryId}, now() + (${ttlMs}::double precision * interval '1 millisecond')
    from generate_series(1, ${max}::integer) as s
    where not exists (
        select 1 from endpoint_leases o
        where o.endpoint_id = ${endpointId} and o.slot = s and o.expires_at > now() and o.delivery_id <> ${deliveryId})
      and (select count(*) from endpoint_leases o
           where o.endpoint_id = ${endpointId} and o.expires_at > now() and o.delivery_id <> ${deliveryId}) < ${max}
    order by exists (select 1 from endpoint_leases o where o.endpoint_id = ${endpointId} and o.slot = s and o.delivery_id = ${deliveryId}) desc,
      random()
    limit 1
    on conflict (endpoint_id, slot) do update set delivery_id = excluded.delivery_id, expires_at = excluded.expires_at
      where l.expires_at <= now() or l.delivery_id = excluded.delivery_id
    returning slot`.execute(db);
  return rows.length > 0;
}

/** Releases the delivery's in-flight lease (the attempt is recorded). */
export async function releaseLease(db: Kysely<Database>, endpointId: string, deliveryId: string): Promise<void> {
  await db.deleteFrom('endpoint_leases').where('endpoint_id', '=', endpointId).where('delivery_id', '=', deliveryId).execute();
}

/**
 * Applies a `pause` (Retry-After: a pause only ever moves later) or one more `throttled`
 * answer: from `throttle.after` in a row, the endpoint pauses for `pauseMs × 2^(count −
 * after)` up to `maxPauseMs`. An answer to an attempt started before the current pause was
 * set is not counted: it is the same trouble, already answered by that pause (so attempts
 * in flight when the endpoint paused cannot escalate it). `answered` is written by
 * recordAttempt itself.
 */
export async function applyFlowUpdate(
  db: Kysely<Database>,
  endpointId: string,
  update: FlowUpdate,
  attemptStartedAt: Date,
  throttle: { after: number; pauseMs: number; maxPauseMs: number },
): Promise<void> {
  const ms = (value: unknown) => sql`(${value}::double precision * interval '1 millisecond')`;
  if (update.kind === 'pause') {
    await sql`
      insert into endpoint_flow as f (endpoint_id, paused_until) values (${endpointId}, now() + ${ms(update.pauseMs)})
      on conflict (endpoint_id) do update
        set paused_until = greatest(coalesce(f.paused_until, now()), now() + ${ms(update.pauseMs)})`.execute(db);
    return;
  }
  if (update.kind !== 'throttled') return;
  const stale = sql`(f.paused_at is not null and ${attemptStartedAt}::timestamptz < f.paused_at)`;
  const count = sql`(f.consecutive_throttles + 1)`;
  const pauses = sql`(not ${stale} and ${count} >= ${throttle.after}::integer)`;
  const pause = sql`least(${throttle.pauseMs}::double precision * power(2, greatest(${count} - ${throttle.after}, 0)), ${throttle.maxPauseMs})`;
  await sql`
    insert into endpoint_flow as f (endpoint_id, consecutive_throttles, paused_until, paused_at)
    values (${endpointId}, 1,
      case when 1 >= ${throttle.after}::integer then now() + ${ms(throttle.pauseMs)} end,
      case when 1 >= ${throttle.after}::integer then now() end)
    on conflict (endpoint_id) do update set
      consecutive_throttles = case when ${stale} then f.consecutive_throttles else ${count} end,
      paused_until = case when ${pauses} then greatest(coalesce(f.paused_until, now()), now() + ${ms(pause)}) else f.paused_until end,
      paused_at = case when ${pauses} then now() else f.paused_at end`.execute(db);
}

/** Marks a delivery held back (or waiting for its retry) until `until`; a closed delivery is left alone. */
export async function markDeliveryWaiting(
  db: Kysely<Database>,
  deliveryId: string,
  reason: DeliveryWaitReason,
  until: Date,
): Promise<void> {
  await db
    .updateTable('deliveries')
    .set({ waiting_for: reason, next_attempt_at: until, updated_at: sql<Date>`now()` })
    .where('id', '=', deliveryId)
    .where('status', 'in', ['new', 'retrying'])
    .execute();
}
