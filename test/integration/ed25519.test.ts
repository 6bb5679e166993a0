import { spawn } from 'node:child_process';
import { createPublicKey, verify } from 'node:crypto';
import path from 'node:path';
import { Webhook } from 'standardwebhooks';
import { publicKeyOf } from '../../src/delivery/sign';
import { openSecrets } from '../../src/services/endpoint-secrets';
import { createEndpoint, createTenant, publish, waitForDeliveryStatus } from '../helpers/hookflow';
import { freePort } from '../helpers/ports';
import { eventually, type ReceivedRequest, ReceiverPool } from '../helpers/receiver';
import { startTestStack, type TestStack } from '../helpers/stack';

/**
 * Asymmetric signatures (Standard Webhooks `v1a`): an endpoint created with
 * `"signatureScheme": "ed25519"` gets a public key, never its private key; its deliveries
 * carry `v1a,` signatures that verify with that public key (node:crypto only: the
 * standardwebhooks package verifies `v1` alone); rotation keeps the old key signing 24 h.
 */

const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** A receiver's check, as docs/receiving-webhooks.md shows it: every `v1a,` signature against one `whpk_` key. */
function verifiesV1a(publicKey: string, request: ReceivedRequest): boolean {
  expect(publicKey).toMatch(/^whpk_[A-Za-z0-9+/]{43}=$/);
  const raw = Buffer.from(publicKey.slice('whpk_'.length), 'base64');
  const key = createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, raw]), format: 'der', type: 'spki' });
  const signed = Buffer.from(`${request.headers['webhook-id']}.${request.headers['webhook-timestamp']}.${request.body}`);
  return String(request.headers['webhook-signature'])
    .split(' ')
    .filter((s) => s.startsWith('v1a,'))
    .some((s) => verify(null, signed, key, Buffer.from(s.slice('v1a,'.length), 'base64')));
}

describe('ed25519 endpoints (v1a signatures)', () => {
  let stack: TestStack;
  const receivers = new ReceiverPool();

  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(async () => {
    await receivers.closeAll();
    await stack?.stop();
  });

  it('signs deliveries with v1a; the public key from the API verifies them; the private key is never shown', async () => {
    const tenant = await createTenant(stack, 'ed');
    const rx = await receivers.start();
    const created = await createEndpoint(stack, tenant, { url: rx.url(), signatureScheme: 'ed25519' });
    expect(created.signatureScheme).toBe('ed25519');
    expect(created).not.toHaveProperty('secret');
    const publicKey: string = created.publicKey;
    expect(publicKey).toMatch(/^whpk_/);

    const shown = await stack.api('GET', `/v1/tenants/${tenant}/endpoints/${created.id}/secret`);
    expect(shown.status).toBe(200);
    expect(shown.body).toEqual({ publicKey, previousPublicKey: null, previousPublicKeyExpiresAt: null });
    const got = await stack.api('GET', `/v1/tenants/${tenant}/endpoints/${created.id}`);
    expect(got.body.signatureScheme).toBe('ed25519');
    expect(JSON.stringify([created, shown.body, got.body])).not.toContain('whsk_');
    // At rest: the private key sealed in the same column as an HMAC secret, and it is the key behind publicKey.
    const row = await stack.db.selectFrom('endpoints').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
    expect(row.signature_scheme).toBe('ed25519');
    expect(row.secret).toMatch(/^v1:/);
    const opened = openSecrets(stack.ctx.secretBox, row).secret;
    expect(opened).toMatch(/^whsk_/);
    expect(publicKeyOf(opened)).toBe(publicKey);

    const event = await publish(stack, tenant, { type: 'order.created', data: { orderId: 1, note: 'ü' } });
    const [request] = await rx.waitForRequests(1);
    const header = String(request!.headers['webhook-signature']);
    expect(header).toMatch(/^v1a,[A-Za-z0-9+/]{86}==$/);
    expect(verifiesV1a(publicKey, request!)).toBe(true);
    expect(verifiesV1a(publicKey, { ...request!, body: request!.body.replace('"orderId":1', '"orderId":2') })).toBe(false);
    // The reference library checks v1 only: it finds nothing to verify here.
    expect(() => new Webhook(`whsec_${Buffer.alloc(32, 7).toString('base64')}`).verify(request!.body, request!.headers as any)).toThrow(
      'No matching signature found',
    );
    await waitForDeliveryStatus(stack, tenant, event.deliveries[0]!.id, 'finished');
  });

  it('rotation: a new key pair signs, the old one keeps signing for 24 hours, and both public keys verify', async () => {
    const tenant = await createTenant(stack, 'edrot');
    const rx = await receivers.start();
    const created = await createEndpoint(stack, tenant, { url: rx.url(), signatureScheme: 'ed25519' });
    const before = Date.now();
    const rotated = await stack.api('POST', `/v1/tenants/${tenant}/endpoints/${created.id}/rotate-secret`);
    expect(rotated.status).toBe(200);
    expect(Object.keys(rotated.body).sort()).toEqual(['previousPublicKey', 'previousPublicKeyExpiresAt', 'publicKey']);
    expect(rotated.body.previousPublicKey).toBe(created.publicKey);
    expect(rotated.body.publicKey).toMatch(/^whpk_/);
    expect(rotated.body.publicKey).not.toBe(created.publicKey);
    const expiresIn = Date.parse(rotated.body.previousPublicKeyExpiresAt) - before;
    expect(expiresIn).toBeGreaterThan(24 * 3_600_000 - 60_000);
    expect(expiresIn).toBeLessThanOrEqual(24 * 3_600_000 + 60_000);
    const shown = await stack.api('GET', `/v1/tenants/${tenant}/endpoints/${created.id}/secret`);
    expect(shown.body).toEqual(rotated.body);

    await publish(stack, tenant, { type: 'order.created', data: { orderId: 2 } });
    const [request] = await rx.waitForRequests(1);
    const parts = String(request!.headers['webhook-signature']).split(' ');
    expect(parts).toHaveLength(2);
    expect(parts.every((p) => p.startsWith('v1a,'))).toBe(true);
    // New key first, then the old one: each public key verifies its own signature.
    const only = (signature: string) => ({ ...request!, headers: { ...request!.headers, 'webhook-signature': signature } });
    expect(verifiesV1a(rotated.body.publicKey, only(parts[0]!))).toBe(true);
    expect(verifiesV1a(created.publicKey, only(parts[1]!))).toBe(true);
    expect(verifiesV1a(created.publicKey, only(parts[0]!))).toBe(false);

    // Once the overlap is over (expiry moved to the past), only the new key signs.
    await stack.db
      .updateTable('endpoints')
      .set({ previous_secret_expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', created.id)
      .execute();
    await publish(stack, tenant, { type: 'order.created', data: { orderId: 3 } });
    const [, later] = await rx.waitForRequests(2);
    expect(String(later!.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect(verifiesV1a(rotated.body.publicKey, later!)).toBe(true);
    expect(verifiesV1a(created.publicKey, later!)).toBe(false);
    const after = await stack.api('GET', `/v1/tenants/${tenant}/endpoints/${created.id}/secret`);
    expect(after.body).toEqual({ publicKey: rotated.body.publicKey, previousPublicKey: null, previousPublicKeyExpiresAt: null });
  });

  it('HMAC endpoints are unchanged: whsec_ secret, v1 signatures, the same secret and rotation shapes', async () => {
    const tenant = await createTenant(stack, 'hmac');
    const rx = await receivers.start();
    const plain = await createEndpoint(stack, tenant, { url: rx.url('/plain') });
    const explicit = await createEndpoint(stack, tenant, { url: rx.url('/explicit'), signatureScheme: 'hmac-sha256' });
    for (const endpoint of [plain, explicit]) {
      expect(endpoint.signatureScheme).toBe('hmac-sha256');
      expect(endpoint.secret).toMatch(/^whsec_/);
      expect(endpoint).not.toHaveProperty('publicKey');
    }
    const shown = await stack.api('GET', `/v1/tenants/${tenant}/endpoints/${plain.id}/secret`);
    expect(shown.body).toEqual({ secret: plain.secret, previousSecret: null, previousSecretExpiresAt: null });
    const rotated = await stack.api('POST', `/v1/tenants/${tenant}/endpoints/${explicit.id}/rotate-secret`);
    expect(Object.keys(rotated.body).sort()).toEqual(['previousSecret', 'previousSecretExpiresAt', 'secret']);
    expect(rotated.body.previousSecret).toBe(explicit.secret);
    expect(rotated.body.secret).toMatch(/^whsec_/);

    await publish(stack, tenant, { type: 'order.created', data: { orderId: 4 } });
    const requests = await rx.waitForRequests(2);
    const byPath = (path: string) => requests.find((r) => r.path === path)!;
    expect(String(byPath('/plain').headers['webhook-signature'])).toMatch(/^v1,[^ ]+$/);
    expect(String(byPath('/explicit').headers['webhook-signature'])).toMatch(/^v1,[^ ]+ v1,[^ ]+$/);
    expect(() => new Webhook(plain.secret).verify(byPath('/plain').body, byPath('/plain').headers as any)).not.toThrow();
    for (const secret of [rotated.body.secret, explicit.secret]) {
      expect(() => new Webhook(secret).verify(byPath('/explicit').body, byPath('/explicit').headers as any)).not.toThrow();
    }
  });

  it('refuses an unknown scheme, a secret for ed25519, and a scheme change, each with a 400 naming the field', async () => {
    const tenant = await createTenant(stack, 'edbad');
    const rx = await receivers.start();
    const fields = (body: any) => body.error.details.map((d: { field: string }) => d.field);

    const unknown = await stack.api('POST', `/v1/tenants/${tenant}/endpoints`, { url: rx.url(), signatureScheme: 'rsa' });
    expect(unknown.status).toBe(400);
    expect(fields(unknown.body)).toEqual(['signatureScheme']);

    const withSecret = await stack.api('POST', `/v1/tenants/${tenant}/endpoints`, {
      url: rx.url(),
      signatureScheme: 'ed25519',
      secret: `whsec_${Buffer.alloc(32, 1).toString('base64')}`,
    });
    expect(withSecret.status).toBe(400);
    expect(fields(withSecret.body)).toEqual(['secret']);

    const endpoint = await createEndpoint(stack, tenant, { url: rx.url() });
    const path = `/v1/tenants/${tenant}/endpoints/${endpoint.id}`;
    const change = await stack.api('PATCH', path, { signatureScheme: 'ed25519' });
    expect(change.status).toBe(400);
    expect(fields(change.body)).toEqual(['signatureScheme']);
    expect(change.body.error.message).toContain('cannot be changed');
    const badValue = await stack.api('PATCH', path, { signatureScheme: 'hmac-sha512' });
    expect(badValue.status).toBe(400);
    expect(fields(badValue.body)).toEqual(['signatureScheme']);
    // Naming the scheme it already has changes nothing and is accepted.
    const same = await stack.api('PATCH', path, { signatureScheme: 'hmac-sha256', description: 'still hmac' });
    expect(same.status).toBe(200);
    expect(same.body.signatureScheme).toBe('hmac-sha256');
    const secret = await stack.api('GET', `${path}/secret`);
    expect(secret.body.secret).toBe(endpoint.secret);
  });

  it('examples/receiver-ed25519.mjs accepts deliveries signed by its public key and rejects another key', async () => {
    const tenant = await createTenant(stack, 'edex');
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/webhooks`;
    const endpoint = await createEndpoint(stack, tenant, { url, signatureScheme: 'ed25519', eventTypes: ['order.*'] });
    let output = '';
    const receiver = spawn(process.execPath, [path.resolve(__dirname, '../../examples/receiver-ed25519.mjs')], {
      env: { ...process.env, WEBHOOK_PUBLIC_KEY: endpoint.publicKey, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    receiver.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    receiver.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      await eventually(async () => output.includes('receiver listening'), 10_000, 'receiver start');
      const event = await publish(stack, tenant, { type: 'order.created', data: { orderId: 5 } });
      await waitForDeliveryStatus(stack, tenant, event.deliveries[0]!.id, 'finished');
      expect(output).toContain(`received order.created ${event.id}`);

      // Same receiver, another ed25519 endpoint (another key pair): 400.
      await createEndpoint(stack, tenant, { url, signatureScheme: 'ed25519', eventTypes: ['invoice.*'], retrySchedule: [] });
      const forged = await publish(stack, tenant, { type: 'invoice.paid', data: {} });
      const failed = await waitForDeliveryStatus(stack, tenant, forged.deliveries[0]!.id, 'failed');
      expect(failed.attempts[0].statusCode).toBe(400);
      expect(output).toContain('rejected: no valid v1a signature');
    } finally {
      receiver.kill();
    }
  });
});
