import { createPublicKey, verify } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import {
  generateSecret,
  generateSigningKey,
  isValidSigningKey,
  publicKeyOf,
  signature,
  signatureHeader,
  signatureV1a,
} from '../../src/delivery/sign';

/**
 * Standard Webhooks asymmetric signatures: `v1a,<base64 Ed25519 signature of "{id}.{timestamp}.{body}">`
 * with a `whsk_` key (base64 of the 32-byte seed); receivers verify with the `whpk_` public key
 * (base64 of the raw 32-byte key).
 */

// RFC 8032 §7.1, test 1: this seed has this public key.
const RFC_SEED = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60';
const RFC_PUBLIC = 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a';
const rfcKey = `whsk_${Buffer.from(RFC_SEED, 'hex').toString('base64')}`;

/** A receiver's check with nothing of ours: the raw public key wrapped as SPKI, node:crypto verify. */
function verifiesWith(publicKey: string, id: string, timestamp: number, body: string, header: string): boolean {
  const raw = Buffer.from(publicKey.slice('whpk_'.length), 'base64');
  const key = createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), raw]), format: 'der', type: 'spki' });
  return header
    .split(' ')
    .filter((s) => s.startsWith('v1a,'))
    .some((s) => verify(null, Buffer.from(`${id}.${timestamp}.${body}`), key, Buffer.from(s.slice(4), 'base64')));
}

describe('Ed25519 (v1a) signatures', () => {
  const body = '{"type":"order.created","data":{"orderId":"ord_42"}}';

  it('derives the RFC 8032 public key from its seed, as whpk_ + base64 of the raw 32 bytes', () => {
    expect(publicKeyOf(rfcKey)).toBe(`whpk_${Buffer.from(RFC_PUBLIC, 'hex').toString('base64')}`);
  });

  it('known answer: a fixed seed signs a fixed message to a fixed signature (computed with the openssl CLI)', () => {
    // openssl pkeyutl -sign -rawin over `msg_2Lj9.1700000000.<body>` with the RFC 8032 test-1 key.
    const expected = 'GSX/0LeIkbHCyg3ACMx/vhHRUrsbAE/RCF7hphV0apohsOKppEgh9zj6qgUNxfuhL6pBKhp4OrzayOCXLHtHDQ==';
    expect(signatureV1a(rfcKey, 'msg_2Lj9', 1_700_000_000, body)).toBe(`v1a,${expected}`);
    expect(signatureHeader([rfcKey], 'msg_2Lj9', 1_700_000_000, body)).toBe(`v1a,${expected}`);
  });

  it('generates whsk_ keys of 32 random bytes, each with its own public key', () => {
    const key = generateSigningKey();
    expect(key).toMatch(/^whsk_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(key.slice(5), 'base64')).toHaveLength(32);
    expect(isValidSigningKey(key)).toBe(true);
    const other = generateSigningKey();
    expect(other).not.toBe(key);
    expect(publicKeyOf(other)).not.toBe(publicKeyOf(key));
    expect(publicKeyOf(key)).toMatch(/^whpk_[A-Za-z0-9+/]{43}=$/);
  });

  it('refuses what is not a whsk_ key of 32 bytes', () => {
    expect(isValidSigningKey(generateSecret())).toBe(false);
    expect(isValidSigningKey(`whsk_${Buffer.alloc(31).toString('base64')}`)).toBe(false);
    expect(isValidSigningKey('whsk_%%%%')).toBe(false);
    expect(() => publicKeyOf('whsk_abc')).toThrow();
  });

  it('verifies with node:crypto and the public key; an altered body, id or timestamp does not', () => {
    const key = generateSigningKey();
    const publicKey = publicKeyOf(key);
    const header = signatureHeader([key], 'evt_1', 1_700_000_000, body);
    expect(header).toMatch(/^v1a,[A-Za-z0-9+/]{86}==$/);
    expect(verifiesWith(publicKey, 'evt_1', 1_700_000_000, body, header)).toBe(true);
    expect(verifiesWith(publicKey, 'evt_1', 1_700_000_000, body.replace('42', '43'), header)).toBe(false);
    expect(verifiesWith(publicKey, 'evt_2', 1_700_000_000, body, header)).toBe(false);
    expect(verifiesWith(publicKey, 'evt_1', 1_700_000_001, body, header)).toBe(false);
    expect(verifiesWith(publicKeyOf(generateSigningKey()), 'evt_1', 1_700_000_000, body, header)).toBe(false);
  });

  it('during a rotation both keys sign, space-separated, and each public key verifies its own', () => {
    const [next, previous] = [generateSigningKey(), generateSigningKey()];
    const header = signatureHeader([next, previous], 'evt_1', 1_700_000_000, body);
    const parts = header.split(' ');
    expect(parts).toHaveLength(2);
    expect(parts.every((p) => p.startsWith('v1a,'))).toBe(true);
    expect(verifiesWith(publicKeyOf(next), 'evt_1', 1_700_000_000, body, parts[0]!)).toBe(true);
    expect(verifiesWith(publicKeyOf(previous), 'evt_1', 1_700_000_000, body, parts[1]!)).toBe(true);
    expect(verifiesWith(publicKeyOf(previous), 'evt_1', 1_700_000_000, body, header)).toBe(true);
  });

  it('leaves HMAC secrets signing v1 as before', () => {
    const secret = generateSecret();
    expect(signatureHeader([secret], 'evt_1', 1_700_000_000, body)).toBe(signature(secret, 'evt_1', 1_700_000_000, body));
    expect(signatureHeader([secret], 'evt_1', 1_700_000_000, body)).toMatch(/^v1,/);
  });

  it('standardwebhooks 1.1 (the JavaScript reference library) does not verify v1a: it skips every non-v1 signature', () => {
    // Pinned so that this test, and the docs that say to verify v1a with node:crypto, change when it does.
    const key = generateSigningKey();
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = {
      'webhook-id': 'evt_1',
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signatureHeader([key], 'evt_1', timestamp, body),
    };
    // The library only takes whsec_ secrets; with any secret it finds no v1 signature to check.
    expect(() => new Webhook(generateSecret()).verify(body, headers)).toThrow('No matching signature found');
  });
});
