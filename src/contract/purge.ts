/** The purge flow's contract: a Schedule deletes settled events older than the retention. */

/** The workflow type, run by the `purge-events` Schedule (id: purgeScheduleId). */
export const PURGE_WORKFLOW = 'purgeEventsWorkflow';
export type PurgeEventsWorkflow = (input: PurgeInput) => Promise<PurgeResult>;

export interface PurgeInput {
  retentionMs: number;
  batchSize: number;
}

export interface PurgeResult {
  events: number;
  deliveries: number;
  attempts: number;
  /** Events created before this (ISO 8601) were purged. */
  cutoff: string;
  batches: number;
  durationMs: number;
}
