import { type Kysely, sql } from 'kysely';
import { executePrepared } from '../prepared';
import type { AttemptRow, Database, DeliveryRow, DeliveryStatus, EndpointRow, EventRow } from '../schema';

/** An attempt's queries: what it reads before the POST, and its record (attempt row, delivery status, streak, flow) after. */

export async function listAttempts(db: Kysely<Database>, deliveryId: string): Promise<AttemptRow[]> {
  return db.selectFrom('attempts').selectAll().where('delivery_id', '=', deliveryId).orderBy('number').execute();
}

/** What an attempt reads of its endpoint's shared flow state (delivery/gate.ts). */
export interface AttemptFlow {
  /** How long the endpoint stays paused (ms; 0 or null: not paused). */
  pausedForMs: number | null;
}

/** What an attempt reads of its event. */
export type AttemptEvent = Omit<EventRow, 'fan_out_pending'>;

/**
 * What an attempt needs, in one round trip: the delivery, its endpoint (deleted or not)
 * and its event; `endpoint` / `event` are undefined when the row is gone.
 */
export async function findAttemptContext(
  db: Kysely<Database>,
  deliveryId: string,
): Promise<{ delivery: DeliveryRow; endpoint: EndpointRow | undefined; event: AttemptEvent | undefined; flow: AttemptFlow } | undefined> {
  const query = db
    .selectFrom('deliveries as d')
    .leftJoin('endpoints as ep', 'ep.id', 'd.endpoint_id')
    .leftJoin('endpoint_flow as f', 'f.endpoint_id', 'd.endpoint_id')
    .leftJoin('events as e', (join) => join.onRef('e.tenant_id', '=', 'd.tenant_id').onRef('e.id', '=', 'd.event_id'))
    .selectAll('d')
    .select([
      'ep.id as ep_id',
      'ep.tenant_id as ep_tenant_id',
      'ep.url as ep_url',
      'ep.description as ep_description',
      'ep.event_types as ep_event_types',
      'ep.enabled as ep_enabled',
      'ep.disabled_reason as ep_disabled_reason',
      'ep.secret as ep_secret',
      'ep.previous_secret as ep_previous_secret',
      'ep.previous_secret_expires_at as ep_previous_secret_expires_at',
      'ep.headers as ep_headers',
      'ep.headers_sealed as ep_headers_sealed',
      'ep.signature_scheme as ep_signature_scheme',
      'ep.retry_schedule_ms as ep_retry_schedule_ms',
      'ep.timeout_ms as ep_timeout_ms',
      'ep.rate_limit as ep_rate_limit',
      'ep.max_in_flight as ep_max_in_flight',
      'ep.propagate_trace as ep_propagate_trace',
      'ep.ordering as ep_ordering',
      'ep.fifo_on_failure as ep_fifo_on_failure',
      'ep.created_at as ep_created_at',
      'ep.updated_at as ep_updated_at',
      'ep.deleted_at as ep_deleted_at',
      'e.id as ev_id',
      'e.tenant_id as ev_tenant_id',
      'e.type as ev_type',
      'e.data as ev_data',
      'e.idempotency_key as ev_idempotency_key',
      'e.test as ev_test',
      'e.ordering_key as ev_ordering_key',
      'e.created_at as ev_created_at',
      // On PostgreSQL's clock, like every other flow time: workers' clocks may differ.
      sql<number | null>`greatest(0, extract(epoch from (f.paused_until - now())) * 1000)::double precision`.as('flow_paused_for_ms'),
    ])
    .where('d.id', '=', deliveryId);
  // Every attempt runs it: prepared (db/prepared.ts).
  const [row] = (await executePrepared(db, query.compile())).rows;
  if (!row) return undefined;
  const {
    ep_id,
    ep_tenant_id,
    ep_url,
    ep_description,
    ep_event_types,
    ep_enabled,
    ep_disabled_reason,
    ep_secret,
    ep_previous_secret,
    ep_previous_secret_expires_at,
    ep_headers,
    ep_headers_sealed,
    ep_signature_scheme,
    ep_retry_schedule_ms,
    ep_timeout_ms,
    ep_rate_limit,
    ep_max_in_flight,
    ep_propagate_trace,
    ep_ordering,
    ep_fifo_on_failure,
    ep_created_at,
    ep_updated_at,
    ep_deleted_at,
    ev_id,
    ev_tenant_id,
    ev_type,
    ev_data,
    ev_idempotency_key,
    ev_test,
    ev_ordering_key,
    ev_created_at,
    flow_paused_for_ms,
    ...delivery
  } = row;
  const endpoint: EndpointRow | undefined =
    ep_id === null
      ? undefined
      : {
          id: ep_id,
          tenant_id: ep_tenant_id as string,
          url: ep_url as string,
          description: ep_description as string,
          event_types: ep_event_types as string[],
          enabled: ep_enabled as boolean,
          disabled_reason: ep_disabled_reason,
          secret: ep_secret as string,
          previous_secret: ep_previous_secret,
          previous_secret_expires_at: ep_previous_secret_expires_at,
          headers: ep_headers as EndpointRow['headers'],
          headers_sealed: ep_headers_sealed as boolean,
          signature_scheme: ep_signature_scheme as EndpointRow['signature_scheme'],
          retry_schedule_ms: ep_retry_schedule_ms,
          timeout_ms: ep_timeout_ms,
          rate_limit: ep_rate_limit,
          max_in_flight: ep_max_in_flight,
          propagate_trace: ep_propagate_trace as boolean,
          ordering: ep_ordering as EndpointRow['ordering'],
          fifo_on_failure: ep_fifo_on_failure as EndpointRow['fifo_on_failure'],
          created_at: ep_created_at as Date,
          updated_at: ep_updated_at as Date,
          deleted_at: ep_deleted_at,
        };
  const event: AttemptEvent | undefined =
    ev_id === null
      ? undefined
      : {
          id: ev_id,
          tenant_id: ev_tenant_id as string,
          type: ev_type as string,
          data: ev_data as string,
          idempotency_key: ev_idempotency_key,
          test: ev_test as boolean,
          ordering_key: ev_ordering_key,
          created_at: ev_created_at as Date,
        };
  const flow: AttemptFlow = {
    pausedForMs: flow_paused_for_ms === null ? null : Number(flow_paused_for_ms),
  };
  return { delivery: delivery as DeliveryRow, endpoint, event, flow };
}

export interface AttemptRecordInput {
  deliveryId: string;
  tenantId: string;
  endpointId: string;
  attempt: Omit<AttemptRow, 'delivery_id' | 'tenant_id' | 'endpoint_id'>;
  status: DeliveryStatus;
  nextAttemptAt: Date | null;
  failureReason: string | null;
  /** The answer was not a throttling one: end the endpoint's run of them, if any (see delivery/gate.ts). */
  endThrottleRun?: boolean;
}

/** An endpoint's run of failed attempts, as the attempt that extended it left it (auto-disable). */
export interface FailureStreak {
  failingSince: Date;
  failedAttempts: number;
  failingNotifiedAt: Date | null;
}

/**
 * Records one attempt and the delivery's new status together, in ONE statement (the
 * attempt insert is a data-modifying CTE of the delivery update): atomic without a
 * transaction, and one round trip instead of four. Idempotent per attempt number, so
 * an activity retried after a crash rewrites the same attempt row.
 *
 * The same statement keeps the endpoint's failure streak: a 2xx deletes it (the
 * auto-disable clock resets), a failed attempt extends it, counted only when its attempt
 * row is new (`xmax = 0`), so rewriting an attempt never counts it twice. Returns the
 * streak when this attempt extended it, else null.
 */
export async function recordAttempt(db: Kysely<Database>, input: AttemptRecordInput): Promise<FailureStreak | null> {
  const row = { ...input.attempt, delivery_id: input.deliveryId, tenant_id: input.tenantId, endpoint_id: input.endpointId };
  const failed = input.attempt.error_kind !== null;
  const query = db
    // A data-modifying CTE runs whether or not the statement reads it: no extra round trip,
    // and a no-op (an index probe) for an endpoint with no flow row or no run.
    .with('run_ended', (qc) =>
      qc
        .updateTable('endpoint_flow')
        .set({ consecutive_throttles: 0 })
        .where('endpoint_id', '=', input.endThrottleRun ? input.endpointId : sql<string>`null`)
        .where('consecutive_throttles', '>', 0)
        .returning('endpoint_id'),
    )
    .with('recorded', (qc) =>
      qc
        .insertInto('attempts')
        .values(row)
        .onConflict((oc) =>
          oc.columns(['delivery_id', 'number']).doUpdateSet({
            trigger: row.trigger,
            started_at: row.started_at,
            duration_ms: row.duration_ms,
            status_code: row.status_code,
            response_body: row.response_body,
            error_kind: row.error_kind,
            error_message: row.error_message,
          }),
        )
        .returning(['delivery_id', sql<boolean>`xmax = 0`.as('inserted')]),
    )
    .with('streak', (qc) =>
      failed
        ? qc
            .insertInto('endpoint_failure_streaks')
            .columns(['endpoint_id', 'failing_since', 'failed_attempts'])
            .expression((eb) =>
              eb
                .selectFrom('recorded')
                .select([
                  sql.val(input.endpointId).as('endpoint_id'),
                  sql.val(input.attempt.started_at).as('failing_since'),
                  sql.lit(1).as('failed_attempts'),
                ])
                .where('recorded.inserted', '=', true),
            )
            .onConflict((oc) =>
              oc.column('endpoint_id').doUpdateSet({ failed_attempts: sql<number>`endpoint_failure_streaks.failed_attempts + 1` }),
            )
            .returningAll()
        : qc.deleteFrom('endpoint_failure_streaks').where('endpoint_id', '=', input.endpointId).returningAll(),
    )
    .updateTable('deliveries')
    .set({
      status: input.status,
      attempt_count: sql<number>`greatest(attempt_count, ${input.attempt.number})`,
      next_attempt_at: input.nextAttemptAt,
      waiting_for: input.status === 'retrying' ? 'retry' : null,
      last_status_code: input.attempt.status_code,
      last_error: input.attempt.error_message,
      failure_reason: input.failureReason,
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', input.deliveryId)
    .returning([
      sql<Date | null>`(select failing_since from streak)`.as('failing_since'),
      sql<number | null>`(select failed_attempts from streak)`.as('failed_attempts'),
      sql<Date | null>`(select failing_notified_at from streak)`.as('failing_notified_at'),
    ]);
  // Every attempt runs it (one text per combination of `failed` and `endThrottleRun`): prepared.
  const [result] = (await executePrepared(db, query.compile())).rows;
  if (!failed || !result || result.failing_since === null || result.failed_attempts === null) return null;
  return { failingSince: result.failing_since, failedAttempts: result.failed_attempts, failingNotifiedAt: result.failing_notified_at };
}
