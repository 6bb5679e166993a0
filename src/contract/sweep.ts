/** The sweep flow's contract: a Schedule starts what a crash between commit and start left unstarted. */

/** The workflow type, run by the sweeper Schedule (id: sweepScheduleId). */
export const SWEEP_WORKFLOW = 'sweepOrphanedDeliveriesWorkflow';
export type SweepOrphanedDeliveriesWorkflow = (input: SweepInput) => Promise<SweepResult>;

export interface SweepInput {
  /** Only deliveries (and events awaiting fan-out) older than this are orphans. */
  olderThanMs: number;
}

export interface SweepResult {
  started: number;
}
