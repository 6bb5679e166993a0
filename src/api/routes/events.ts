import type { AppContext } from '../../context';
import { listDeliveriesOfEvent } from '../../db/queries/deliveries';
import { findEvent } from '../../db/queries/events';
import { notFound } from '../../lib/app-error';
import { requireTenant } from '../../services/require-tenant';
import { toDelivery } from '../views/deliveries';
import { toEvent } from '../views/events';
import { defineRoute } from '../route';
import { errorSchema, eventDetailSchema, eventParams } from '../schemas';

export function eventRoutes(ctx: AppContext) {
  return [
    defineRoute({
      method: 'get',
      path: '/v1/tenants/:tenantId/events/:eventId',
      operationId: 'getEvent',
      summary: 'Get an event with its payload and every delivery',
      description: '`data` is the JSON text that was published (minified), byte for byte as receivers get it.',
      tag: 'Events',
      auth: true,
      params: eventParams,
      responses: { 200: { description: 'The event', schema: eventDetailSchema }, 404: { description: 'Not found', schema: errorSchema } },
      async handle({ params }) {
        await requireTenant(ctx.db, params.tenantId);
        const row = await findEvent(ctx.db, params.tenantId, params.eventId);
        if (!row) throw notFound('event', 'eventId', params.eventId);
        const deliveries = await listDeliveriesOfEvent(ctx.db, params.tenantId, params.eventId);
        return { status: 200, body: { ...toEvent(row), deliveries: deliveries.map(toDelivery) } };
      },
    }),
  ];
}
