import type { Kysely } from 'kysely';
import type { Database, EndpointRow } from '../db/schema';
import { SecretBox } from '../lib/secret-box';

/**
 * Endpoint signing secrets are stored sealed (AES-256-GCM, bound to the endpoint id) in
 * `endpoints.secret` and `endpoints.previous_secret`. They are opened in exactly three
 * places: the attempt activity (to sign), and the secret and rotate-secret routes (to
 * show them). Everything else sees ciphertext.
 */

export function sealSecret(box: SecretBox, endpointId: string, secret: string): string {
  return box.seal(secret, endpointId);
}

/** A stored value: sealed, or plaintext written before secrets were sealed (until `sealPlaintextSecrets` ran). */
function openStored(box: SecretBox, endpointId: string, stored: string): string {
  return SecretBox.isSealed(stored) ? box.open(stored, endpointId) : stored;
}

export function openSecrets(
  box: SecretBox,
  row: Pick<EndpointRow, 'id' | 'secret' | 'previous_secret'>,
): { secret: string; previousSecret: string | null } {
  return {
    secret: openStored(box, row.id, row.secret),
    previousSecret: row.previous_secret === null ? null : openStored(box, row.id, row.previous_secret),
  };
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
