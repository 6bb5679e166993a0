import { type Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import type { DeliveryToStart } from '../db/queries/deliveries';
import {
  DELIVER_WORKFLOW,
  DELIVERY_TASK_TIMEOUT_MS,
  type DeliverWebhookInput,
  type DeliverWebhookWorkflow,
  SEARCH_ATTRIBUTES,
} from '../contract';

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

export function deliverySearchAttributes(
  delivery: Pick<DeliveryToStart, 'tenantId' | 'endpointId' | 'eventType'> & { eventId?: string },
  status: string,
) {
  return [
    { key: SEARCH_ATTRIBUTES.tenantId, value: delivery.tenantId },
    { key: SEARCH_ATTRIBUTES.endpointId, value: delivery.endpointId },
    { key: SEARCH_ATTRIBUTES.eventType, value: delivery.eventType },
    // Set at start with the others: no extra Temporal action.
    ...(delivery.eventId !== undefined ? [{ key: SEARCH_ATTRIBUTES.eventId, value: delivery.eventId }] : []),
    { key: SEARCH_ATTRIBUTES.deliveryStatus, value: status },
  ];
}

/**
 * The one line the Web UI shows for a delivery workflow: `order.created → example.com/webhooks (acme)`.
 * The endpoint's host and path only: no scheme, credentials or query string.
 */
export function deliverySummary(delivery: Pick<DeliveryToStart, 'tenantId' | 'eventType' | 'endpointUrl'>): string {
  let target: string;
  try {
    const url = new URL(delivery.endpointUrl);
    target = `${url.host}${url.pathname === '/' ? '' : url.pathname}`;
  } catch {
    target = '(invalid url)';
  }
  return `${delivery.eventType} → ${target} (${delivery.tenantId})`;
}

/** What every start of a delivery workflow (first start, resend) sets besides its input. */
export function deliveryStartOptions(delivery: DeliveryToStart, defaults: DeliveryDefaults, status: string) {
  return {
    workflowId: delivery.workflowId,
    taskQueue: defaults.taskQueue,
    typedSearchAttributes: deliverySearchAttributes(delivery, status),
    staticSummary: deliverySummary(delivery),
    // The attempt runs inside a workflow task: a dead worker's attempt runs again after this.
    workflowTaskTimeout: DELIVERY_TASK_TIMEOUT_MS,
  };
}

/**
 * Starts the workflow of one delivery. Idempotent: the workflow id is the delivery's,
 * and a running or closed workflow with that id is left alone (returns false). Returns
 * `'eager'` when the server handed the first workflow task back with the start.
 */
export async function startDeliveryWorkflow(
  client: Client,
  delivery: DeliveryToStart,
  defaults: DeliveryDefaults,
  options: { eager?: boolean } = {},
): Promise<false | 'started' | 'eager'> {
  try {
    const handle = await client.workflow.start<DeliverWebhookWorkflow>(DELIVER_WORKFLOW, {
      ...deliveryStartOptions(delivery, defaults, 'new'),
      args: [deliverInput(delivery, defaults)],
      // A closed delivery is only ever rerun by an explicit resend (signalWithStart).
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      // With a worker on this client's connection, its first task (and so the first attempt)
      // comes back in the start's own answer: no task-queue round trip.
      ...(options.eager ? { requestEagerStart: true } : {}),
    });
    return handle.eagerlyStarted ? 'eager' : 'started';
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
