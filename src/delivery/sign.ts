import { createHmac, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';

/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com/), over "{id}.{timestamp}.{body}":
 * - `v1,<base64 HMAC-SHA256>` keyed with the base64-decoded part of a `whsec_` secret;
 * - `v1a,<base64 Ed25519 signature>` with a `whsk_` signing key (base64 of the 32-byte
 *   seed); receivers verify with its `whpk_` public key (base64 of the raw 32-byte key).
 * A key says its scheme by its prefix. During a rotation both keys sign, space-separated.
 */
export const SECRET_PREFIX = 'whsec_';

/** A new signing secret: `whsec_` + base64 of 32 random bytes. */
export function generateSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString('base64');
}

/** Canonical base64: the standard alphabet, in whole quanta, padded with `=`. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * The key bytes of a `whsec_` secret, decoded strictly, or undefined. Node's base64
 * decoder skips whatever it does not understand (`%`, spaces, text after `==`), so
 * `whsec_%%%%…` would still yield some key here while every Standard Webhooks library
 * refuses it: only canonical base64 of 24 to 64 bytes is a secret (re-encoding the bytes
 * must give the same text, which also rules out non-zero padding bits).
 */
export function decodeSecret(secret: string): Buffer | undefined {
  if (!secret.startsWith(SECRET_PREFIX)) return undefined;
  const text = secret.slice(SECRET_PREFIX.length);
  if (!BASE64.test(text)) return undefined;
  const raw = Buffer.from(text, 'base64');
  if (raw.toString('base64') !== text) return undefined;
  return raw.length >= 24 && raw.length <= 64 ? raw : undefined;
}

export function isValidSecret(secret: string): boolean {
  return decodeSecret(secret) !== undefined;
}

export function signature(secret: string, id: string, timestampSeconds: number, body: string): string {
  const key = Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64');
  const mac = createHmac('sha256', key).update(`${id}.${timestampSeconds}.${body}`).digest('base64');
  return `v1,${mac}`;
}

export const SIGNING_KEY_PREFIX = 'whsk_';
export const PUBLIC_KEY_PREFIX = 'whpk_';

/** A new Ed25519 signing key: `whsk_` + base64 of its 32-byte seed (the private key in RFC 8032's form). */
export function generateSigningKey(): string {
  const { privateKey } = generateKeyPairSync('ed25519');
  const seed = Buffer.from(privateKey.export({ format: 'jwk' }).d!, 'base64url');
  return SIGNING_KEY_PREFIX + seed.toString('base64');
}

/** The 32-byte seed of a `whsk_` key, decoded strictly (canonical base64), or undefined. */
function decodeSigningKey(key: string): Buffer | undefined {
  if (!key.startsWith(SIGNING_KEY_PREFIX)) return undefined;
  const text = key.slice(SIGNING_KEY_PREFIX.length);
  if (!BASE64.test(text)) return undefined;
  const seed = Buffer.from(text, 'base64');
  return seed.length === 32 && seed.toString('base64') === text ? seed : undefined;
}

export function isValidSigningKey(key: string): boolean {
  return decodeSigningKey(key) !== undefined;
}

/** PKCS#8 DER of an Ed25519 private key is this fixed prefix followed by the 32-byte seed (RFC 8410). */
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

function privateKeyOf(key: string): KeyObject {
  const seed = decodeSigningKey(key);
  if (!seed) throw new Error('not a whsk_ signing key');
  return createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

/** The `whpk_` public key of a `whsk_` signing key: what receivers verify `v1a` signatures with. */
export function publicKeyOf(key: string): string {
  const raw = Buffer.from(createPublicKey(privateKeyOf(key)).export({ format: 'jwk' }).x!, 'base64url');
  return PUBLIC_KEY_PREFIX + raw.toString('base64');
}

export function signatureV1a(key: string, id: string, timestampSeconds: number, body: string): string {
  return `v1a,${sign(null, Buffer.from(`${id}.${timestampSeconds}.${body}`), privateKeyOf(key)).toString('base64')}`;
}

/** The `webhook-signature` header value for every key currently valid: `v1a` for `whsk_` keys, `v1` for `whsec_` secrets. */
export function signatureHeader(secrets: readonly string[], id: string, timestampSeconds: number, body: string): string {
  return secrets
    .map((secret) =>
      secret.startsWith(SIGNING_KEY_PREFIX)
        ? signatureV1a(secret, id, timestampSeconds, body)
        : signature(secret, id, timestampSeconds, body),
    )
    .join(' ');
}
