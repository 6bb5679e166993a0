import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Authenticated encryption of secrets at rest: AES-256-GCM with a random 96-bit IV per
 * value, stored as `v1:<iv>:<tag>:<ciphertext>` (base64 each). The `context` (an
 * endpoint id) is bound as additional authenticated data, so a ciphertext copied onto
 * another row does not decrypt there. The `v1` leaves room for a later key rotation.
 */
const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Reads SECRET_ENCRYPTION_KEY: 32 bytes written as 64 hex characters or as base64
 * (standard or URL-safe, padding optional). Undefined when the text is neither.
 */
export function decodeEncryptionKey(text: string): Buffer | undefined {
  const value = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex');
  if (!/^[A-Za-z0-9+/_-]{43}={0,1}$/.test(value)) return undefined;
  const key = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  return key.length === 32 ? key : undefined;
}

export class SecretBox {
  private readonly key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error('an AES-256 key must be 32 bytes');
    this.key = Buffer.from(key);
  }

  static isSealed(value: string): boolean {
    return value.startsWith(`${VERSION}:`);
  }

  seal(plaintext: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, iv.toString('base64'), cipher.getAuthTag().toString('base64'), ciphertext.toString('base64')].join(':');
  }

  /** Throws if the value was not sealed with this key for this context, or was altered. */
  open(sealed: string, context: string): string {
    const [version, ivText, tagText, ciphertextText, extra] = sealed.split(':');
    if (version !== VERSION || ivText === undefined || tagText === undefined || ciphertextText === undefined || extra !== undefined) {
      throw new Error('not a sealed secret');
    }
    const iv = Buffer.from(ivText, 'base64');
    const tag = Buffer.from(tagText, 'base64');
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new Error('not a sealed secret');
    const decipher = createDecipheriv('aes-256-gcm', this.key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(Buffer.from(ciphertextText, 'base64')), decipher.final()]).toString('utf8');
    } catch {
      // Never the key or the value in the message: this may be logged.
      throw new Error('cannot decrypt a sealed secret: SECRET_ENCRYPTION_KEY is not the key it was sealed with, or the value was altered');
    }
  }
}
