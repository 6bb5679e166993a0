import { WorkflowIdReusePolicy } from '@temporalio/common';
import type { Client } from '@temporalio/client';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { DeliveryDefaults } from '../temporal/deliver';
import { findDelivery, findDeliveryToStart } from '../db/queries/deliveries';
import { findEndpointById } from '../db/queries/endpoints';
import type { DeliveryRow } from '../db/schema';
import { deliverInput, deliverySearchAttributes } from '../temporal/deliver';
import { DELIVER_WORKFLOW, type DeliverWebhookWorkflow, resendSignal } from '../contract';
import { notFound, ServiceError } from './errors';

/**
 * Resends a delivery through `signalWithStart` on its workflow id: a running delivery
 * (waiting for its next retry) attempts now; a closed one (finished or failed) gets a
 * new run that attempts once. A delivery still `new` or `retrying` whose workflow is
 * gone gets a full run on the schedule again.
 */
export interface ResendDeps {
  db: Kysely<Database>;
  temporal: Client;
  deliveryDefaults: DeliveryDefaults;
}

export async function resendDelivery(ctx: ResendDeps, tenantId: string, deliveryId: string): Promise<DeliveryRow> {
  const delivery = await findDelivery(ctx.db, tenantId, deliveryId);
  const toStart = delivery && (await findDeliveryToStart(ctx.db, tenantId, deliveryId));
  if (!delivery || !toStart) throw notFound('delivery', 'deliveryId', deliveryId);

  const endpoint = await findEndpointById(ctx.db, delivery.endpoint_id);
  if (!endpoint || endpoint.deleted_at || !endpoint.enabled) {
    throw new ServiceError(409, 'endpoint_disabled', 'the endpoint of this delivery is disabled or deleted; enable it first', [
      { field: 'endpointId', message: endpoint?.disabled_reason ?? 'endpoint disabled or deleted' },
    ]);
  }

  const closed = delivery.status === 'finished' || delivery.status === 'failed';
  await ctx.temporal.workflow.signalWithStart<DeliverWebhookWorkflow, []>(DELIVER_WORKFLOW, {
    workflowId: delivery.workflow_id,
    taskQueue: ctx.deliveryDefaults.taskQueue,
    args: [
      {
        ...deliverInput(toStart, ctx.deliveryDefaults),
        mode: closed ? 'once' : 'schedule',
        firstTrigger: 'manual',
        firstAttemptNumber: delivery.attempt_count + 1,
      },
    ],
    signal: resendSignal,
    signalArgs: [],
    workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
    typedSearchAttributes: deliverySearchAttributes(toStart, delivery.status),
  });
  return delivery;
}
