import { type Client, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import type { DeliveryToStart } from '../db/queries/deliveries';
import { forEachConcurrently } from '../lib/concurrency';
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

/**
 * Where a delivery stands in PostgreSQL, for a restart of a workflow that Temporal lost
 * (reconcile): the workflow goes on from there instead of from attempt 1.
 */
export interface DeliveryProgress {
  status: 'new' | 'retrying';
  attemptsSoFar: number;
  /** Retries of the schedule already used. */
  retriesSoFar: number;
  /** When the next attempt is due (epoch ms), if a retry wait was pending. */
  notBefore?: number | undefined;
}

export function deliverInput(delivery: DeliveryToStart, defaults: DeliveryDefaults, progress?: DeliveryProgress): DeliverWebhookInput {
  const attemptsSoFar = progress?.attemptsSoFar ?? 0;
  return {
    deliveryId: delivery.deliveryId,
    retryScheduleMs: delivery.retryScheduleMs ?? [...defaults.retryScheduleMs],
    timeoutMs: delivery.timeoutMs ?? defaults.timeoutMs,
    mode: 'schedule',
    firstTrigger: delivery.test && attemptsSoFar === 0 ? 'test' : 'scheduled',
    firstAttemptNumber: attemptsSoFar + 1,
    retriesSoFar: progress?.retriesSoFar ?? 0,
    ...(progress?.notBefore !== undefined ? { notBefore: progress.notBefore } : {}),
    ...(delivery.orderingSeq !== null
      ? { line: { seq: delivery.orderingSeq, ...(delivery.predecessorId !== null ? { predecessorId: delivery.predecessorId } : {}) } }
      : {}),
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
 * `'eager'` when the server handed the first workflow task back with the start. With
 * `progress`, the workflow goes on from where PostgreSQL says the delivery stands.
 */
export async function startDeliveryWorkflow(
  client: Client,
  delivery: DeliveryToStart,
  defaults: DeliveryDefaults,
  options: { eager?: boolean; progress?: DeliveryProgress } = {},
): Promise<false | 'started' | 'eager'> {
  try {
    const handle = await client.workflow.start<DeliverWebhookWorkflow>(DELIVER_WORKFLOW, {
      ...deliveryStartOptions(delivery, defaults, options.progress?.status ?? 'new'),
      args: [deliverInput(delivery, defaults, options.progress)],
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
  let started = 0;
  let done = 0;
  await forEachConcurrently(deliveries, options.concurrency ?? 16, async (delivery) => {
    if (await startDeliveryWorkflow(client, delivery, defaults)) started++;
    options.onProgress?.(++done);
  });
  return started;
}

/**
 * Whether Temporal has a workflow with this id, running or closed (within the namespace's
 * retention). Only "not found" is false: any other error (Temporal unreachable) throws,
 * so an outage never reads as lost workflows.
 */
export async function workflowExists(client: Client, workflowId: string): Promise<boolean> {
  try {
    await client.workflow.getHandle(workflowId).describe();
    return true;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return false;
    throw error;
  }
}
