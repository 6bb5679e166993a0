import { createHmac, randomBytes } from 'node:crypto';

/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com/):
 * `v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">` keyed with the base64-decoded
 * part of a `whsec_` secret. During a rotation both secrets sign, space-separated.
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

/** The `webhook-signature` header value for every secret currently valid. */
export function signatureHeader(secrets: readonly string[], id: string, timestampSeconds: number, body: string): string {
  return secrets.map((secret) => signature(secret, id, timestampSeconds, body)).join(' ');
}
