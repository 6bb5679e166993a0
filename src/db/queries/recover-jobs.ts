import { type Kysely, sql } from 'kysely';
import type { Database, RecoveryJobRow, RecoveryJobStatus } from '../schema';
import { positionOf } from './position';

/** Inserts a running job; returns undefined when the endpoint already has one running. */
export async function insertRecoveryJob(
  db: Kysely<Database>,
  job: { id: string; tenantId: string; endpointId: string; since: Date; until: Date; workflowId: string },
): Promise<RecoveryJobRow | undefined> {
  return db
    .insertInto('recovery_jobs')
    .values({
      id: job.id,
      tenant_id: job.tenantId,
      endpoint_id: job.endpointId,
      since: job.since,
      until: job.until,
      workflow_id: job.workflowId,
    })
    .onConflict((oc) => oc.column('endpoint_id').where('status', '=', 'running').doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function findRunningRecoveryJob(db: Kysely<Database>, endpointId: string): Promise<RecoveryJobRow | undefined> {
  return db
    .selectFrom('recovery_jobs')
    .selectAll()
    .where('endpoint_id', '=', endpointId)
    .where('status', '=', 'running')
    .executeTakeFirst();
}

export async function findRecoveryJob(
  db: Kysely<Database>,
  tenantId: string,
  endpointId: string,
  id: string,
): Promise<RecoveryJobRow | undefined> {
  return db
    .selectFrom('recovery_jobs')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('endpoint_id', '=', endpointId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function findRecoveryJobById(db: Kysely<Database>, id: string): Promise<RecoveryJobRow | undefined> {
  return db.selectFrom('recovery_jobs').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function addRecoveryProgress(db: Kysely<Database>, id: string, resent: number): Promise<void> {
  await db
    .updateTable('recovery_jobs')
    .set({ resent: sql<number>`resent + ${resent}` })
    .where('id', '=', id)
    .execute();
}

export async function finishRecoveryJob(
  db: Kysely<Database>,
  id: string,
  status: Exclude<RecoveryJobStatus, 'running'>,
  error: string | null,
): Promise<void> {
  await db
    .updateTable('recovery_jobs')
    .set({ status, error, finished_at: sql<Date>`now()` })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .execute();
}

/** One batch of failed deliveries of the job's endpoint in its window, oldest first after `after`. */
export async function findFailedDeliveriesInWindow(
  db: Kysely<Database>,
  job: RecoveryJobRow,
  after: { createdAt: string; id: string } | undefined,
  limit: number,
): Promise<{ id: string; position: string }[]> {
  let query = db
    .selectFrom('deliveries')
    .select(['id', positionOf('created_at').as('position')])
    .where('endpoint_id', '=', job.endpoint_id)
    .where('tenant_id', '=', job.tenant_id)
    .where('status', '=', 'failed')
    .where('created_at', '>=', job.since)
    .where('created_at', '<', job.until);
  if (after) query = query.where(sql<boolean>`(created_at, id) > (${after.createdAt}::timestamptz, ${after.id})`);
  return query.orderBy('created_at').orderBy('id').limit(limit).execute();
}
