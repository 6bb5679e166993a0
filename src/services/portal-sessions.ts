import type { AppContext } from '../context';
import { insertPortalSession } from '../db/queries/portal-sessions';
import type { PortalSessionRow, PortalTheme } from '../db/schema';
import { generatePortalToken, hashApiKey } from '../api/api-key';
import { newId } from '../lib/ids';
import { requireTenant } from './require-tenant';

export const DEFAULT_SESSION_SECONDS = 3600;

/**
 * Opens a customer-portal session for one tenant: a random token, stored only as its
 * SHA-256, that acts as a short-lived (optionally read-only) key of that tenant. The
 * returned URL carries the token and the tenant in its fragment (`#…`): browsers never
 * send a fragment to a server, so it reaches no access log.
 */
export async function createPortalSession(
  ctx: AppContext,
  input: { tenantId: string; readOnly?: boolean | undefined; expiresIn?: number | undefined; theme?: PortalTheme | undefined },
): Promise<{ session: PortalSessionRow; url: string }> {
  await requireTenant(ctx.db, input.tenantId);
  const token = generatePortalToken();
  const session = await insertPortalSession(ctx.db, {
    id: newId('ps'),
    tenantId: input.tenantId,
    tokenHash: hashApiKey(token),
    readOnly: input.readOnly ?? false,
    theme: input.theme ?? {},
    expiresAt: new Date(Date.now() + (input.expiresIn ?? DEFAULT_SESSION_SECONDS) * 1000),
  });
  const fragment = new URLSearchParams({ tenant: input.tenantId, session: token });
  return { session, url: `${ctx.config.http.publicUrl}/portal/#${fragment.toString()}` };
}
