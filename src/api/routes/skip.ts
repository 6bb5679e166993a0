import type { AppContext } from '../../context';
import { AppError, notFound } from '../../lib/app-error';
import { requireTenant } from '../../services/require-tenant';
import { skipDelivery } from '../../services/skip';
import { defineRoute } from '../route';
import { deliveryParams, deliverySchema, errorSchema } from '../schemas';
import { toDelivery } from '../views/deliveries';

/** Ordered delivery's route: `POST …/deliveries/:deliveryId/skip` (services/skip.ts). */
export function skipRoutes(ctx: AppContext) {
  return [
    defineRoute({
      method: 'post',
      path: '/v1/tenants/:tenantId/deliveries/:deliveryId/skip',
      operationId: 'skipDelivery',
      summary: "Let a blocked line go past this failed delivery (fifo endpoints with fifoOnFailure 'block')",
      description:
        "The delivery stays failed; the next delivery in its line (same endpoint and ordering key) is attempted. Only a delivery that failed for good, at a 'fifo' endpoint, can be skipped (409 otherwise). Skipping it again changes nothing.",
      tag: 'Deliveries',
      auth: true,
      params: deliveryParams,
      responses: {
        200: { description: 'Skipped: the line goes on', schema: deliverySchema },
        404: { description: 'Not found', schema: errorSchema },
        409: { description: 'Not a failed delivery of a fifo line', schema: errorSchema },
      },
      async handle({ params }) {
        await requireTenant(ctx.db, params.tenantId);
        const outcome = await skipDelivery(ctx, params.tenantId, params.deliveryId);
        if (outcome.kind === 'not_found') throw notFound('delivery', 'deliveryId', params.deliveryId);
        if (outcome.kind === 'not_skippable') {
          throw new AppError('not_skippable', `this delivery cannot be skipped: ${outcome.reason}`, [
            { field: 'deliveryId', message: outcome.reason },
          ]);
        }
        return { status: 200, body: toDelivery(outcome.delivery) };
      },
    }),
  ];
}
