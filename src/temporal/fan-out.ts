import { type Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import { FAN_OUT_WORKFLOW, type FanOutEventWorkflow, type FanOutInput, fanOutWorkflowId } from '../contract';

/**
 * Starts the fan-out workflow of an event: it writes the deliveries still to be written
 * (an event with many subscribers) and starts the workflow of every delivery still `new`.
 * Idempotent while it runs (same id); a closed one may run again, finding nothing to redo.
 */
export async function startFanOutWorkflow(client: Client, taskQueue: string, input: FanOutInput): Promise<boolean> {
  try {
    await client.workflow.start<FanOutEventWorkflow>(FAN_OUT_WORKFLOW, {
      workflowId: fanOutWorkflowId(input.tenantId, input.eventId),
      taskQueue,
      args: [input],
      workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
    });
    return true;
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return false;
    throw error;
  }
}
