import { sql } from 'kysely';
import { createEndpoint, createTenant } from '../helpers/hookflow';
import { startTestStack, type TestStack } from '../helpers/stack';

/**
 * Customer-portal sessions: a link the platform hands its customer. The token in its
 * fragment is a short-lived, tenant-scoped (optionally read-only) key: it never sees
 * another tenant (404) nor an admin-only route (403), and it stops working when it
 * expires or is revoked.
 */
describe('portal sessions', () => {
  let stack: TestStack;
  const PUBLIC_URL = 'https://hooks.example.test';

  beforeAll(async () => {
    stack = await startTestStack({ PUBLIC_URL }, { worker: false });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const tokenOf = (url: string) => {
    const fragment = new URLSearchParams(new URL(url).hash.slice(1));
    return { tenant: fragment.get('tenant'), token: fragment.get('session')! };
  };
  const as = (token: string) => ({ authorization: `Bearer ${token}` });

  it("opens a link on PUBLIC_URL whose token, in the fragment, acts as the tenant's key and is stored only hashed", async () => {
    const tenant = await createTenant(stack, 'portal');
    const created = await stack.api('POST', `/v1/tenants/${tenant}/portal-sessions`, { theme: { primaryColor: '#3355ff', mode: 'dark' } });
    expect(created.status).toBe(201);
    expect(created.body.url.startsWith(`${PUBLIC_URL}/portal/#`)).toBe(true);
    const { tenant: inLink, token } = tokenOf(created.body.url);
    expect(inLink).toBe(tenant);
    expect(token).toMatch(/^hfps_[A-Za-z0-9_-]{43}$/);
    const expiresIn = Date.parse(created.body.expiresAt) - Date.now();
    expect(expiresIn).toBeGreaterThan(3_500_000);
    expect(expiresIn).toBeLessThanOrEqual(3_600_000);

    const endpoint = await createEndpoint(stack, tenant, { url: 'http://127.0.0.1:9/hook' });
    const read = await stack.api('GET', `/v1/tenants/${tenant}/endpoints/${endpoint.id}`, undefined, as(token));
    expect(read.status).toBe(200);
    const current = await stack.api('GET', `/v1/tenants/${tenant}/portal-sessions/current`, undefined, as(token));
    expect(current.body).toMatchObject({
      id: created.body.id,
      tenantId: tenant,
      readOnly: false,
      theme: { primaryColor: '#3355ff', mode: 'dark' },
    });

    const stored = await stack.db.selectFrom('portal_sessions').selectAll().where('id', '=', created.body.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain(token);
  });

  it('never reaches another tenant (404) nor an admin-only route (403), and cannot open or revoke sessions', async () => {
    const tenant = await createTenant(stack, 'portal');
    const other = await createTenant(stack, 'other');
    const otherEndpoint = await createEndpoint(stack, other, { url: 'http://127.0.0.1:9/hook' });
    const { token } = tokenOf((await stack.api('POST', `/v1/tenants/${tenant}/portal-sessions`, {})).body.url);
    expect((await stack.api('GET', `/v1/tenants/${other}/endpoints/${otherEndpoint.id}`, undefined, as(token))).status).toBe(404);
    expect((await stack.api('GET', `/v1/tenants/${other}/events`, undefined, as(token))).status).toBe(404);
    expect((await stack.api('GET', '/v1/tenants', undefined, as(token))).status).toBe(403);
    expect((await stack.api('POST', '/v1/event-types', { name: 'a.b' }, as(token))).status).toBe(403);
    expect((await stack.api('POST', `/v1/tenants/${tenant}/portal-sessions`, {}, as(token))).status).toBe(403);
  });

  it('a read-only session reads and changes nothing', async () => {
    const tenant = await createTenant(stack, 'ro');
    const endpoint = await createEndpoint(stack, tenant, { url: 'http://127.0.0.1:9/hook' });
    const { token } = tokenOf((await stack.api('POST', `/v1/tenants/${tenant}/portal-sessions`, { readOnly: true })).body.url);
    expect((await stack.api('GET', `/v1/tenants/${tenant}/endpoints`, undefined, as(token))).status).toBe(200);
    for (const [method, path, body] of [
      ['POST', `/v1/tenants/${tenant}/endpoints`, { url: 'http://127.0.0.1:9/x' }],
      ['PATCH', `/v1/tenants/${tenant}/endpoints/${endpoint.id}`, { description: 'x' }],
      ['DELETE', `/v1/tenants/${tenant}/endpoints/${endpoint.id}`, undefined],
      ['POST', `/v1/tenants/${tenant}/endpoints/${endpoint.id}/rotate-secret`, undefined],
      ['POST', `/v1/tenants/${tenant}/events`, { type: 'a.b', data: {} }],
    ] as const) {
      const answer = await stack.api(method, path, body, as(token));
      expect({ method, path, status: answer.status, message: answer.body?.error?.message }).toEqual({
        method,
        path,
        status: 403,
        message: 'This portal session is read-only',
      });
    }
  });

  it('an expired or revoked session is 401, like an unknown key; the lifetime is bounded', async () => {
    const tenant = await createTenant(stack, 'exp');
    const expiring = await stack.api('POST', `/v1/tenants/${tenant}/portal-sessions`, { expiresIn: 60 });
    const { token } = tokenOf(expiring.body.url);
    expect((await stack.api('GET', `/v1/tenants/${tenant}/endpoints`, undefined, as(token))).status).toBe(200);
    await sql`update portal_sessions set expires_at = now() - interval '1 second' where id = ${expiring.body.id}`.execute(stack.db);
    expect((await stack.api('GET', `/v1/tenants/${tenant}/endpoints`, undefined, as(token))).status).toBe(401);

    const revoking = await stack.api('POST', `/v1/tenants/${tenant}/portal-sessions`, {});
    const second = tokenOf(revoking.body.url).token;
    expect((await stack.api('DELETE', `/v1/tenants/${tenant}/portal-sessions/${revoking.body.id}`)).status).toBe(204);
    expect((await stack.api('GET', `/v1/tenants/${tenant}/endpoints`, undefined, as(second))).status).toBe(401);

    const tooLong = await stack.api('POST', `/v1/tenants/${tenant}/portal-sessions`, { expiresIn: 86_401 });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.details[0].field).toBe('expiresIn');
    const badTheme = await stack.api('POST', `/v1/tenants/${tenant}/portal-sessions`, { theme: { mode: 'neon' } });
    expect(badTheme.body.error.details[0].field).toBe('theme.mode');
  });

  it("a tenant's own API key may open a session for its tenant only", async () => {
    const tenant = await createTenant(stack, 'own');
    const other = await createTenant(stack, 'notown');
    const key = (await stack.api('POST', `/v1/tenants/${tenant}/api-keys`, {})).body.key as string;
    expect((await stack.api('POST', `/v1/tenants/${tenant}/portal-sessions`, {}, as(key))).status).toBe(201);
    expect((await stack.api('POST', `/v1/tenants/${other}/portal-sessions`, {}, as(key))).status).toBe(404);
  });
});
