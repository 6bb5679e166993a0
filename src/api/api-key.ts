import { createHash, randomBytes } from 'node:crypto';

/**
 * Tenant API keys: `hf_` + 43 base64url characters (32 random bytes). Nothing in a key
 * names its tenant; the key is looked up by its SHA-256, which is all that is stored.
 * A hash without a salt is enough here: keys are 256-bit random, not guessable
 * passwords, and an unsalted hash is what makes the lookup one unique-index probe.
 */
export const API_KEY_PREFIX = 'hf_';
const API_KEY_PATTERN = /^hf_[A-Za-z0-9_-]{43}$/;
/** How much of a key is kept in the clear to tell keys apart: `hf_` + 8 characters (48 bits). */
const DISPLAY_PREFIX_LENGTH = API_KEY_PREFIX.length + 8;

export function generateApiKey(): string {
  return API_KEY_PREFIX + randomBytes(32).toString('base64url');
}

/** Whether a presented bearer token can be a tenant key at all (saves a lookup for anything else). */
export function looksLikeApiKey(token: string): boolean {
  return API_KEY_PATTERN.test(token);
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function displayPrefix(key: string): string {
  return key.slice(0, DISPLAY_PREFIX_LENGTH);
}

/**
 * Customer-portal session tokens: `hfps_` + 43 base64url characters (32 random bytes),
 * stored as their SHA-256 like keys, and carried only in the portal URL's fragment.
 */
export const PORTAL_TOKEN_PREFIX = 'hfps_';
const PORTAL_TOKEN_PATTERN = /^hfps_[A-Za-z0-9_-]{43}$/;

export function generatePortalToken(): string {
  return PORTAL_TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

export function looksLikePortalToken(token: string): boolean {
  return PORTAL_TOKEN_PATTERN.test(token);
}
