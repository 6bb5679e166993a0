import type { PortalSessionRow, PortalTheme } from '../../db/schema';

/** API views of portal sessions: never the token (it is only in the URL given at creation). */

export interface PortalSession {
  id: string;
  tenantId: string;
  readOnly: boolean;
  theme: PortalTheme;
  expiresAt: string;
  createdAt: string;
}

export function toPortalSession(row: PortalSessionRow): PortalSession {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    readOnly: row.read_only,
    theme: row.theme,
    expiresAt: row.expires_at.toISOString(),
    createdAt: row.created_at.toISOString(),
  };
}
