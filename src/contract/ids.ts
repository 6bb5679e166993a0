/**
 * Workflow and schedule ids: each derived from what it runs for, so a retried start is
 * harmless and the Web UI shows what a workflow is about.
 */

const DELIVERY_WORKFLOW_PREFIX = 'delivery-';

/**
 * One workflow per delivery; its id is readable in the Web UI and derived from the delivery
 * id alone (`dlv_` + a ULID: globally unique, so no separator question arises).
 */
export function deliveryWorkflowId(deliveryId: string): string {
  return `${DELIVERY_WORKFLOW_PREFIX}${deliveryId}`;
}

/** The delivery a workflow id names, or undefined when it is not a delivery workflow's. */
export function deliveryIdOfWorkflow(workflowId: string): string | undefined {
  return workflowId.startsWith(DELIVERY_WORKFLOW_PREFIX) ? workflowId.slice(DELIVERY_WORKFLOW_PREFIX.length) : undefined;
}

/**
 * The character between the parts of a derived workflow id. Neither a tenant id
 * (`[A-Za-z0-9_-]`) nor an event id (`[A-Za-z0-9_.:-]`) can contain it, so each id names
 * exactly one (tenant, event): with `-` between them, tenant `fa` + event `b-q1` and
 * tenant `fa-b` + event `q1` shared one id.
 */
export const WORKFLOW_ID_SEPARATOR = '/';

/**
 * One fan-out workflow per event with more than one delivery; the id makes a retried start
 * harmless. Ids of the earlier form (`fanout-<tenant>-<event>`) may still be running after
 * an upgrade: they carry their (tenant, event) as input, not in the id, and nothing looks
 * them up by id (reconcile fans out in its own activity), so they finish as before.
 */
export function fanOutWorkflowId(tenantId: string, eventId: string): string {
  return ['fanout', tenantId, eventId].join(WORKFLOW_ID_SEPARATOR);
}

/** The task queue hookflow uses unless configured otherwise. */
export const DEFAULT_TASK_QUEUE = 'hookflow';

/**
 * Schedules are per task queue, so several deployments (or test runs) can share a
 * namespace; on the default task queue the id is the plain name (`purge-events`).
 */
function scheduleId(base: string, taskQueue: string): string {
  return taskQueue === DEFAULT_TASK_QUEUE ? base : `${base}-${taskQueue}`;
}

export const reconcileScheduleId = (taskQueue: string) => scheduleId('reconcile-deliveries', taskQueue);
/**
 * The reconcile Schedule's id before it was named after its flow: a worker deletes a
 * Schedule with this id at start (temporal/reconcile.ts), so no namespace keeps both.
 */
export const legacySweepScheduleId = (taskQueue: string) => scheduleId('sweep-orphaned-deliveries', taskQueue);
export const purgeScheduleId = (taskQueue: string) => scheduleId('purge-events', taskQueue);

/** One workflow per recovery job; job ids (`job_` + a ULID) are globally unique. */
export function recoveryWorkflowId(jobId: string): string {
  return `recover-${jobId}`;
}
