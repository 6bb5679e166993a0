import type { TenantRow } from '../../db/schema';

/** API views of tenants: the camelCase shapes responses carry, mapped from rows. */

export interface Tenant {
  id: string;
  name: string;
  createdAt: string;
  updatedAt: string;
}

export function toTenant(row: TenantRow): Tenant {
  return { id: row.id, name: row.name, createdAt: row.created_at.toISOString(), updatedAt: row.updated_at.toISOString() };
}
