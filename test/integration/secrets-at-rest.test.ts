import { Writable } from 'node:stream';
import { sql } from 'kysely';
import pino from 'pino';
import { Webhook } from 'standardwebhooks';
import { generateSecret } from '../../src/delivery/sign';
import { REDACTED_PATHS } from '../../src/lib/logger';
import { sealPlaintextSecrets } from '../../src/services/endpoint-secrets';
import { createEndpoint, createTenant, publish, waitForDeliveryStatus } from '../helpers/hookflow';
import { Receiver } from '../helpers/receiver';
import { startTestStack, type TestStack } from '../helpers/stack';

/**
 * Signing secrets are sealed (AES-256-GCM) in PostgreSQL: a dump of the database holds
 * none of them, yet deliveries are signed with them, the secret route shows them, and
 * neither logs nor workflow histories ever see them.
 */

/** Every row of every table in the database, as text: what a `pg_dump` would carry. */
async function dumpDatabase(stack: TestStack): Promise<string> {
  const tables = await sql<{ name: string }>`
    select quote_ident(table_schema) || '.' || quote_ident(table_name) as name
    from information_schema.tables where table_schema not in ('pg_catalog', 'information_schema') and table_type = 'BASE TABLE'`.execute(
    stack.db,
  );
  expect(tables.rows.map((t) => t.name)).toEqual(expect.arrayContaining(['public.endpoints', 'public.api_keys', 'public.events']));
  const parts: string[] = [];
  for (const { name } of tables.rows) {
    const rows = await sql<{ row: string }>`select t::text as row from ${sql.raw(name)} t`.execute(stack.db);
    parts.push(`-- ${name}`, ...rows.rows.map((r) => r.row));
  }
  return parts.join('\n');
}

describe('signing secrets at rest', () => {
  let stack: TestStack;
  let receiver: Receiver;
  const logLines: string[] = [];

  beforeAll(async () => {
    // Everything the API and the worker log, at the most verbose level, with the real redaction.
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString('utf8'));
        done();
      },
    });
    const logger = pino({ level: 'trace', redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, sink);
    stack = await startTestStack({}, { logger });
    receiver = await Receiver.start();
  });
  afterAll(async () => {
    await receiver?.close();
    await stack?.stop();
  });

  it('a database dump holds no plaintext secret (current, previous, or own) nor API key, yet deliveries verify with them', async () => {
    const tenant = await createTenant(stack, 'sealed');
    const own = generateSecret();
    const generated = await createEndpoint(stack, tenant, { url: receiver.url('/generated'), eventTypes: ['order.*'] });
    const brought = await createEndpoint(stack, tenant, { url: receiver.url('/own'), eventTypes: ['order.*'], secret: own });
    expect(brought.secret).toBe(own);
    const rotated = await stack.api('POST', `/v1/tenants/${tenant}/endpoints/${generated.id}/rotate-secret`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.previousSecret).toBe(generated.secret);
    const key = await stack.api('POST', `/v1/tenants/${tenant}/api-keys`, { name: 'dump test' });
    expect(key.status).toBe(201);

    const event = await publish(stack, tenant, { type: 'order.created', data: { n: 1 } });
    for (const delivery of event.deliveries) await waitForDeliveryStatus(stack, tenant, delivery.id, 'finished');

    // Signed with the plaintext secrets, which only the activity opened.
    const byPath = (path: string) => receiver.requests.find((r) => r.path === path)!;
    const generatedRequest = byPath('/generated');
    expect(() =>
      new Webhook(rotated.body.secret).verify(generatedRequest.body, generatedRequest.headers as Record<string, string>),
    ).not.toThrow();
    expect(() =>
      new Webhook(generated.secret).verify(generatedRequest.body, generatedRequest.headers as Record<string, string>),
    ).not.toThrow();
    expect(() => new Webhook(own).verify(byPath('/own').body, byPath('/own').headers as Record<string, string>)).not.toThrow();

    const dump = await dumpDatabase(stack);
    const plaintexts = [generated.secret, rotated.body.secret, own, key.body.key as string];
    for (const plaintext of plaintexts) {
      expect(dump).not.toContain(plaintext);
      // Not even the base64 key material without its prefix.
      expect(dump).not.toContain(plaintext.slice(6, 30));
    }
    expect(dump).not.toContain('whsec_');
    const stored = await stack.db
      .selectFrom('endpoints')
      .select(['secret', 'previous_secret'])
      .where('id', '=', generated.id)
      .executeTakeFirstOrThrow();
    expect(stored.secret).toMatch(/^v1:/);
    expect(stored.previous_secret).toMatch(/^v1:/);

    // Only the secret route (and the create / rotate responses) show them.
    const shown = await stack.api('GET', `/v1/tenants/${tenant}/endpoints/${generated.id}/secret`);
    expect(shown.body).toMatchObject({ secret: rotated.body.secret, previousSecret: generated.secret });
    const reads = [
      await stack.api('GET', `/v1/tenants/${tenant}/endpoints/${generated.id}`),
      await stack.api('GET', `/v1/tenants/${tenant}/endpoints`),
      await stack.api('GET', `/v1/tenants/${tenant}/events/${event.id}`),
      await stack.api('GET', `/v1/tenants/${tenant}/deliveries/${event.deliveries[0]!.id}`),
      await stack.api('GET', `/v1/tenants/${tenant}/api-keys`),
    ];
    for (const read of reads) {
      expect(read.status).toBe(200);
      for (const plaintext of plaintexts) expect(JSON.stringify(read.body)).not.toContain(plaintext);
      expect(JSON.stringify(read.body)).not.toContain('v1:');
    }

    // Never in workflow history: workflows carry ids only.
    for (const delivery of event.deliveries) {
      const detail = await stack.api('GET', `/v1/tenants/${tenant}/deliveries/${delivery.id}`);
      const history = JSON.stringify(await stack.temporal.workflow.getHandle(detail.body.workflowId).fetchHistory());
      for (const plaintext of plaintexts) expect(history).not.toContain(plaintext);
      expect(history).not.toContain('whsec_');
    }

    // Never logged, not even at trace level.
    const logs = logLines.join('');
    expect(logs).toContain('delivery attempt'); // the logger did see the deliveries
    for (const plaintext of plaintexts) expect(logs).not.toContain(plaintext);
  });

  it('custom header values: sent in clear, yet in no dump, endpoint response, history or trace-level log', async () => {
    const tenant = await createTenant(stack, 'headers');
    const credential = `cred-${generateSecret().slice(6, 30)}`;
    const endpoint = await createEndpoint(stack, tenant, { url: receiver.url('/with-header'), headers: { 'X-Api-Key': credential } });
    const event = await publish(stack, tenant, { type: 'order.created', data: { n: 2 } });
    const delivery = await waitForDeliveryStatus(stack, tenant, event.deliveries[0]!.id, 'finished');
    expect(receiver.requests.find((r) => r.path === '/with-header')!.headers['x-api-key']).toBe(credential);

    expect(await dumpDatabase(stack)).not.toContain(credential);
    const reads = [
      endpoint,
      (await stack.api('GET', `/v1/tenants/${tenant}/endpoints/${endpoint.id}`)).body,
      (await stack.api('GET', `/v1/tenants/${tenant}/endpoints`)).body,
      (await stack.api('PATCH', `/v1/tenants/${tenant}/endpoints/${endpoint.id}`, { description: 'x' })).body,
      (await stack.api('GET', `/v1/tenants/${tenant}/deliveries/${delivery.id}`)).body,
    ];
    for (const read of reads) expect(JSON.stringify(read)).not.toContain(credential);
    // The one explicit read.
    expect((await stack.api('GET', `/v1/tenants/${tenant}/endpoints/${endpoint.id}/headers`)).body).toEqual({
      headers: { 'X-Api-Key': credential },
    });
    expect(JSON.stringify(await stack.temporal.workflow.getHandle(delivery.workflowId).fetchHistory())).not.toContain(credential);
    expect(logLines.join('')).not.toContain(credential);
  });

  it('secrets stored in plaintext before sealing existed are sealed at start-up, and keep signing', async () => {
    const tenant = await createTenant(stack, 'legacy');
    const endpoint = await createEndpoint(stack, tenant, { url: receiver.url('/legacy') });
    const legacy = generateSecret();
    const legacyPrevious = generateSecret();
    // As a database written by an earlier version holds them.
    await stack.db
      .updateTable('endpoints')
      .set({ secret: legacy, previous_secret: legacyPrevious, previous_secret_expires_at: new Date(Date.now() + 3_600_000) })
      .where('id', '=', endpoint.id)
      .execute();

    expect(await sealPlaintextSecrets(stack.db, stack.ctx.secretBox)).toBe(1);
    expect(await sealPlaintextSecrets(stack.db, stack.ctx.secretBox)).toBe(0); // idempotent
    const stored = await stack.db
      .selectFrom('endpoints')
      .select(['secret', 'previous_secret'])
      .where('id', '=', endpoint.id)
      .executeTakeFirstOrThrow();
    expect(stored.secret).toMatch(/^v1:/);
    expect(stored.previous_secret).toMatch(/^v1:/);
    expect(await dumpDatabase(stack)).not.toContain(legacy);

    const shown = await stack.api('GET', `/v1/tenants/${tenant}/endpoints/${endpoint.id}/secret`);
    expect(shown.body).toMatchObject({ secret: legacy, previousSecret: legacyPrevious });
    const event = await publish(stack, tenant, { type: 'legacy.signed', data: {} });
    await waitForDeliveryStatus(stack, tenant, event.deliveries[0]!.id, 'finished');
    const request = receiver.requests.find((r) => r.path === '/legacy')!;
    expect(() => new Webhook(legacy).verify(request.body, request.headers as Record<string, string>)).not.toThrow();
    expect(() => new Webhook(legacyPrevious).verify(request.body, request.headers as Record<string, string>)).not.toThrow();
  });

  it('a sealed secret copied onto another endpoint does not open there (bound to its endpoint id)', async () => {
    const tenant = await createTenant(stack, 'swap');
    const a = await createEndpoint(stack, tenant, { url: receiver.url('/a'), enabled: false });
    const b = await createEndpoint(stack, tenant, { url: receiver.url('/b'), enabled: false });
    const sealedA = await stack.db.selectFrom('endpoints').select('secret').where('id', '=', a.id).executeTakeFirstOrThrow();
    await stack.db.updateTable('endpoints').set({ secret: sealedA.secret }).where('id', '=', b.id).execute();
    const shown = await stack.api('GET', `/v1/tenants/${tenant}/endpoints/${b.id}/secret`);
    expect(shown.status).toBe(500);
    expect(JSON.stringify(shown.body)).not.toContain(a.secret);
  });
});
