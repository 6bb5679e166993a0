import { WorkflowNotFoundError } from '@temporalio/client';
import type { ReceivedRequest, Reply } from './receiver';
import { eventually } from './receiver';
import type { TestStack } from './stack';

/** The `n` a test put in an event's data: which event a request carries. */
export const indexOf = (request: ReceivedRequest): number => (JSON.parse(request.body) as { data: { n: number } }).data.n;

/** A receiver's answers: 500 to the first request for event `failing`, 200 to everything else. */
export function failsFirstTryOf(failing: number): (request: ReceivedRequest) => Reply {
  const seen = new Set<number>();
  return (request) => {
    const n = indexOf(request);
    const first = !seen.has(n);
    seen.add(n);
    return { status: n === failing && first ? 500 : 200 };
  };
}

/** A workflow lost, as with a wiped Temporal database: deleted, and gone from describe. */
export async function loseWorkflow(stack: TestStack, workflowId: string): Promise<void> {
  await stack.temporal.connection.workflowService.deleteWorkflowExecution({ namespace: 'default', workflowExecution: { workflowId } });
  await eventually(() =>
    stack.temporal.workflow
      .getHandle(workflowId)
      .describe()
      .then(
        () => false,
        (error: unknown) => error instanceof WorkflowNotFoundError,
      ),
  );
}
