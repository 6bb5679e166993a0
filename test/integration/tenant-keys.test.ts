import { sql } from 'kysely';
import { apiRoutes } from '../../src/api/app';
import { createEndpoint, createTenant, publish } from '../helpers/hookflow';
import { Receiver } from '../helpers/receiver';
import { startTestStack, type TestStack } from '../helpers/stack';

/**
 * Tenant-scoped API keys through the real API: a key reaches only its own tenant;
 * another tenant's resources answer 404 exactly as if they did not exist; admin-only
 * routes answer 403; revoked, unknown and malformed keys 401 with no detail.
 */

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

describe('tenant-scoped API keys', () => {
  let stack: TestStack;
  let receiver: Receiver;
  let tenantA: string;
  let tenantB: string;
  let keyA: string;
  let keyB: string;
  /** Tenant B's resources, which tenant A's key must never reach. */
  let b: { endpointId: string; eventId: string; deliveryId: string; keyId: string };

  const as = (key: string, method: string, path: string, body?: unknown) => stack.api(method, path, body, bearer(key));

  const createKey = async (tenantId: string, name = 'test') => {
    const created = await stack.api('POST', `/v1/tenants/${tenantId}/api-keys`, { name });
    expect(created.status).toBe(201);
    return created.body as { id: string; key: string; prefix: string; name: string; tenantId: string; createdAt: string };
  };

  beforeAll(async () => {
    stack = await startTestStack();
    receiver = await Receiver.start();
    tenantA = await createTenant(stack, 'key_a');
    tenantB = await createTenant(stack, 'key_b');
    keyA = (await createKey(tenantA)).key;
    const createdB = await createKey(tenantB);
    keyB = createdB.key;
    const endpoint = await createEndpoint(stack, tenantB, { url: receiver.url() });
    const event = await publish(stack, tenantB, { type: 'order.created', data: { for: 'b only' } });
    b = { endpointId: endpoint.id, eventId: event.id, deliveryId: event.deliveries[0]!.id, keyId: createdB.id };
  });
  afterAll(async () => {
    await receiver?.close();
    await stack?.stop();
  });

  it('creation returns the key once; listing shows prefix and creation time, never the key or its hash', async () => {
    const created = await createKey(tenantA, 'ci deploys');
    expect(created).toMatchObject({ tenantId: tenantA, name: 'ci deploys', prefix: created.key.slice(0, 11) });
    expect(created.key).toMatch(/^hf_[A-Za-z0-9_-]{43}$/);
    expect(created.id).toMatch(/^key_/);

    const listed = await stack.api('GET', `/v1/tenants/${tenantA}/api-keys`);
    expect(listed.status).toBe(200);
    const entry = listed.body.data.find((k: { id: string }) => k.id === created.id);
    expect(Object.keys(entry).sort()).toEqual(['createdAt', 'id', 'name', 'prefix', 'tenantId']);
    expect(JSON.stringify(listed.body)).not.toContain(created.key);

    // Stored: a SHA-256 hash and the prefix, never the key.
    const rows = await sql<{ row: string }>`select k::text as row from api_keys k`.execute(stack.db);
    expect(rows.rows.map((r) => r.row).join('\n')).not.toContain(created.key.slice(11));
  });

  it("a tenant key works on its own tenant's routes", async () => {
    expect((await as(keyA, 'GET', `/v1/tenants/${tenantA}`)).status).toBe(200);
    const endpoint = await as(keyA, 'POST', `/v1/tenants/${tenantA}/endpoints`, { url: receiver.url('/a') });
    expect(endpoint.status).toBe(201);
    const event = await as(keyA, 'POST', `/v1/tenants/${tenantA}/events`, { type: 'order.created', data: { n: 1 } });
    expect(event.status).toBe(202);
    expect((await as(keyA, 'GET', `/v1/tenants/${tenantA}/events/${event.body.id}`)).status).toBe(200);
    expect((await as(keyA, 'GET', `/v1/tenants/${tenantA}/deliveries/${event.body.deliveries[0].id}`)).status).toBe(200);
    expect((await as(keyA, 'GET', `/v1/tenants/${tenantA}/endpoints/${endpoint.body.id}/secret`)).status).toBe(200);
    expect((await as(keyA, 'GET', `/v1/tenants/${tenantA}/api-keys`)).status).toBe(200);
  });

  it("a tenant key reading another tenant's event gets the same 404 as a tenant that does not exist", async () => {
    const stolen = await as(keyA, 'GET', `/v1/tenants/${tenantB}/events/${b.eventId}`);
    const missing = await as(keyA, 'GET', `/v1/tenants/no_such_tenant/events/${b.eventId}`);
    expect(stolen.status).toBe(404);
    expect(stolen.body).toEqual({
      error: {
        code: 'not_found',
        message: `tenant "${tenantB}" not found`,
        details: [{ field: 'tenantId', message: 'no tenant with this id' }],
      },
    });
    // Indistinguishable: only the id echoed back differs.
    expect(JSON.stringify(stolen.body).replaceAll(tenantB, 'X')).toBe(JSON.stringify(missing.body).replaceAll('no_such_tenant', 'X'));
    expect(JSON.stringify(stolen.body)).not.toContain('b only');
    // The admin key sees it (control).
    expect((await stack.api('GET', `/v1/tenants/${tenantB}/events/${b.eventId}`)).status).toBe(200);
    // Through its own tenant's path, the other tenant's event id is simply unknown.
    const viaOwn = await as(keyA, 'GET', `/v1/tenants/${tenantA}/events/${b.eventId}`);
    expect(viaOwn.status).toBe(404);
    expect(viaOwn.body.error.details).toEqual([{ field: 'eventId', message: 'no event with this id' }]);
  });

  it("every tenant route (present and future: any auth route with :tenantId) answers another tenant's key 404, and changes nothing", async () => {
    const ids: Record<string, string> = { tenantId: tenantB, ...b };
    const failures: string[] = [];
    for (const route of apiRoutes(stack.ctx)) {
      if (!route.auth || route.adminOnly || !route.path.includes('/:tenantId')) continue;
      const path = route.path.replace(/:(\w+)/g, (_, name: string) => ids[name] ?? `${name}_unknown`);
      const answer = await as(keyA, route.method.toUpperCase(), path, route.method === 'get' || route.method === 'delete' ? undefined : {});
      if (answer.status !== 404 || answer.body?.error?.details?.[0]?.field !== 'tenantId') {
        failures.push(`${route.method.toUpperCase()} ${route.path}: ${answer.status} ${JSON.stringify(answer.body)}`);
      }
    }
    expect(failures).toEqual([]);
    // Nothing of tenant B changed: its endpoint, event and key are all still there.
    expect((await stack.api('GET', `/v1/tenants/${tenantB}/endpoints/${b.endpointId}`)).status).toBe(200);
    expect((await as(keyB, 'GET', `/v1/tenants/${tenantB}`)).status).toBe(200);
  });

  it('admin-only routes, and routes outside a tenant, answer a tenant key 403', async () => {
    const adminOnly = apiRoutes(stack.ctx).filter((r) => r.auth && (r.adminOnly || !r.path.includes('/:tenantId')));
    expect(adminOnly.map((r) => `${r.method.toUpperCase()} ${r.path}`)).toEqual(
      expect.arrayContaining([
        'POST /v1/tenants',
        'GET /v1/tenants',
        'DELETE /v1/tenants/:tenantId',
        'POST /v1/tenants/:tenantId/api-keys',
      ]),
    );
    for (const route of adminOnly) {
      // Its own tenant id: still 403.
      const path = route.path.replace(':tenantId', tenantA).replace(/:(\w+)/g, 'x_1');
      const answer = await as(keyA, route.method.toUpperCase(), path, route.method === 'post' ? { name: 'x' } : undefined);
      expect({ route: route.path, status: answer.status, code: answer.body?.error?.code }).toEqual({
        route: route.path,
        status: 403,
        code: 'forbidden',
      });
    }
    // The tenant still exists: DELETE was refused, not performed.
    expect((await stack.api('GET', `/v1/tenants/${tenantA}`)).status).toBe(200);
  });

  it('revoking: a tenant may revoke its own keys (at once), not another tenant’s; revoked keys get 401', async () => {
    const spare = await createKey(tenantA, 'spare');
    expect((await as(spare.key, 'GET', `/v1/tenants/${tenantA}`)).status).toBe(200);
    expect((await as(keyA, 'DELETE', `/v1/tenants/${tenantB}/api-keys/${b.keyId}`)).status).toBe(404);
    expect((await as(keyA, 'DELETE', `/v1/tenants/${tenantA}/api-keys/${b.keyId}`)).status).toBe(404);
    expect((await as(keyB, 'GET', `/v1/tenants/${tenantB}`)).status).toBe(200);

    expect((await as(keyA, 'DELETE', `/v1/tenants/${tenantA}/api-keys/${spare.id}`)).status).toBe(204);
    const revoked = await as(spare.key, 'GET', `/v1/tenants/${tenantA}`);
    expect(revoked.status).toBe(401);
    expect(revoked.body).toEqual({ error: { code: 'unauthorized', message: 'Missing or invalid API key', details: [] } });
    expect((await stack.api('DELETE', `/v1/tenants/${tenantA}/api-keys/${spare.id}`)).status).toBe(404);
  });

  it('unknown, malformed and near-miss keys all get the same 401 with no detail', async () => {
    const bodies = new Set<string>();
    for (const key of [
      `hf_${'A'.repeat(43)}`,
      keyA.slice(0, -1),
      `${keyA.slice(0, -1)}${keyA.endsWith('A') ? 'B' : 'A'}`,
      `${keyA}x`,
      keyA.toUpperCase(),
      'hf_',
      stack.adminKey.slice(0, -1),
    ]) {
      const answer = await as(key, 'GET', `/v1/tenants/${tenantA}`);
      expect(answer.status).toBe(401);
      expect(answer.headers.get('www-authenticate')).toBe('Bearer');
      bodies.add(JSON.stringify(answer.body));
    }
    expect([...bodies]).toEqual([JSON.stringify({ error: { code: 'unauthorized', message: 'Missing or invalid API key', details: [] } })]);
  });

  it('deleting a tenant revokes its keys', async () => {
    const doomed = await createTenant(stack, 'key_doomed');
    const { key } = await createKey(doomed);
    expect((await as(key, 'GET', `/v1/tenants/${doomed}`)).status).toBe(200);
    expect((await stack.api('DELETE', `/v1/tenants/${doomed}`)).status).toBe(204);
    expect((await as(key, 'GET', `/v1/tenants/${doomed}`)).status).toBe(401);
  });

  it('documents the key routes in OpenAPI, with 403 for admin-only routes', async () => {
    const doc = (await stack.api('GET', '/openapi.json')).body;
    expect(doc.paths['/v1/tenants/{tenantId}/api-keys'].post.responses).toHaveProperty('403');
    expect(doc.paths['/v1/tenants/{tenantId}/api-keys'].get.responses).toHaveProperty('429');
    expect(doc.paths['/v1/tenants/{tenantId}/api-keys/{keyId}'].delete).toBeDefined();
    expect(doc.paths['/v1/tenants'].post.responses).toHaveProperty('403');
  });
});

describe('per-key rate limits', () => {
  let stack: TestStack;
  let tenant: string;

  beforeAll(async () => {
    // One request per second, bursts of 3.
    stack = await startTestStack({ RATE_LIMIT_PER_MINUTE: '60', RATE_LIMIT_BURST: '3' }, { worker: false });
    tenant = await createTenant(stack, 'limited');
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const newKey = async () => {
    const created = await stack.api('POST', `/v1/tenants/${tenant}/api-keys`, {});
    expect(created.status).toBe(201);
    return created.body.key as string;
  };

  it('a key over its burst gets 429 with Retry-After and the error shape; other keys and the admin key are unaffected', async () => {
    const key = await newKey();
    const other = await newKey();
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<TestStack['api']>> | undefined;
    for (let i = 0; i < 5; i++) {
      const answer = await stack.api('GET', `/v1/tenants/${tenant}`, undefined, bearer(key));
      statuses.push(answer.status);
      if (answer.status === 429) limited ??= answer;
    }
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
    expect(statuses.slice(3)).toEqual([429, 429]);
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited!.headers.get('content-type')).toMatch(/^application\/json/);
    expect(limited!.body).toEqual({ error: { code: 'rate_limited', message: expect.stringContaining('retry in'), details: [] } });

    expect((await stack.api('GET', `/v1/tenants/${tenant}`, undefined, bearer(other))).status).toBe(200);
    for (let i = 0; i < 10; i++) expect((await stack.api('GET', `/v1/tenants/${tenant}`)).status).toBe(200);

    // The bucket refills: after Retry-After the key works again.
    await new Promise((resolve) => setTimeout(resolve, Number(limited!.headers.get('retry-after')) * 1000 + 50));
    expect((await stack.api('GET', `/v1/tenants/${tenant}`, undefined, bearer(key))).status).toBe(200);
  });

  it('bad keys are refused before any limit is spent (401, not 429)', async () => {
    for (let i = 0; i < 6; i++) {
      expect((await stack.api('GET', `/v1/tenants/${tenant}`, undefined, bearer(`hf_${'Z'.repeat(43)}`))).status).toBe(401);
    }
  });
});
