import { Writable } from 'node:stream';
import pino from 'pino';
import { PEEK_TRUST_MS, SharedRateLimiter } from '../../src/api/shared-rate-limit';
import { type AppContext, createContext } from '../../src/context';
import { createDatabase } from '../../src/db/database';
import { findApiKeyByHash, findApiKeyTakingToken, insertApiKey } from '../../src/db/queries/api-keys';
import { deleteFullBuckets, takeToken } from '../../src/db/queries/rate-limit-buckets';
import { type ApiService, createApiService } from '../../src/lifecycle';
import { createTenant } from '../helpers/hookflow';
import { freePort } from '../helpers/ports';
import { startTestStack, type TestStack } from '../helpers/stack';

/**
 * The API's rate limits are one budget per key across API processes: two API services,
 * each with its own context (pool, limiters), as two processes would have, against one
 * database. The in-memory limiter of one process would let each of them spend a whole
 * burst, so every test here fails with it.
 */
describe('rate limits shared by two API processes', () => {
  const BURST = 4;
  const FAILURE_BURST = 3;
  let stack: TestStack;
  let second: { ctx: AppContext; service: ApiService; url: string };
  let tenant: string;

  beforeAll(async () => {
    // One token a minute: nothing refills while a test runs.
    stack = await startTestStack(
      {
        RATE_LIMIT_PER_MINUTE: '1',
        RATE_LIMIT_BURST: String(BURST),
        AUTH_FAILURE_LIMIT_PER_MINUTE: '1',
        AUTH_FAILURE_BURST: String(FAILURE_BURST),
      },
      { worker: false },
    );
    const ctx = await createContext(stack.ctx.config, { logger: pino({ level: 'silent' }) });
    const service = createApiService(ctx, { host: '127.0.0.1', port: 0 });
    second = { ctx, service, url: await service.start() };
    tenant = await createTenant(stack, 'shared');
  });
  afterAll(async () => {
    await second?.service.stop();
    await second?.ctx.close();
    await stack?.stop();
  });

  /** One request to API process 0 (the stack's) or 1 (the second), checked against /openapi.json. */
  const call = async (process: 0 | 1, method: string, path: string, token: string, body?: unknown) => {
    const base = process === 0 ? stack.apiUrl : second.url;
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    stack.checkResponse(method, `${base}${path}`, response.status, response.headers.get('content-type'), text);
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  };
  const newKey = async () => {
    const created = await stack.api('POST', `/v1/tenants/${tenant}/api-keys`, {});
    expect(created.status).toBe(201);
    return created.body.key as string;
  };
  const alternating = (n: number) => Array.from({ length: n }, (_, i) => (i % 2) as 0 | 1);
  const expectLimited = (answer: { status: number; headers: Headers; body: any }) => {
    expect(answer.status).toBe(429);
    const retryAfter = Number(answer.headers.get('retry-after'));
    // A token a minute, four spent within seconds: the next is most of a minute away.
    expect(retryAfter).toBeGreaterThan(30);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(answer.body).toEqual({ error: { code: 'rate_limited', message: expect.stringContaining('retry in'), details: [] } });
  };

  it("a key's burst is spent across both processes: the next request on either gets 429 with Retry-After", async () => {
    const key = await newKey();
    for (const process of alternating(BURST)) expect((await call(process, 'GET', `/v1/tenants/${tenant}`, key)).status).toBe(200);
    expectLimited(await call(0, 'GET', `/v1/tenants/${tenant}`, key));
    expectLimited(await call(1, 'GET', `/v1/tenants/${tenant}`, key));
    // Another key has its own budget; the admin key has none.
    expect((await call(1, 'GET', `/v1/tenants/${tenant}`, await newKey())).status).toBe(200);
    expect((await call(1, 'GET', `/v1/tenants/${tenant}`, stack.adminKey)).status).toBe(200);
  });

  it("a portal session's requests spend one shared budget, and opening sessions spends the opening key's", async () => {
    const key = await newKey();
    const urls: string[] = [];
    for (const process of alternating(BURST)) {
      const opened = await call(process, 'POST', `/v1/tenants/${tenant}/portal-sessions`, key, {});
      expect(opened.status).toBe(201);
      urls.push(opened.body.url as string);
    }
    expectLimited(await call(1, 'POST', `/v1/tenants/${tenant}/portal-sessions`, key, {}));

    const token = new URLSearchParams(new URL(urls[0]!).hash.slice(1)).get('session')!;
    const current = `/v1/tenants/${tenant}/portal-sessions/current`;
    for (const process of alternating(BURST)) expect((await call(process, 'GET', current, token)).status).toBe(200);
    expectLimited(await call(1, 'GET', current, token));
    expectLimited(await call(0, 'GET', `/v1/tenants/${tenant}/endpoints`, token));
  });

  // Last: from here on this stack's only client address (127.0.0.1) is refused.
  it('failed authentications from one address are counted across both processes: then 429 on either, whatever the key', async () => {
    for (const process of alternating(FAILURE_BURST)) {
      expect((await call(process, 'GET', '/v1/tenants', 'hf_wrong')).status).toBe(401);
    }
    for (const process of [1, 0] as const) {
      const refused = await call(process, 'GET', '/v1/tenants', stack.adminKey);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(30);
      expect(refused.body.error).toMatchObject({ code: 'rate_limited', details: [{ field: 'authorization' }] });
    }
  });
});

describe('SharedRateLimiter on PostgreSQL', () => {
  let stack: TestStack;
  const silent = pino({ level: 'silent' });

  beforeAll(async () => {
    stack = await startTestStack({}, { worker: false });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('Retry-After is the exact wait for the next token, the same in every process', async () => {
    const rate = { perMinute: 2, burst: 1 }; // a token per 30 s
    const one = new SharedRateLimiter(stack.db, 'test', rate, silent);
    const other = new SharedRateLimiter(stack.db, 'test', rate, silent);
    expect(await one.take('slow')).toEqual({ allowed: true });
    expect(await one.take('slow')).toEqual({ allowed: false, retryAfterSeconds: 30 });
    expect(await other.peek('slow')).toEqual({ allowed: false, retryAfterSeconds: 30 });
    expect(await other.take('slow')).toEqual({ allowed: false, retryAfterSeconds: 30 });
  });

  it('refills at the rate, up to the burst only', async () => {
    const rate = { perMinute: 60, burst: 2 }; // a token a second
    const limiter = new SharedRateLimiter(stack.db, 'test', rate, silent);
    const takes = async (n: number) => {
      const decisions: boolean[] = [];
      for (let i = 0; i < n; i++) decisions.push((await limiter.take('fast')).allowed);
      return decisions;
    };
    expect(await takes(3)).toEqual([true, true, false]);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await takes(2)).toEqual([true, false]);
    await new Promise((resolve) => setTimeout(resolve, 3_000)); // three tokens' time earns the burst of two
    expect(await takes(3)).toEqual([true, true, false]);
  });

  it('a peek that found a token is trusted for PEEK_TRUST_MS in its process; a take there forgets it at once', async () => {
    const rate = { perMinute: 1, burst: 1 };
    let now = 0;
    const one = new SharedRateLimiter(stack.db, 'trust', rate, silent, () => now);
    const other = new SharedRateLimiter(stack.db, 'trust', rate, silent, () => now);
    expect(await one.peek('addr')).toEqual({ allowed: true });
    expect(await other.take('addr')).toEqual({ allowed: true }); // the only token, spent elsewhere
    expect(await one.peek('addr')).toEqual({ allowed: true }); // still trusted here...
    now = PEEK_TRUST_MS + 1;
    expect((await one.peek('addr')).allowed).toBe(false); // ...for PEEK_TRUST_MS at most

    expect(await one.peek('own')).toEqual({ allowed: true });
    expect(await one.take('own')).toEqual({ allowed: true });
    expect((await one.peek('own')).allowed).toBe(false); // its own take: at once
  });

  it('concurrent takes never spend a token twice', async () => {
    const rate = { perMinute: 1, burst: 10 };
    const limiters = Array.from({ length: 4 }, () => new SharedRateLimiter(stack.db, 'test', rate, silent));
    const decisions = await Promise.all(Array.from({ length: 40 }, (_, i) => limiters[i % 4]!.take('race')));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(10);
  });

  it("a tenant key's lookup spends a token of its bucket in the same statement, exactly like take", async () => {
    const rate = { perMinute: 2, burst: 2 }; // a token per 30 s
    const tenantId = await createTenant(stack);
    const key = await insertApiKey(stack.db, {
      id: 'key_lookup',
      tenant_id: tenantId,
      name: 'k',
      prefix: 'hfk_x',
      key_hash: 'ab'.repeat(32),
    });
    const one = new SharedRateLimiter(stack.db, 'keys', rate, silent);
    const other = new SharedRateLimiter(stack.db, 'keys', rate, silent);
    const lookup = (keyHash: string) => ({
      taking: (scope: string, r: typeof rate) => findApiKeyTakingToken(stack.db, keyHash, scope, r),
      only: () => findApiKeyByHash(stack.db, keyHash),
    });
    const found = { id: key.id, tenant_id: tenantId, key_hash: key.key_hash };
    expect(await one.takeFound(lookup(key.key_hash))).toEqual({ found, decision: { allowed: true } });
    expect(await other.takeFound(lookup(key.key_hash))).toEqual({ found, decision: { allowed: true } });
    // The same bucket as take's for the key's id: spent by the two lookups.
    expect(await other.take(key.id)).toEqual({ allowed: false, retryAfterSeconds: 30 });
    expect(await one.takeFound(lookup(key.key_hash))).toEqual({ found, decision: { allowed: false, retryAfterSeconds: 30 } });
    // An unknown key finds nothing and leaves no bucket behind.
    expect(await one.takeFound(lookup('0'.repeat(64)))).toBeUndefined();
    const buckets = await stack.db.selectFrom('rate_limit_buckets').select('key').where('scope', '=', 'keys').execute();
    expect(buckets.map((b) => b.key)).toEqual([key.id]);
    // With the limit off, the lookup alone.
    const off = new SharedRateLimiter(stack.db, 'keys', { perMinute: 0, burst: 2 }, silent);
    expect(await off.takeFound(lookup(key.key_hash))).toEqual({ found, decision: { allowed: true } });
  });

  it('the purge deletes only buckets that are full again', async () => {
    await takeToken(stack.db, 'purge', 'full-soon', { perMinute: 6_000_000, burst: 1 }); // full again after 10 µs
    await takeToken(stack.db, 'purge', 'empty', { perMinute: 1, burst: 1 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await deleteFullBuckets(stack.db, 1_000);
    const left = await stack.db.selectFrom('rate_limit_buckets').select('key').where('scope', '=', 'purge').execute();
    expect(left.map((row) => row.key)).toEqual(['empty']);
  });

  it('fails open to a per-process bucket with a warning when PostgreSQL cannot be reached', async () => {
    // A real pool to a port where nothing listens: every statement fails to connect.
    const unreachable = createDatabase(`postgres://hookflow@127.0.0.1:${await freePort()}/nowhere`);
    const lines: any[] = [];
    const logger = pino(
      { level: 'warn' },
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(JSON.parse(chunk.toString()));
          done();
        },
      }),
    );
    try {
      const limiter = new SharedRateLimiter(unreachable.db, 'principal', { perMinute: 60, burst: 2 }, logger);
      expect(await limiter.take('k')).toEqual({ allowed: true });
      expect(await limiter.take('k')).toEqual({ allowed: true });
      expect(await limiter.take('k')).toEqual({ allowed: false, retryAfterSeconds: 1 });
      expect((await limiter.peek('k')).allowed).toBe(false);
      // A key's lookup that cannot take: the insurance bucket decides, the lookup alone finds the key.
      const found = { id: 'k', tenant_id: 't', key_hash: 'h' };
      const lookup = {
        taking: () => findApiKeyTakingToken(unreachable.db, 'h', 'principal', { perMinute: 60, burst: 2 }),
        only: async () => found,
      };
      expect(await limiter.takeFound(lookup)).toEqual({ found, decision: { allowed: false, retryAfterSeconds: 1 } });
      // One warning, not one per request.
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({ level: 40, scope: 'principal', msg: expect.stringContaining('rate limit store unavailable') });
    } finally {
      await unreachable.close();
    }
  });
});
