import type { AppContext } from '../../context';
import { listAttempts } from '../../db/queries/attempts';
import { findDelivery } from '../../db/queries/deliveries';
import { notFound } from '../../lib/app-error';
import { requireTenant } from '../../services/require-tenant';
import { toAttempt, toDelivery } from '../views/deliveries';
import { defineRoute } from '../route';
import { deliveryDetailExample } from '../examples';
import { deliveryDetailSchema, deliveryParams, errorSchema } from '../schemas';

/** A link into the Temporal Web UI for one workflow. */
export function workflowUrl(uiUrl: string, namespace: string, workflowId: string): string {
  return `${uiUrl}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}`;
}

export function deliveryRoutes(ctx: AppContext) {
  return [
    defineRoute({
      method: 'get',
      path: '/v1/tenants/:tenantId/deliveries/:deliveryId',
      operationId: 'getDelivery',
      summary: 'Get a delivery with every attempt, in order',
      tag: 'Deliveries',
      auth: true,
      params: deliveryParams,
      responses: {
        200: { description: 'The delivery', schema: deliveryDetailSchema, example: deliveryDetailExample },
        404: { description: 'Not found', schema: errorSchema },
      },
      async handle({ params }) {
        await requireTenant(ctx.db, params.tenantId);
        const row = await findDelivery(ctx.db, params.tenantId, params.deliveryId);
        if (!row) throw notFound('delivery', 'deliveryId', params.deliveryId);
        const attempts = await listAttempts(ctx.db, row.id);
        const { temporal } = ctx.config;
        return {
          status: 200,
          body: {
            ...toDelivery(row),
            attempts: attempts.map(toAttempt),
            workflow: { id: row.workflow_id, url: workflowUrl(temporal.uiUrl, temporal.namespace, row.workflow_id) },
          },
        };
      },
    }),
  ];
}
