import { Webhook } from 'standardwebhooks';
import { decodeSecret, generateSecret, isValidSecret, signature, signatureHeader } from '../../src/delivery/sign';

describe('Standard Webhooks signatures', () => {
  const body = JSON.stringify({ id: 'evt_1', type: 'order.created', timestamp: '2026-01-01T00:00:00.000Z', data: { a: 1 } });

  it('generates whsec_ secrets of 32 random bytes', () => {
    const secret = generateSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);
    expect(isValidSecret(secret)).toBe(true);
    expect(generateSecret()).not.toBe(secret);
  });

  it('rejects secrets without the prefix or of the wrong size', () => {
    expect(isValidSecret('abc')).toBe(false);
    expect(isValidSecret(`whsec_${Buffer.alloc(8).toString('base64')}`)).toBe(false);
    expect(isValidSecret(`whsec_${Buffer.alloc(65).toString('base64')}`)).toBe(false);
  });

  it('is verified by the standardwebhooks reference library', () => {
    const secret = generateSecret();
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = {
      'webhook-id': 'evt_1',
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signatureHeader([secret], 'evt_1', timestamp, body),
    };
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
  });

  it('matches the reference library byte for byte', () => {
    const secret = generateSecret();
    const timestamp = new Date(1_700_000_000_000);
    expect(signature(secret, 'msg_1', 1_700_000_000, body)).toBe(new Webhook(secret).sign('msg_1', timestamp, body));
  });

  it('signs with every valid secret during a rotation, and either one verifies', () => {
    const oldSecret = generateSecret();
    const newSecret = generateSecret();
    const timestamp = Math.floor(Date.now() / 1000);
    const header = signatureHeader([newSecret, oldSecret], 'evt_1', timestamp, body);
    expect(header.split(' ')).toHaveLength(2);
    const headers = { 'webhook-id': 'evt_1', 'webhook-timestamp': String(timestamp), 'webhook-signature': header };
    expect(() => new Webhook(oldSecret).verify(body, headers)).not.toThrow();
    expect(() => new Webhook(newSecret).verify(body, headers)).not.toThrow();
    expect(() => new Webhook(generateSecret()).verify(body, headers)).toThrow();
  });

  it('fails verification when the body is altered', () => {
    const secret = generateSecret();
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = {
      'webhook-id': 'evt_1',
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signatureHeader([secret], 'evt_1', timestamp, body),
    };
    expect(() => new Webhook(secret).verify(body.replace('1}', '2}'), headers)).toThrow();
  });
});

describe('decodeSecret', () => {
  it('accepts canonical base64 of 24 to 64 bytes only', () => {
    for (const size of [24, 25, 26, 32, 64]) {
      const bytes = Buffer.alloc(size, 7);
      expect(decodeSecret(`whsec_${bytes.toString('base64')}`)).toEqual(bytes);
    }
    for (const bad of [
      'whsec_%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%',
      `whsec_ ${'A'.repeat(32)}`,
      `whsec_${'A'.repeat(32)} `,
      `whsec_${'A'.repeat(32)}==garbage`,
      `whsec_${'A'.repeat(32)}AB==`,
      `whsec_${'A'.repeat(34)}`,
    ]) {
      expect(decodeSecret(bad)).toBeUndefined();
    }
  });
});
