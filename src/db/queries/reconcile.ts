import { type Kysely, sql } from 'kysely';
import type { DeliveryWaitReason, ReconcileScope } from '../../contract';
import type { Database } from '../schema';
import { type DeliveryToStart, deliveriesToStart } from './deliveries';

/** What reconcile looks for: work committed to PostgreSQL whose workflow may not exist in Temporal. */

/** A delivery still pending, with where it stands: what a restart of its workflow continues from. */
export interface DeliveryToReconcile extends DeliveryToStart {
  status: 'new' | 'retrying';
  /** Attempts recorded so far (the highest attempt number). */
  attemptCount: number;
  /**
   * Attempts made by the schedule (or a test), not by a resend: how far the retry schedule
   * has advanced, since a resend made during a wait keeps the scheduled attempt's place.
   */
  scheduledAttempts: number;
  nextAttemptAt: Date | null;
  waitingFor: DeliveryWaitReason | null;
  createdAt: Date;
}

const ago = (ms: number) => sql<Date>`now() - make_interval(secs => ${ms / 1000})`;

/**
 * One page of deliveries still `new` or `retrying` whose workflow reconcile should look up
 * (see ReconcileScope). Keyset-paged on (created_at, id) so a pass visits each candidate
 * once, however long its workflows take to move them on.
 */
export async function findDeliveriesToReconcile(
  db: Kysely<Database>,
  options: { scope: ReconcileScope; olderThanMs: number; limit: number; after?: { createdAt: Date; id: string } | undefined },
): Promise<DeliveryToReconcile[]> {
  const cutoff = ago(options.olderThanMs);
  let query = deliveriesToStart(db)
    .select([
      sql<'new' | 'retrying'>`d.status`.as('status'),
      'd.attempt_count as attemptCount',
      'd.next_attempt_at as nextAttemptAt',
      'd.waiting_for as waitingFor',
      'd.created_at as createdAt',
      (eb) =>
        eb
          .selectFrom('attempts as a')
          .select(sql<number>`count(*)::int`.as('n'))
          .whereRef('a.delivery_id', '=', 'd.id')
          .where('a.trigger', '<>', 'manual')
          .as('scheduledAttempts'),
    ])
    .where('d.status', 'in', ['new', 'retrying'])
    .where('d.created_at', '<', cutoff)
    .orderBy('d.created_at')
    .orderBy('d.id')
    .limit(options.limit);
  // Due: never attempted and not held back (created_at is then when it was due), or due by next_attempt_at.
  // A delivery waiting in a fifo line for the one before it is never due by time: when that
  // one settles it is signalled, or started if its workflow is missing (temporal/line.ts).
  if (options.scope === 'due') {
    query = query
      .where(sql<boolean>`coalesce(d.next_attempt_at, d.created_at) < ${cutoff}`)
      .where(sql<boolean>`d.waiting_for is distinct from 'predecessor'`);
  }
  const after = options.after;
  if (after) {
    query = query.where((eb) =>
      eb.or([eb('d.created_at', '>', after.createdAt), eb.and([eb('d.created_at', '=', after.createdAt), eb('d.id', '>', after.id)])]),
    );
  }
  const rows = await query.execute();
  return rows.map((row) => ({ ...row, scheduledAttempts: Number(row.scheduledAttempts ?? 0) }));
}

/**
 * Events accepted more than `olderThanMs` ago whose fan-out has not written their
 * deliveries: the process died between the commit and the fan-out workflow's start.
 */
export async function findEventsAwaitingFanOut(
  db: Kysely<Database>,
  options: { olderThanMs: number; limit: number },
): Promise<{ tenantId: string; eventId: string }[]> {
  return db
    .selectFrom('events')
    .select(['tenant_id as tenantId', 'id as eventId'])
    .where('fan_out_pending', '=', true)
    .where('created_at', '<', ago(options.olderThanMs))
    .orderBy('created_at')
    .limit(options.limit)
    .execute();
}
