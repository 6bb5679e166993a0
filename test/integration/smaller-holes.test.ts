import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { createEndpoint, publish, waitForDeliveryStatus } from '../helpers/hookflow';
import { ReceiverPool } from '../helpers/receiver';
import { sql } from 'kysely';
import { sealPlaintextHeaders } from '../../src/services/endpoint-secrets';
import { hermeticResolver } from '../helpers/dns';
import { startTestStack, type TestStack } from '../helpers/stack';

/**
 * Issue 17, section 3 ("Smaller holes"): each defence through the real API, the real worker
 * on a real Temporal dev server, and real PostgreSQL.
 */

const receivers = new ReceiverPool();
afterAll(() => receivers.closeAll());

describe('fan-out workflow ids', () => {
  let stack: TestStack;
  // Every event goes through the fan-out workflow; reconcile (1 h in tests) never helps.
  beforeAll(async () => {
    stack = await startTestStack({ PUBLISH_DIRECT_START_MAX: '0' });
  });
  afterAll(() => stack?.stop());

  it('tenant "x" + event "b-q1" and tenant "x-b" + event "q1" each get their own fan-out at once', async () => {
    const base = `fa${randomBytes(4).toString('hex')}`;
    const [first, second] = [`${base}`, `${base}-b`];
    for (const id of [first, second]) expect((await stack.api('POST', '/v1/tenants', { id, name: id })).status).toBe(201);
    const rx = await receivers.start();
    await createEndpoint(stack, first, { url: rx.url('/first') });
    await createEndpoint(stack, second, { url: rx.url('/second') });

    // With no worker the first fan-out stays running, so a colliding id cannot start beside it.
    await stack.stopWorker();
    const a = await publish(stack, first, { type: 'order.created', data: { n: 1 }, id: 'b-q1' });
    const b = await publish(stack, second, { type: 'order.created', data: { n: 2 }, id: 'q1' });
    expect([a.fanOutPending, b.fanOutPending]).toEqual([true, true]);
    await stack.startWorker();

    const requests = await rx.waitForRequests(2, 15_000);
    expect(requests.map((r) => r.path).sort()).toEqual(['/first', '/second']);
    expect(requests.map((r) => r.headers['webhook-id']).sort()).toEqual(['b-q1', 'q1']);
  });
});

describe('the API', () => {
  let stack: TestStack;
  // internal.holes.test is private; moving.holes.test answers loopback (allowed in tests)
  // until a test points it elsewhere.
  let moving = ['127.0.0.1'];
  const resolveHost = hermeticResolver({ 'internal.holes.test': ['10.9.8.7'], 'moving.holes.test': () => moving });
  beforeAll(async () => {
    stack = await startTestStack({}, { resolveHost });
  });
  afterAll(() => stack?.stop());

  const tenant = async () => {
    const id = `t${randomBytes(5).toString('hex')}`;
    expect((await stack.api('POST', '/v1/tenants', { id, name: id })).status).toBe(201);
    return id;
  };

  describe('pagination cursors', () => {
    const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    it.each([
      ['an impossible time', ['2026-13-45T99:99:99.000000Z', 'x']],
      ['a day the month does not have', ['2026-02-30T00:00:00.000000Z', 'evt_1']],
      ['year 0, which PostgreSQL does not have', ['0000-01-01T00:00:00.000000Z', 'evt_1']],
      ['a NUL in the id', ['2026-01-01T00:00:00.000000Z', 'evt\u0000x']],
      ['a space in the id', ['2026-01-01T00:00:00.000000Z', 'evt x']],
    ])('a tampered cursor (%s) is a 400 naming cursor, on events and deliveries', async (_what, value) => {
      const t = await tenant();
      for (const list of ['events', 'deliveries', 'events?status=failed']) {
        const separator = list.includes('?') ? '&' : '?';
        const response = await stack.api('GET', `/v1/tenants/${t}/${list}${separator}cursor=${cursorOf(value)}`);
        expect({ list, status: response.status }).toEqual({ list, status: 400 });
        expect(response.body.error.details).toEqual([{ field: 'cursor', message: expect.any(String) }]);
      }
    });

    it('a real cursor still pages', async () => {
      const t = await tenant();
      for (const n of [1, 2, 3]) await publish(stack, t, { type: 'order.created', data: { n } });
      const first = await stack.api('GET', `/v1/tenants/${t}/events?limit=2`);
      expect(first.body.data).toHaveLength(2);
      const second = await stack.api('GET', `/v1/tenants/${t}/events?limit=2&cursor=${first.body.nextCursor}`);
      expect(second.status).toBe(200);
      expect(second.body.data).toHaveLength(1);
    });
  });

  describe('signing secrets', () => {
    const key = randomBytes(32).toString('base64'); // 44 characters, one '='
    it.each([
      ['not base64 at all', `whsec_${'%'.repeat(44)}`],
      ['a space after the prefix', `whsec_ ${key}`],
      ['trailing spaces', `whsec_${key}  `],
      ['text after the padding', `whsec_${key}=garbage`],
      ['text after the padding (==)', `whsec_${randomBytes(25).toString('base64')}garbage`],
      ['URL-safe alphabet', `whsec_${randomBytes(33).toString('base64url')}-_`],
      ['missing padding', `whsec_${randomBytes(25).toString('base64').replace(/=+$/, '')}`],
      ['non-zero padding bits', `whsec_${'A'.repeat(32)}AB==`], // 25 bytes, but not the canonical text of them
      ['a line break inside', `whsec_${key.slice(0, 20)}\n${key.slice(20)}`],
      ['23 bytes', `whsec_${randomBytes(23).toString('base64')}`],
    ])('a malformed secret (%s) is a 400 naming secret', async (_what, secret) => {
      const t = await tenant();
      const response = await stack.api('POST', `/v1/tenants/${t}/endpoints`, { url: 'http://127.0.0.1:9/s', secret });
      expect(response.status).toBe(400);
      expect(response.body.error.details).toEqual([{ field: 'secret', message: expect.stringContaining('canonical base64') }]);
    });

    it('a canonical secret with padding is accepted and verifies with the standardwebhooks package', async () => {
      const t = await tenant();
      const rx = await receivers.start();
      const secret = `whsec_${randomBytes(25).toString('base64')}`; // ends in ==
      const endpoint = await createEndpoint(stack, t, { url: rx.url(), secret });
      expect(endpoint.secret).toBe(secret);
      await publish(stack, t, { type: 'order.created', data: { n: 1 } });
      const [request] = await rx.waitForRequests(1);
      expect(() => new Webhook(secret).verify(request!.body, request!.headers as Record<string, string>)).not.toThrow();
    });
  });

  describe('idempotency keys', () => {
    it('a key reused with a different id is a 409 naming id; the same id, or none, replays', async () => {
      const t = await tenant();
      const key = { 'idempotency-key': `order-${randomBytes(4).toString('hex')}` };
      const body = { type: 'order.created', data: { n: 1 } };
      const first = await publish(stack, t, { ...body, id: 'evt-first' }, key);
      const other = await stack.api('POST', `/v1/tenants/${t}/events`, { ...body, id: 'evt-second' }, key);
      expect(other.status).toBe(409);
      expect(other.body.error).toMatchObject({
        code: 'idempotency_conflict',
        details: [{ field: 'id', message: expect.stringContaining('evt-first') }],
      });
      expect((await stack.api('GET', `/v1/tenants/${t}/events/evt-second`)).status).toBe(404);

      for (const replay of [{ ...body, id: 'evt-first' }, body]) {
        const again = await stack.api('POST', `/v1/tenants/${t}/events`, replay, key);
        expect(again.status).toBe(202);
        expect(again.body.id).toBe(first.id);
        expect(again.headers.get('idempotent-replayed')).toBe('true');
      }
    });
  });

  describe('request body charsets', () => {
    const post = async (path: string, body: Buffer, contentType: string) => {
      const response = await fetch(`${stack.apiUrl}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${stack.adminKey}`, 'content-type': contentType },
        body,
      });
      return { status: response.status, body: (await response.json()) as any };
    };

    it.each([
      ['utf-7', Buffer.from('{"type":"order.created","data":"+AGEAYgBj-"}')],
      ['UTF-16LE', Buffer.from('{"type":"order.created","data":"abc"}', 'utf16le')],
      ['utf-16', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"type":"order.created","data":"abc"}', 'utf16le')])],
      ['latin1', Buffer.from('{"type":"order.created","data":"caf\u00e9"}', 'latin1')],
      ['"utf-32"', Buffer.from('{}')],
    ])('charset=%s is a 415 naming the charset; nothing is stored', async (charset, body) => {
      const t = await tenant();
      const response = await post(`/v1/tenants/${t}/events`, body, `application/json; charset=${charset}`);
      expect(response.status).toBe(415);
      expect(response.body.error.code).toBe('unsupported_charset');
      expect(response.body.error.details).toEqual([
        { field: 'content-type', message: expect.stringContaining(charset.replaceAll('"', '')) },
      ]);
      expect((await stack.api('GET', `/v1/tenants/${t}/events`)).body.data).toEqual([]);
    });

    it('invalid UTF-8 is a 400 naming body, not stored with U+FFFD', async () => {
      const t = await tenant();
      const body = Buffer.concat([Buffer.from('{"type":"order.created","data":"caf'), Buffer.from([0xe9]), Buffer.from('"}')]);
      for (const contentType of ['application/json', 'application/json; charset=utf-8']) {
        const response = await post(`/v1/tenants/${t}/events`, body, contentType);
        expect(response.status).toBe(400);
        expect(response.body.error).toMatchObject({ code: 'invalid_utf8', details: [{ field: 'body', message: 'is not valid UTF-8' }] });
      }
      expect((await stack.api('GET', `/v1/tenants/${t}/events`)).body.data).toEqual([]);
    });

    it('UTF-8 with or without charset=utf-8 is accepted (control)', async () => {
      const t = await tenant();
      for (const contentType of ['application/json', 'application/json; charset=UTF-8', 'application/json;charset="utf-8"']) {
        const response = await post(`/v1/tenants/${t}/events`, Buffer.from('{"type":"order.created","data":"café ✓"}'), contentType);
        expect(response.status).toBe(202);
        const stored = await stack.api('GET', `/v1/tenants/${t}/events/${response.body.id}`);
        expect(stored.body.data).toBe('café ✓');
      }
    });
  });

  describe('DNS answers', () => {
    it('a 422 for a name resolving to a private address says it is blocked, not what the address is', async () => {
      const t = await tenant();
      const created = await stack.api('POST', `/v1/tenants/${t}/endpoints`, { url: 'http://internal.holes.test/hook' });
      expect(created.status).toBe(422);
      expect(created.body.error.details).toEqual([
        { field: 'url', message: expect.stringContaining('internal.holes.test resolves to an address in a blocked range') },
      ]);
      expect(JSON.stringify(created.body)).not.toMatch(/10\.9\.8\.7|RFC 1918|private \(/);
    });

    it('an attempt refused at connect time records that the address is blocked, not the address', async () => {
      const t = await tenant();
      moving = ['127.0.0.1'];
      await createEndpoint(stack, t, { url: 'http://moving.holes.test:9/hook', retrySchedule: [] });
      moving = ['10.9.8.7'];
      const event = await publish(stack, t, { type: 'order.created', data: {} });
      const delivery = await waitForDeliveryStatus(stack, t, event.deliveries[0]!.id, 'failed');
      expect(delivery.attempts[0]).toMatchObject({
        errorKind: 'blocked',
        errorMessage: expect.stringContaining('moving.holes.test resolves to an address in a blocked range'),
      });
      expect(JSON.stringify(delivery)).not.toMatch(/10\.9\.8\.7|RFC 1918/);
    });
  });

  describe('custom header values', () => {
    const MASK = '••••••';
    const credential = () => `key-${randomBytes(12).toString('hex')}`;
    const tenantKey = async (t: string) => (await stack.api('POST', `/v1/tenants/${t}/api-keys`, {})).body.key as string;

    it('are sealed at rest, masked on create, GET, list and PATCH, and shown only by GET …/headers', async () => {
      const t = await tenant();
      const [apiKey, token, patched] = [credential(), credential(), credential()];
      const rx = await receivers.start();
      const created = await stack.api('POST', `/v1/tenants/${t}/endpoints`, {
        url: rx.url(),
        headers: { 'X-Api-Key': apiKey, Authorization: `Bearer ${token}` },
      });
      expect(created.status).toBe(201);
      expect(created.body.headers).toEqual({ 'X-Api-Key': MASK, Authorization: MASK });
      const path = `/v1/tenants/${t}/endpoints/${created.body.id}`;
      expect((await stack.api('GET', path)).body.headers).toEqual({ 'X-Api-Key': MASK, Authorization: MASK });
      expect((await stack.api('GET', `/v1/tenants/${t}/endpoints`)).body.data[0].headers).toEqual({
        'X-Api-Key': MASK,
        Authorization: MASK,
      });
      const shown = await stack.api('GET', `${path}/headers`);
      expect(shown).toMatchObject({ status: 200, body: { headers: { 'X-Api-Key': apiKey, Authorization: `Bearer ${token}` } } });

      // The database holds neither value, in any column.
      const dump = JSON.stringify((await sql`select * from endpoints`.execute(stack.db)).rows);
      for (const value of [apiKey, token]) expect(dump).not.toContain(value);

      // The receiver gets them in clear.
      await publish(stack, t, { type: 'order.created', data: {} });
      const [request] = await rx.waitForRequests(1);
      expect(request!.headers).toMatchObject({ 'x-api-key': apiKey, authorization: `Bearer ${token}` });

      // PATCH answers masked, stores sealed, and the next delivery sends the new value.
      const update = await stack.api('PATCH', path, { headers: { 'X-Api-Key': patched } });
      expect(update).toMatchObject({ status: 200, body: { headers: { 'X-Api-Key': MASK } } });
      expect(JSON.stringify((await sql`select headers from endpoints`.execute(stack.db)).rows)).not.toContain(patched);
      expect((await stack.api('GET', `${path}/headers`)).body).toEqual({ headers: { 'X-Api-Key': patched } });
      await publish(stack, t, { type: 'order.created', data: {} });
      const requests = await rx.waitForRequests(2);
      expect(requests[1]!.headers['x-api-key']).toBe(patched);
      expect(requests[1]!.headers.authorization).toBeUndefined();
    });

    it("GET …/headers: the tenant's own key may read them, another tenant's key gets 404", async () => {
      const [t, other] = [await tenant(), await tenant()];
      const value = credential();
      const endpoint = await createEndpoint(stack, t, { url: 'http://127.0.0.1:9/h', headers: { 'X-Api-Key': value } });
      const path = `/v1/tenants/${t}/endpoints/${endpoint.id}/headers`;
      const own = await stack.api('GET', path, undefined, { authorization: `Bearer ${await tenantKey(t)}` });
      expect(own).toMatchObject({ status: 200, body: { headers: { 'X-Api-Key': value } } });
      const foreign = await stack.api('GET', path, undefined, { authorization: `Bearer ${await tenantKey(other)}` });
      expect(foreign.status).toBe(404);
      expect(JSON.stringify(foreign.body)).not.toContain(value);
    });

    it('sending the mask back is a 400 naming the header, and the stored value stays', async () => {
      const t = await tenant();
      const value = credential();
      const endpoint = await createEndpoint(stack, t, { url: 'http://127.0.0.1:9/m', headers: { 'X-Api-Key': value } });
      const read = await stack.api('GET', `/v1/tenants/${t}/endpoints/${endpoint.id}`);
      const answer = await stack.api('PATCH', `/v1/tenants/${t}/endpoints/${endpoint.id}`, { headers: read.body.headers });
      expect(answer.status).toBe(400);
      expect(answer.body.error.details).toEqual([{ field: 'headers.X-Api-Key', message: expect.stringContaining('mask') }]);
      expect((await stack.api('GET', `/v1/tenants/${t}/endpoints/${endpoint.id}/headers`)).body).toEqual({
        headers: { 'X-Api-Key': value },
      });
    });

    it('rows stored in plaintext before are sent as they are, and sealed by sealPlaintextHeaders', async () => {
      const t = await tenant();
      const value = credential();
      const rx = await receivers.start();
      const endpoint = await createEndpoint(stack, t, { url: rx.url() });
      // As an earlier version wrote it.
      await stack.db
        .updateTable('endpoints')
        .set({ headers: JSON.stringify({ 'X-Legacy': value }), headers_sealed: false })
        .where('id', '=', endpoint.id)
        .execute();
      expect((await stack.api('GET', `/v1/tenants/${t}/endpoints/${endpoint.id}`)).body.headers).toEqual({ 'X-Legacy': MASK });
      await publish(stack, t, { type: 'order.created', data: {} });
      expect((await rx.waitForRequests(1))[0]!.headers['x-legacy']).toBe(value);

      expect(await sealPlaintextHeaders(stack.db, stack.ctx.secretBox)).toBe(1);
      expect(await sealPlaintextHeaders(stack.db, stack.ctx.secretBox)).toBe(0); // idempotent
      const row = await stack.db
        .selectFrom('endpoints')
        .select(['headers', 'headers_sealed'])
        .where('id', '=', endpoint.id)
        .executeTakeFirstOrThrow();
      expect(row.headers_sealed).toBe(true);
      expect(JSON.stringify(row.headers)).not.toContain(value);
      expect((await stack.api('GET', `/v1/tenants/${t}/endpoints/${endpoint.id}/headers`)).body).toEqual({
        headers: { 'X-Legacy': value },
      });
      await publish(stack, t, { type: 'order.created', data: {} });
      expect((await rx.waitForRequests(2))[1]!.headers['x-legacy']).toBe(value);
    });

    it('GET …/headers is in /openapi.json', async () => {
      const doc = await fetch(`${stack.apiUrl}/openapi.json`).then((r) => r.json() as Promise<any>);
      expect(doc.paths['/v1/tenants/{tenantId}/endpoints/{endpointId}/headers']?.get).toBeDefined();
    });
  });
});

describe('failed authentication, per client address', () => {
  let stack: TestStack;
  // One failure back per second, five at once.
  beforeAll(async () => {
    stack = await startTestStack({ AUTH_FAILURE_LIMIT_PER_MINUTE: '60', AUTH_FAILURE_BURST: '5' }, { worker: false });
  });
  afterAll(() => stack?.stop());

  const call = (authorization: string) => stack.api('GET', '/v1/tenants', undefined, { authorization });

  it('after too many 401s an address gets 429 with Retry-After, whatever key it sends, until a token comes back', async () => {
    // Successful requests cost nothing.
    for (let i = 0; i < 10; i++) expect((await call(`Bearer ${stack.adminKey}`)).status).toBe(200);

    const bad = ['Bearer hf_wrong', 'Bearer nope', 'Basic eDp5', '', `Bearer ${stack.adminKey}x`];
    for (const authorization of bad) expect((await call(authorization)).status).toBe(401);

    const refused = await call('Bearer hf_wrong');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(refused.body.error).toMatchObject({ code: 'rate_limited', details: [{ field: 'authorization', message: expect.any(String) }] });
    // The key is not even looked at while the address is refused.
    expect((await call(`Bearer ${stack.adminKey}`)).status).toBe(429);

    await new Promise((resolve) => setTimeout(resolve, Number(refused.headers.get('retry-after')) * 1000 + 100));
    expect((await call(`Bearer ${stack.adminKey}`)).status).toBe(200);
    expect((await call('Bearer hf_wrong')).status).toBe(401);
    expect((await call('Bearer hf_wrong')).status).toBe(429);
  });
});
