import type { RecoveryJobStatus } from '../../contract/statuses';
import type { RecoveryJobRow } from '../../db/schema';

/** API views of recover jobs: the camelCase shapes responses carry, mapped from rows. */

export interface RecoveryJob {
  id: string;
  endpointId: string;
  since: string;
  until: string;
  status: RecoveryJobStatus;
  resent: number;
  workflowId: string;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export function toRecoveryJob(row: RecoveryJobRow): RecoveryJob {
  return {
    id: row.id,
    endpointId: row.endpoint_id,
    since: row.since.toISOString(),
    until: row.until.toISOString(),
    status: row.status,
    resent: row.resent,
    workflowId: row.workflow_id,
    error: row.error,
    createdAt: row.created_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
  };
}
