import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema';

export interface WorkerHealthReport {
  workerId: string;
  taskQueue: string;
  inFlight: number;
  lastFinishedAt: Date;
  stalledSince: Date | null;
}

/** Upserts a worker's report (reported_at is the database's clock) and drops reports no worker has renewed for an hour. */
export async function upsertWorkerHealth(db: Kysely<Database>, report: WorkerHealthReport): Promise<void> {
  const row = {
    worker_id: report.workerId,
    task_queue: report.taskQueue,
    in_flight: report.inFlight,
    last_finished_at: report.lastFinishedAt,
    stalled_since: report.stalledSince,
    reported_at: sql<Date>`now()`,
  };
  await db
    .insertInto('worker_health')
    .values(row)
    .onConflict((oc) =>
      oc.column('worker_id').doUpdateSet({
        in_flight: row.in_flight,
        last_finished_at: row.last_finished_at,
        stalled_since: row.stalled_since,
        reported_at: row.reported_at,
      }),
    )
    .execute();
  await db
    .deleteFrom('worker_health')
    .where('reported_at', '<', sql<Date>`now() - interval '1 hour'`)
    .execute();
}

export async function deleteWorkerHealth(db: Kysely<Database>, workerId: string): Promise<void> {
  await db.deleteFrom('worker_health').where('worker_id', '=', workerId).execute();
}

export interface WorkerHealthRow {
  worker_id: string;
  in_flight: number;
  last_finished_at: Date;
  stalled_since: Date | null;
}

/** The reports of a task queue's workers that reported within `freshMs`. */
export async function listWorkerHealth(db: Kysely<Database>, taskQueue: string, freshMs: number): Promise<WorkerHealthRow[]> {
  return db
    .selectFrom('worker_health')
    .select(['worker_id', 'in_flight', 'last_finished_at', 'stalled_since'])
    .where('task_queue', '=', taskQueue)
    .where('reported_at', '>', sql<Date>`now() - make_interval(secs => ${freshMs / 1000})`)
    .orderBy('worker_id')
    .execute();
}
