import { defineQuery } from '@temporalio/workflow';

/** The recover flow's contract: resend an endpoint's failed deliveries of a time window, in batches. */

/** The workflow type: one per recovery job (id: recoveryWorkflowId). */
export const RECOVER_WORKFLOW = 'recoverEndpointWorkflow';
export type RecoverEndpointWorkflow = (input: RecoverInput) => Promise<{ resent: number }>;

export interface RecoverInput {
  jobId: string;
  batchSize: number;
  /** Resends per second at most: a recovering receiver is not flooded. */
  ratePerSecond: number;
}

export const recoveryProgressQuery = defineQuery<{ resent: number; done: boolean }>('recoveryProgress');

/** A position in the job's window: keyset (created_at as ISO text, id). */
export interface RecoverPosition {
  createdAt: string;
  id: string;
}

export interface RecoverBatchInput {
  jobId: string;
  after?: RecoverPosition | undefined;
  limit: number;
}

export interface RecoverBatchResult {
  resent: number;
  /** Where the next batch starts; absent when the window is done. */
  next?: RecoverPosition;
}
