import { type Kysely, sql } from 'kysely';
import type { Database, PortalSessionRow, PortalTheme } from '../schema';

export async function insertPortalSession(
  db: Kysely<Database>,
  session: { id: string; tenantId: string; tokenHash: string; readOnly: boolean; theme: PortalTheme; expiresAt: Date },
): Promise<PortalSessionRow> {
  return db
    .insertInto('portal_sessions')
    .values({
      id: session.id,
      tenant_id: session.tenantId,
      token_hash: session.tokenHash,
      read_only: session.readOnly,
      theme: JSON.stringify(session.theme),
      expires_at: session.expiresAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The live session (not expired, not revoked) whose token has this hash: one unique-index probe. */
export async function findLivePortalSessionByHash(db: Kysely<Database>, tokenHash: string): Promise<PortalSessionRow | undefined> {
  return db
    .selectFrom('portal_sessions')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .executeTakeFirst();
}

export async function findPortalSession(db: Kysely<Database>, tenantId: string, id: string): Promise<PortalSessionRow | undefined> {
  return db.selectFrom('portal_sessions').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

/** Revokes a session of this tenant (effective at once); false when it has no such session. */
export async function revokePortalSession(db: Kysely<Database>, tenantId: string, id: string): Promise<boolean> {
  const result = await db
    .updateTable('portal_sessions')
    .set({ revoked_at: sql<Date>`coalesce(revoked_at, now())` })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
