import type { AppContext } from '../context';
import { findEndpoint } from '../db/queries/endpoints';
import { findEventType } from '../db/queries/event-types';
import { notFound } from '../lib/app-error';
import { RawJson } from '../lib/raw-json';
import { type PublishResult, publishEvent } from './publish';
import { requireTenant } from './require-tenant';

/**
 * A test event: published like any event, marked `test`, and delivered to this one
 * endpoint only (whatever it subscribes to), so an integrator can see what arrives and
 * what their receiver answers. Without `data`, the catalog's example of the type is sent,
 * or, for a type without one, a small sample body.
 */
export async function sendTestEvent(
  ctx: AppContext,
  input: { tenantId: string; endpointId: string; type: string; data?: RawJson | undefined },
): Promise<PublishResult> {
  await requireTenant(ctx.db, input.tenantId);
  if (!(await findEndpoint(ctx.db, input.tenantId, input.endpointId))) throw notFound('endpoint', 'endpointId', input.endpointId);
  // The catalog's example of the type, unless the caller gives `data`.
  const example = input.data === undefined ? (await findEventType(ctx.db, input.type))?.example : undefined;
  return publishEvent(ctx, {
    tenantId: input.tenantId,
    type: input.type,
    data: input.data ?? RawJson.of(example ?? { message: `This is a test ${input.type} event from hookflow.`, sample: true }),
    testEndpointId: input.endpointId,
  });
}
