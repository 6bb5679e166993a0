import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema';

// The streak itself is written by recordAttempt (deliveries.ts), in the attempt's own statement.

/**
 * Claims the `endpoint.failing` notice of the endpoint's current streak: true for the one
 * caller that set `failing_notified_at`, so the notice goes out once per streak.
 */
export async function markFailingNotified(db: Kysely<Database>, endpointId: string): Promise<boolean> {
  const result = await db
    .updateTable('endpoint_failure_streaks')
    .set({ failing_notified_at: sql<Date>`now()` })
    .where('endpoint_id', '=', endpointId)
    .where('failing_notified_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Forgets the endpoint's failing streak: re-enabling an endpoint starts its auto-disable clock afresh. */
export async function clearFailureStreak(db: Kysely<Database>, endpointId: string): Promise<void> {
  await db.deleteFrom('endpoint_failure_streaks').where('endpoint_id', '=', endpointId).execute();
}
