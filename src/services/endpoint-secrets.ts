import { type Kysely, sql } from 'kysely';
import { findEndpoint, updateEndpoint } from '../db/queries/endpoints';
import type { Database, EndpointRow, SignatureScheme } from '../db/schema';
import { generateSecret, generateSigningKey } from '../delivery/sign';
import { SecretBox } from '../lib/secret-box';

/**
 * Endpoint signing keys — a `whsec_` HMAC secret, or a `whsk_` Ed25519 private key when
 * `signature_scheme` is ed25519 — are stored sealed (AES-256-GCM, bound to the endpoint id) in
 * `endpoints.secret` and `endpoints.previous_secret`. They are opened in exactly three
 * places: the attempt activity (to sign), and the secret and rotate-secret routes (to
 * show them). Everything else sees ciphertext.
 *
 * Custom header values (receivers' credentials, often) are sealed the same way, one value
 * at a time, bound to the endpoint id and the header name, so a value copied to another
 * endpoint or header does not open there. They are opened by the attempt activity (to
 * send) and by `GET …/headers`; every other response masks them (`toEndpoint`).
 */

export function sealSecret(box: SecretBox, endpointId: string, secret: string): string {
  return box.seal(secret, endpointId);
}

/** A stored value: sealed, or plaintext written before secrets were sealed (until `sealPlaintextSecrets` ran). */
function openStored(box: SecretBox, endpointId: string, stored: string): string {
  return SecretBox.isSealed(stored) ? box.open(stored, endpointId) : stored;
}

/** What a header value is bound to: its endpoint and its name (neither contains `/`). */
const headerContext = (endpointId: string, name: string) => `${endpointId}/header/${name}`;

/** Seals every value (names stay readable); store the result with `headers_sealed: true`. */
export function sealHeaders(box: SecretBox, endpointId: string, headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, box.seal(value, headerContext(endpointId, name))]));
}

/** The custom headers in clear: for the attempt (to send) and `GET …/headers` only. */
export function openHeaders(box: SecretBox, row: Pick<EndpointRow, 'id' | 'headers' | 'headers_sealed'>): Record<string, string> {
  if (!row.headers_sealed) return { ...row.headers };
  return Object.fromEntries(Object.entries(row.headers).map(([name, value]) => [name, box.open(value, headerContext(row.id, name))]));
}

/** Everything sealed on an endpoint, opened: the signing secrets and the custom header values. */
export function openSecrets(
  box: SecretBox,
  row: Pick<EndpointRow, 'id' | 'secret' | 'previous_secret' | 'headers' | 'headers_sealed'>,
): { secret: string; previousSecret: string | null; headers: Record<string, string> } {
  return {
    secret: openStored(box, row.id, row.secret),
    previousSecret: row.previous_secret === null ? null : openStored(box, row.id, row.previous_secret),
    headers: openHeaders(box, row),
  };
}

/** Secrets that sign right now: the current one, and the previous one until it expires. */
export function activeSecrets(
  row: Pick<EndpointRow, 'secret' | 'previous_secret' | 'previous_secret_expires_at'>,
  now = new Date(),
): string[] {
  const secrets = [row.secret];
  if (row.previous_secret && row.previous_secret_expires_at && row.previous_secret_expires_at > now) {
    secrets.push(row.previous_secret);
  }
  return secrets;
}

/** A new signing key of the endpoint's scheme. */
export function generateSigningKeyFor(scheme: SignatureScheme): string {
  return scheme === 'ed25519' ? generateSigningKey() : generateSecret();
}

/** After a rotation the previous secret keeps signing this long, so receivers can switch. */
export const PREVIOUS_SECRET_TTL_MS = 24 * 3_600_000;

/**
 * Rotates an endpoint's signing secret (an Ed25519 endpoint gets a new Ed25519 key): a
 * new one signs from now on, and the current one becomes the previous, signing too for PREVIOUS_SECRET_TTL_MS. The endpoint row is locked
 * for the read and the write, so concurrent rotations form a chain (each one's previous
 * is the secret the one before it returned) instead of dropping a secret someone was
 * given. Undefined when the endpoint does not exist (or is deleted).
 */
export async function rotateEndpointSecret(
  db: Kysely<Database>,
  box: SecretBox,
  tenantId: string,
  endpointId: string,
  now = Date.now(),
): Promise<{ scheme: SignatureScheme; secret: string; previousSecret: string; previousSecretExpiresAt: Date } | undefined> {
  return db.transaction().execute(async (trx) => {
    const current = await findEndpoint(trx, tenantId, endpointId, { forUpdate: true });
    if (!current) return undefined;
    const previousSecret = openSecrets(box, current).secret;
    const secret = generateSigningKeyFor(current.signature_scheme);
    const previousSecretExpiresAt = new Date(now + PREVIOUS_SECRET_TTL_MS);
    await updateEndpoint(trx, tenantId, endpointId, {
      secret: sealSecret(box, current.id, secret),
      previous_secret: sealSecret(box, current.id, previousSecret),
      previous_secret_expires_at: previousSecretExpiresAt,
    });
    return { scheme: current.signature_scheme, secret, previousSecret, previousSecretExpiresAt };
  });
}

/**
 * Seals every secret still stored in plaintext (endpoints created before secrets were
 * encrypted). A migration cannot do this: migrations are frozen and never read the
 * configuration, where the key is. The API and the worker run it at start, after the
 * migrations; each update is conditional on the old value, so replicas starting at once
 * do not seal a secret twice. Returns how many endpoints it sealed.
 */
export async function sealPlaintextSecrets(db: Kysely<Database>, box: SecretBox): Promise<number> {
  const rows = await db
    .selectFrom('endpoints')
    .select(['id', 'secret', 'previous_secret'])
    .where((eb) => eb.or([eb('secret', 'not like', 'v1:%'), eb('previous_secret', 'not like', 'v1:%')]))
    .execute();
  let sealed = 0;
  for (const row of rows) {
    const seal = (value: string) => (SecretBox.isSealed(value) ? value : sealSecret(box, row.id, value));
    const result = await db
      .updateTable('endpoints')
      .set({ secret: seal(row.secret), previous_secret: row.previous_secret === null ? null : seal(row.previous_secret) })
      .where('id', '=', row.id)
      .where('secret', '=', row.secret)
      .where((eb) => (row.previous_secret === null ? eb('previous_secret', 'is', null) : eb('previous_secret', '=', row.previous_secret)))
      .executeTakeFirst();
    if (result.numUpdatedRows > 0n) sealed++;
  }
  return sealed;
}

/**
 * Seals the custom header values of endpoints written before they were sealed
 * (`headers_sealed = false`, migration 0005), like `sealPlaintextSecrets` and for the
 * same reason run by the API and the worker at start, after the migrations. Each update
 * is conditional on the row being unchanged since it was read, so replicas starting at
 * once do not seal a value twice. Returns how many endpoints it sealed.
 */
export async function sealPlaintextHeaders(db: Kysely<Database>, box: SecretBox): Promise<number> {
  const rows = await db.selectFrom('endpoints').select(['id', 'headers']).where('headers_sealed', '=', false).execute();
  let sealed = 0;
  for (const row of rows) {
    const result = await db
      .updateTable('endpoints')
      .set({ headers: JSON.stringify(sealHeaders(box, row.id, row.headers)), headers_sealed: true })
      .where('id', '=', row.id)
      .where('headers_sealed', '=', false)
      .where(sql<boolean>`headers = ${JSON.stringify(row.headers)}::jsonb`)
      .executeTakeFirst();
    if (result.numUpdatedRows > 0n) sealed++;
  }
  return sealed;
}
