import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema';
import { type DeliveryToStart, deliveriesToStart } from './deliveries';

/** What the sweeper looks for: work committed to PostgreSQL whose workflow never started. */

/**
 * One page of deliveries still `new` with no attempt and not held back by flow control
 * `olderThanMs` after they were created: their workflow may never have been started (a crash between commit and
 * start). Starting them again is harmless: the workflow id deduplicates. Keyset-paged
 * on (created_at, id) so a sweep visits each candidate once.
 */
export async function findOrphanedDeliveries(
  db: Kysely<Database>,
  options: { olderThanMs: number; limit: number; after?: { createdAt: Date; id: string } | undefined },
): Promise<(DeliveryToStart & { createdAt: Date })[]> {
  let query = deliveriesToStart(db)
    .select('d.created_at as createdAt')
    .where('d.status', '=', 'new')
    .where('d.attempt_count', '=', 0)
    // Held back by flow control: its workflow ran the gate, so it exists and waits on a timer.
    .where('d.waiting_for', 'is', null)
    .where('d.created_at', '<', sql<Date>`now() - make_interval(secs => ${options.olderThanMs / 1000})`)
    .orderBy('d.created_at')
    .orderBy('d.id')
    .limit(options.limit);
  const after = options.after;
  if (after) {
    query = query.where((eb) =>
      eb.or([eb('d.created_at', '>', after.createdAt), eb.and([eb('d.created_at', '=', after.createdAt), eb('d.id', '>', after.id)])]),
    );
  }
  return query.execute();
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
    .where('created_at', '<', sql<Date>`now() - make_interval(secs => ${options.olderThanMs / 1000})`)
    .orderBy('created_at')
    .limit(options.limit)
    .execute();
}
