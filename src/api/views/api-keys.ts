import type { ApiKeyRow } from '../../db/schema';

/** API views of api keys: the camelCase shapes responses carry, mapped from rows. */

export interface ApiKey {
  id: string;
  tenantId: string;
  name: string;
  prefix: string;
  createdAt: string;
}

/** The public view of a key: never its hash. */
export function toApiKey(row: ApiKeyRow): ApiKey {
  return { id: row.id, tenantId: row.tenant_id, name: row.name, prefix: row.prefix, createdAt: row.created_at.toISOString() };
}
