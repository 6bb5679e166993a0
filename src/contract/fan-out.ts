/** The fan-out flow's contract: an event with many subscribers gets its deliveries written and started by a workflow. */

/** The workflow type: one per event (id: fanOutWorkflowId). */
export const FAN_OUT_WORKFLOW = 'fanOutEventWorkflow';
export type FanOutEventWorkflow = (input: FanOutInput) => Promise<FanOutResult>;

export interface FanOutInput {
  tenantId: string;
  eventId: string;
}

export interface FanOutResult {
  /** Delivery workflows this run started (others were started before). */
  started: number;
}
