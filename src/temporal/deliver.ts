import { type Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import type { DeliveryToStart } from '../db/queries/deliveries';
import { DELIVER_WORKFLOW, type DeliverWebhookInput, type DeliverWebhookWorkflow, SEARCH_ATTRIBUTES } from '../contract';

export interface DeliveryDefaults {
  taskQueue: string;
  retryScheduleMs: readonly number[];
  timeoutMs: number;
}

export function deliverInput(delivery: DeliveryToStart, defaults: DeliveryDefaults): DeliverWebhookInput {
  return {
    deliveryId: delivery.deliveryId,
    retryScheduleMs: delivery.retryScheduleMs ?? [...defaults.retryScheduleMs],
    timeoutMs: delivery.timeoutMs ?? defaults.timeoutMs,
    mode: 'schedule',
    firstTrigger: delivery.test ? 'test' : 'scheduled',
    firstAttemptNumber: 1,
    retriesSoFar: 0,
  };
}

export function deliverySearchAttributes(delivery: Pick<DeliveryToStart, 'tenantId' | 'endpointId' | 'eventType'>, status: string) {
  return [
    { key: SEARCH_ATTRIBUTES.tenantId, value: delivery.tenantId },
    { key: SEARCH_ATTRIBUTES.endpointId, value: delivery.endpointId },
    { key: SEARCH_ATTRIBUTES.eventType, value: delivery.eventType },
    { key: SEARCH_ATTRIBUTES.deliveryStatus, value: status },
  ];
}

/**
 * Starts the workflow of one delivery. Idempotent: the workflow id is the delivery's,
 * and a running or closed workflow with that id is left alone (returns false).
 */
export async function startDeliveryWorkflow(client: Client, delivery: DeliveryToStart, defaults: DeliveryDefaults): Promise<boolean> {
  try {
    await client.workflow.start<DeliverWebhookWorkflow>(DELIVER_WORKFLOW, {
      workflowId: delivery.workflowId,
      taskQueue: defaults.taskQueue,
      args: [deliverInput(delivery, defaults)],
      // A closed delivery is only ever rerun by an explicit resend (signalWithStart).
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      typedSearchAttributes: deliverySearchAttributes(delivery, 'new'),
    });
    return true;
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return false;
    throw error;
  }
}

/** Starts many delivery workflows with bounded concurrency; returns how many were new. */
export async function startDeliveryWorkflows(
  client: Client,
  deliveries: readonly DeliveryToStart[],
  defaults: DeliveryDefaults,
  options: { concurrency?: number; onProgress?: (done: number) => void } = {},
): Promise<number> {
  let next = 0;
  let started = 0;
  let done = 0;
  const workers = Array.from({ length: Math.min(options.concurrency ?? 16, deliveries.length) }, async () => {
    while (next < deliveries.length) {
      const delivery = deliveries[next++] as DeliveryToStart;
      if (await startDeliveryWorkflow(client, delivery, defaults)) started++;
      options.onProgress?.(++done);
    }
  });
  await Promise.all(workers);
  return started;
}
