import { createEndpoint, createTenant, getDelivery, publish, waitForDeliveryStatus } from '../helpers/hookflow';
import { hermeticResolver } from '../helpers/dns';
import { Receiver } from '../helpers/receiver';
import { startTestStack, type TestStack } from '../helpers/stack';

/**
 * The SSRF guard through the real API and the real worker. The stack allows only
 * 127.0.0.2 (standing in for "the public internet"); a receiver on 127.0.0.1 stands in
 * for an internal service and must never get a request. Names resolve through a
 * hermetic resolver: `rebind.test` answers 127.0.0.2 when the endpoint is saved and
 * 127.0.0.1 when the worker connects (DNS rebinding).
 */
describe('SSRF guard', () => {
  let stack: TestStack;
  let internal: Receiver;
  let outside: Receiver;
  let tenant: string;
  const rebindAnswers: string[][] = [];
  const resolver = hermeticResolver({
    'good.test': ['127.0.0.2'],
    'internal.test': ['127.0.0.1'],
    'metadata.test': ['169.254.169.254'],
    'rebind.test': () => rebindAnswers.shift() ?? ['127.0.0.1'],
  });

  beforeAll(async () => {
    // Retries are fast and plenty: a blocked attempt must still be the only one.
    stack = await startTestStack({ ALLOWED_TARGET_CIDRS: '127.0.0.2/32', RETRY_SCHEDULE: '50ms,50ms,50ms' }, { resolveHost: resolver });
    internal = await Receiver.start();
    outside = await Receiver.start(undefined, { host: '127.0.0.2' });
    tenant = await createTenant(stack, 'ssrf');
  });
  afterAll(async () => {
    await internal?.close();
    await outside?.close();
    await stack?.stop();
  });

  const internalPort = () => new URL(internal.url()).port;

  describe('on endpoint create and update: 422 naming url, with the reason', () => {
    const blocked = [
      'http://127.0.0.1:PORT/hook',
      'http://2130706433:PORT/hook', // decimal
      'http://0177.0.0.1:PORT/hook', // octal
      'http://0x7f.1:PORT/hook', // hex, short
      'http://0x7f000001:PORT/hook',
      'http://127.1:PORT/hook',
      'http://[::ffff:127.0.0.1]:PORT/hook',
      'http://[::1]:PORT/hook',
      'http://localhost:PORT/hook',
      'http://localhost.:PORT/hook', // trailing dot
      'http://LOCALHOST..:PORT/hook',
      'http://internal.test:PORT/hook', // a name that resolves to loopback now
      'http://metadata.test/latest/meta-data/',
      'http://169.254.169.254/latest/meta-data/',
      'http://[fd00:ec2::254]/latest/meta-data/',
      'http://10.0.0.1/hook',
      'http://192.168.1.1/hook',
      'http://172.16.0.1/hook',
      'http://100.64.0.1/hook',
      'http://0.0.0.0:PORT/hook',
      'http://[fe80::1]/hook',
      'http://[fc00::1]/hook',
      'http://[64:ff9b::7f00:1]/hook',
      'http://224.0.0.1/hook',
      'http://255.255.255.255/hook',
    ];

    it.each(blocked)('POST endpoint %s → 422 target_blocked naming url', async (template) => {
      const url = template.replace('PORT', internalPort());
      const answer = await stack.api('POST', `/v1/tenants/${tenant}/endpoints`, { url });
      expect(answer.status).toBe(422);
      expect(answer.body.error.code).toBe('target_blocked');
      expect(answer.body.error.details).toEqual([{ field: 'url', message: expect.stringMatching(/blocked range/) }]);
    });

    it('PATCH to a blocked url → 422 naming url, and the endpoint keeps its url', async () => {
      const endpoint = await createEndpoint(stack, tenant, { url: outside.url('/ok') });
      for (const url of [`http://127.0.0.1:${internalPort()}/`, 'http://169.254.169.254/', `http://internal.test:${internalPort()}/`]) {
        const answer = await stack.api('PATCH', `/v1/tenants/${tenant}/endpoints/${endpoint.id}`, { url });
        expect(answer.status).toBe(422);
        expect(answer.body.error.details[0].field).toBe('url');
      }
      expect((await stack.api('GET', `/v1/tenants/${tenant}/endpoints/${endpoint.id}`)).body.url).toBe(outside.url('/ok'));
    });

    it('allowed targets are accepted (control): the allow-listed address, by IP and by name, and names that do not resolve yet', async () => {
      for (const url of [outside.url('/a'), `http://good.test:${new URL(outside.url()).port}/b`, 'https://not-yet-registered.test/hook']) {
        expect((await stack.api('POST', `/v1/tenants/${tenant}/endpoints`, { url, enabled: false })).status).toBe(201);
      }
    });
  });

  describe('at connect time, on the resolved address', () => {
    it('delivers to an allowed address by name (control)', async () => {
      const tenantId = await createTenant(stack, 'ssrf_ok');
      await createEndpoint(stack, tenantId, { url: `http://good.test:${new URL(outside.url()).port}/good` });
      const event = await publish(stack, tenantId, { type: 'ssrf.control', data: {} });
      await waitForDeliveryStatus(stack, tenantId, event.deliveries[0]!.id, 'finished');
      expect(outside.requests.filter((r) => r.path === '/good')).toHaveLength(1);
    });

    it('DNS rebinding: a name that was allowed when saved and resolves to loopback now is blocked, recorded as blocked, never retried', async () => {
      const tenantId = await createTenant(stack, 'ssrf_rebind');
      rebindAnswers.push(['127.0.0.2']); // the answer the API sees on create
      const endpoint = await createEndpoint(stack, tenantId, { url: `http://rebind.test:${internalPort()}/rebound` });
      expect(endpoint.url).toContain('rebind.test');
      // From now on the name answers 127.0.0.1.
      const event = await publish(stack, tenantId, { type: 'ssrf.rebind', data: {} });
      const delivery = await waitForDeliveryStatus(stack, tenantId, event.deliveries[0]!.id, 'failed');
      expect(delivery.attempts).toHaveLength(1);
      expect(delivery.attempts[0]).toMatchObject({
        errorKind: 'blocked',
        statusCode: null,
        errorMessage: expect.stringContaining('rebind.test resolves to an address in a blocked range'),
      });
      // The answer itself is not shown (issue 17): the server's log keeps it.
      expect(`${delivery.attempts[0].errorMessage} ${delivery.failureReason}`).not.toMatch(/127\.0\.0\.1|loopback/);
      expect(delivery.failureReason).toMatch(/blocked range/);
      // The retry schedule had three more steps; none was used.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect((await getDelivery(stack, tenantId, delivery.id)).attempts).toHaveLength(1);
      expect(internal.requests).toEqual([]);
    });

    it('an endpoint whose url became internal after it was saved (a row from before the guard) is blocked at delivery', async () => {
      const tenantId = await createTenant(stack, 'ssrf_legacy');
      const endpoint = await createEndpoint(stack, tenantId, { url: outside.url('/was-fine') });
      // As if it had been saved before the guard existed, or the allow-list was narrowed since.
      await stack.db
        .updateTable('endpoints')
        .set({ url: `http://0x7f.1:${internalPort()}/legacy` })
        .where('id', '=', endpoint.id)
        .execute();
      const event = await publish(stack, tenantId, { type: 'ssrf.legacy', data: {} });
      const delivery = await waitForDeliveryStatus(stack, tenantId, event.deliveries[0]!.id, 'failed');
      expect(delivery.attempts.map((a: { errorKind: string }) => a.errorKind)).toEqual(['blocked']);
      expect(internal.requests).toEqual([]);
    });
  });
});
