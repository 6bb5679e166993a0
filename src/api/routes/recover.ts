import type { AppContext } from '../../context';
import { findEndpoint } from '../../db/queries/endpoints';
import { findRecoveryJob } from '../../db/queries/recover-jobs';
import { notFound } from '../../lib/app-error';
import { startRecovery } from '../../services/recover';
import { requireTenant } from '../../services/require-tenant';
import { toRecoveryJob } from '../views/recover-jobs';
import { defineRoute } from '../route';
import { recoverExample } from '../examples';
import { recoverBody, recoveryJobParams, recoveryJobSchema } from '../event-log-schemas';
import { endpointParams, errorSchema } from '../schemas';

export function recoverRoutes(ctx: AppContext) {
  return [
    defineRoute({
      method: 'post',
      path: '/v1/tenants/:tenantId/endpoints/:endpointId/recover',
      operationId: 'recoverEndpoint',
      summary: 'Resend the failed deliveries of an endpoint in a time window',
      description:
        'Resend every failed delivery of this endpoint created in [since, until) (until defaults to now), in batches at a bounded rate. ' +
        'The same window while a recovery runs joins it; another window is refused with 409.',
      tag: 'Event log',
      auth: true,
      params: endpointParams,
      body: recoverBody,
      requestExample: recoverExample,
      responses: {
        202: { description: 'Recovery job started (or joined)', schema: recoveryJobSchema },
        404: { description: 'Not found', schema: errorSchema },
        409: { description: 'Another recovery is running, or the endpoint is disabled', schema: errorSchema },
      },
      async handle({ params, body }) {
        await requireTenant(ctx.db, params.tenantId);
        const { job, joined } = await startRecovery(ctx, {
          tenantId: params.tenantId,
          endpointId: params.endpointId,
          since: new Date(body.since),
          until: body.until ? new Date(body.until) : undefined,
        });
        return { status: 202, body: { ...toRecoveryJob(job), joined } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/tenants/:tenantId/endpoints/:endpointId/recover/:jobId',
      operationId: 'getRecoveryJob',
      summary: 'Progress of a recovery job',
      tag: 'Event log',
      auth: true,
      params: recoveryJobParams,
      responses: { 200: { description: 'The job', schema: recoveryJobSchema }, 404: { description: 'Not found', schema: errorSchema } },
      async handle({ params }) {
        await requireTenant(ctx.db, params.tenantId);
        if (!(await findEndpoint(ctx.db, params.tenantId, params.endpointId))) {
          throw notFound('endpoint', 'endpointId', params.endpointId);
        }
        const job = await findRecoveryJob(ctx.db, params.tenantId, params.endpointId, params.jobId);
        if (!job) throw notFound('recovery job', 'jobId', params.jobId);
        return { status: 200, body: toRecoveryJob(job) };
      },
    }),
  ];
}
