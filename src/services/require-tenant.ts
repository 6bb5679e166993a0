import type { Kysely } from 'kysely';
import { findTenant } from '../db/queries/tenants';
import type { Database, TenantRow } from '../db/schema';
import { notFound } from '../lib/app-error';

/** The tenant, or a 404 naming `tenantId`: every tenant-scoped route starts here. */
export async function requireTenant(db: Kysely<Database>, tenantId: string): Promise<TenantRow> {
  const tenant = await findTenant(db, tenantId);
  if (!tenant) throw notFound('tenant', 'tenantId', tenantId);
  return tenant;
}
