import type { AppContext } from '../../context';
import { AppError, notFound } from '../../lib/app-error';
import { resendDelivery } from '../../services/resend';
import { requireTenant } from '../../services/require-tenant';
import { resendExample } from '../examples';
import { defineRoute } from '../route';
import { deliveryParams, deliverySummarySchema, errorSchema } from '../schemas';

/** The resend flow's route: `POST …/deliveries/:deliveryId/resend` (services/resend.ts). */
export function resendRoutes(ctx: AppContext) {
  return [
    defineRoute({
      method: 'post',
      path: '/v1/tenants/:tenantId/deliveries/:deliveryId/resend',
      operationId: 'resendDelivery',
      summary: 'Resend: a waiting delivery attempts now; a finished or failed one is attempted once more',
      description:
        "A delivery waiting for its retry, or held back by flow control, attempts now (a manual attempt). A delivery of a 'fifo' line " +
        'still waiting for the one before it does not jump its line: its first attempt, when its turn comes, is manual. A finished or ' +
        'failed delivery gets one more attempt at once, unordered; a failed head of a blocked line that then finishes lets the line go on.',
      tag: 'Deliveries',
      auth: true,
      params: deliveryParams,
      responses: {
        202: { description: 'Resend requested', schema: deliverySummarySchema, example: resendExample },
        404: { description: 'Not found', schema: errorSchema },
        409: { description: 'Endpoint disabled or deleted', schema: errorSchema },
      },
      async handle({ params }) {
        await requireTenant(ctx.db, params.tenantId);
        const outcome = await resendDelivery(ctx, params.tenantId, params.deliveryId);
        if (outcome.kind === 'not_found') throw notFound('delivery', 'deliveryId', params.deliveryId);
        if (outcome.kind === 'endpoint_disabled') {
          throw new AppError('endpoint_disabled', 'the endpoint of this delivery is disabled or deleted; enable it first', [
            { field: 'endpointId', message: outcome.reason },
          ]);
        }
        const { delivery } = outcome;
        return { status: 202, body: { id: delivery.id, endpointId: delivery.endpoint_id, status: delivery.status } };
      },
    }),
  ];
}
