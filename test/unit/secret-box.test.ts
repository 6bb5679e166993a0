import { randomBytes } from 'node:crypto';
import { decodeEncryptionKey, SecretBox } from '../../src/lib/secret-box';

describe('SecretBox: AES-256-GCM for secrets at rest', () => {
  const key = randomBytes(32);
  const box = new SecretBox(key);
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

  it('seals to v1:<iv>:<tag>:<ciphertext> without the plaintext, and opens back', () => {
    const sealed = box.seal(secret, 'ep_1');
    expect(sealed).toMatch(/^v1:[A-Za-z0-9+/=]{16}:[A-Za-z0-9+/=]{24}:[A-Za-z0-9+/=]+$/);
    expect(sealed).not.toContain(secret);
    expect(sealed).not.toContain(secret.slice(6));
    expect(SecretBox.isSealed(sealed)).toBe(true);
    expect(SecretBox.isSealed(secret)).toBe(false);
    expect(box.open(sealed, 'ep_1')).toBe(secret);
  });

  it('uses a fresh IV every time: the same secret never seals the same way twice', () => {
    expect(box.seal(secret, 'ep_1')).not.toBe(box.seal(secret, 'ep_1'));
  });

  it('a ciphertext moved to another endpoint does not open (the endpoint id is authenticated data)', () => {
    expect(() => box.open(box.seal(secret, 'ep_1'), 'ep_2')).toThrow(/cannot decrypt/);
  });

  it('another key does not open it, and the message names the variable, not the key', () => {
    const other = new SecretBox(randomBytes(32));
    let message = '';
    try {
      other.open(box.seal(secret, 'ep_1'), 'ep_1');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/SECRET_ENCRYPTION_KEY/);
    expect(message).not.toContain(key.toString('base64'));
  });

  it('tampering with any part is detected', () => {
    const sealed = box.seal(secret, 'ep_1');
    const [v, iv, tag, ct] = sealed.split(':') as [string, string, string, string];
    const flip = (b64: string) => {
      const bytes = Buffer.from(b64, 'base64');
      bytes[0] = (bytes[0] ?? 0) ^ 1;
      return bytes.toString('base64');
    };
    for (const altered of [`${v}:${flip(iv)}:${tag}:${ct}`, `${v}:${iv}:${flip(tag)}:${ct}`, `${v}:${iv}:${tag}:${flip(ct)}`]) {
      expect(() => box.open(altered, 'ep_1')).toThrow();
    }
    expect(() => box.open(`v2:${iv}:${tag}:${ct}`, 'ep_1')).toThrow(/not a sealed secret/);
    expect(() => box.open(secret, 'ep_1')).toThrow(/not a sealed secret/);
  });

  it('refuses keys that are not 32 bytes', () => {
    expect(() => new SecretBox(randomBytes(16))).toThrow();
  });
});

describe('decodeEncryptionKey (SECRET_ENCRYPTION_KEY)', () => {
  const raw = randomBytes(32);

  it.each([
    ['hex', raw.toString('hex')],
    ['HEX', raw.toString('hex').toUpperCase()],
    ['base64', raw.toString('base64')],
    ['base64 without padding', raw.toString('base64').replace(/=+$/, '')],
    ['base64url', raw.toString('base64url')],
    ['with surrounding spaces', ` ${raw.toString('base64')} `],
  ])('reads %s', (_, text) => {
    expect(decodeEncryptionKey(text)).toEqual(raw);
  });

  it.each([
    ['16 bytes of hex', randomBytes(16).toString('hex')],
    ['33 bytes of base64', randomBytes(33).toString('base64')],
    ['31 bytes of base64', randomBytes(31).toString('base64')],
    ['a passphrase', 'correct horse battery staple!!'],
    ['empty', ''],
    ['hex with a bad character', `${raw.toString('hex').slice(0, 63)}g`],
  ])('refuses %s', (_, text) => {
    expect(decodeEncryptionKey(text)).toBeUndefined();
  });
});
