import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema';

export interface Backlog {
  new: number;
  retrying: number;
  /** Seconds since the oldest `new` delivery was created; 0 when there is none. */
  oldestNewAgeSeconds: number;
}

/**
 * The deliveries still to deliver, for the backlog gauges. Each part reads only a partial
 * index (`status = 'new'`, `status = 'retrying'`): the counts scan just the waiting rows,
 * never the finished millions, and the oldest is the first entry of its index.
 */
export async function readBacklog(db: Kysely<Database>): Promise<Backlog> {
  const { rows } = await sql<{ new: string; retrying: string; oldest_age: number | null }>`
    select
      (select count(*) from deliveries where status = 'new') as new,
      (select count(*) from deliveries where status = 'retrying') as retrying,
      extract(epoch from now() - (select min(created_at) from deliveries where status = 'new'))::float8 as oldest_age
  `.execute(db);
  const row = rows[0];
  return {
    new: Number(row?.new ?? 0),
    retrying: Number(row?.retrying ?? 0),
    oldestNewAgeSeconds: Math.max(0, row?.oldest_age ?? 0),
  };
}
