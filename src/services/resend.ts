import { WorkflowIdReusePolicy } from '@temporalio/common';
import type { Client } from '@temporalio/client';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { DeliveryDefaults } from '../temporal/deliver';
import { findDelivery, findDeliveryToStart } from '../db/queries/deliveries';
import { findEndpointById } from '../db/queries/endpoints';
import type { DeliveryRow } from '../db/schema';
import { deliverInput, deliveryStartOptions } from '../temporal/deliver';
import { DELIVER_WORKFLOW, type DeliverWebhookWorkflow, resendSignal } from '../contract';

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

/** What a resend did: expected refusals are values; only faults (Temporal, Postgres) throw. */
export type ResendOutcome =
  { kind: 'resent'; delivery: DeliveryRow } | { kind: 'not_found' } | { kind: 'endpoint_disabled'; reason: string };

export async function resendDelivery(ctx: ResendDeps, tenantId: string, deliveryId: string): Promise<ResendOutcome> {
  const delivery = await findDelivery(ctx.db, tenantId, deliveryId);
  const toStart = delivery && (await findDeliveryToStart(ctx.db, tenantId, deliveryId));
  if (!delivery || !toStart) return { kind: 'not_found' };

  const endpoint = await findEndpointById(ctx.db, delivery.endpoint_id);
  if (!endpoint || endpoint.deleted_at || !endpoint.enabled) {
    return { kind: 'endpoint_disabled', reason: endpoint?.disabled_reason ?? 'endpoint disabled or deleted' };
  }

  const closed = delivery.status === 'finished' || delivery.status === 'failed';
  await ctx.temporal.workflow.signalWithStart<DeliverWebhookWorkflow, []>(DELIVER_WORKFLOW, {
    ...deliveryStartOptions(toStart, ctx.deliveryDefaults, delivery.status),
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
  });
  return { kind: 'resent', delivery };
}
