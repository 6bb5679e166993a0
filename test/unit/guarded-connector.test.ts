import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OriginPools, sendWebhook } from '../../src/delivery/send';
import { parseCidrList } from '../../src/delivery/ssrf';
import { TargetGuard } from '../../src/delivery/target-guard';
import { hermeticResolver } from '../helpers/dns';

/**
 * The SSRF guard where it matters: on the socket. Real HTTP servers on loopback
 * addresses; the guard allows only 127.0.0.2, so a request that reaches 127.0.0.1 proves
 * a hole. Names resolve through a hermetic resolver (no real DNS).
 */

function listen(host: string): Promise<{ server: Server; port: number; hits: string[] }> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    res.end('ok');
  });
  return new Promise((resolve) => server.listen(0, host, () => resolve({ server, port: (server.address() as AddressInfo).port, hits })));
}

describe('guarded connector (undici Agent): checks the address actually connected to', () => {
  let internal: Awaited<ReturnType<typeof listen>>; // 127.0.0.1: must never be reached
  let allowed: Awaited<ReturnType<typeof listen>>; // 127.0.0.2: the allow-listed "public" target
  let dispatcher: OriginPools;
  let rebindAnswers: string[][];
  const resolver = hermeticResolver({
    'good.test': ['127.0.0.2'],
    'internal.test': ['127.0.0.1'],
    'mixed.test': ['127.0.0.2', '127.0.0.1'],
    'v6.test': ['::1'],
    // Answers public-looking first (when the endpoint was saved), internal afterwards.
    'rebind.test': () => rebindAnswers.shift() ?? ['127.0.0.1'],
  });

  beforeAll(async () => {
    internal = await listen('127.0.0.1');
    allowed = await listen('127.0.0.2');
    dispatcher = new OriginPools(new TargetGuard(parseCidrList('127.0.0.2/32').cidrs, resolver));
  });
  afterAll(async () => {
    await dispatcher.close();
    internal.server.close();
    allowed.server.close();
  });
  beforeEach(() => {
    internal.hits.length = 0;
    allowed.hits.length = 0;
  });

  const post = (url: string) =>
    sendWebhook({ url, headers: { 'content-type': 'application/json' }, body: '{}', timeoutMs: 2_000 }, dispatcher);

  it('delivers to an allowed address, by IP and by name (control)', async () => {
    expect(await post(`http://127.0.0.2:${allowed.port}/ip`)).toMatchObject({ kind: 'response', statusCode: 200 });
    expect(await post(`http://good.test:${allowed.port}/name`)).toMatchObject({ kind: 'response', statusCode: 200 });
    expect(allowed.hits).toEqual(['POST /ip', 'POST /name']);
  });

  it.each([
    ['a loopback IP literal', (port: number) => `http://127.0.0.1:${port}/`],
    ['decimal', (port: number) => `http://2130706433:${port}/`],
    ['octal', (port: number) => `http://0177.0.0.1:${port}/`],
    ['hex', (port: number) => `http://0x7f.1:${port}/`],
    ['short', (port: number) => `http://127.1:${port}/`],
    ['IPv4-mapped IPv6', (port: number) => `http://[::ffff:127.0.0.1]:${port}/`],
    ['localhost', (port: number) => `http://localhost:${port}/`],
    ['localhost with a trailing dot', (port: number) => `http://localhost.:${port}/`],
    ['a name resolving to loopback', (port: number) => `http://internal.test:${port}/`],
    ['a name with one internal address among others', (port: number) => `http://mixed.test:${port}/`],
  ])('refuses %s with error kind blocked, before any byte is sent', async (_, url) => {
    const result = await post(url(internal.port));
    expect(result).toMatchObject({ kind: 'error', errorKind: 'blocked' });
    expect(internal.hits).toEqual([]);
  });

  it('refuses IPv6 loopback, literal and by name', async () => {
    // The literal's reason repeats what was sent; the name's hides what it resolved to.
    expect(await post('http://[::1]:9/')).toMatchObject({ kind: 'error', errorKind: 'blocked', message: expect.stringContaining('::1') });
    const byName = await post('http://v6.test:9/');
    expect(byName).toMatchObject({
      kind: 'error',
      errorKind: 'blocked',
      message: expect.stringContaining('v6.test resolves to an address in a blocked range'),
    });
    expect(byName.kind === 'error' && byName.message).not.toContain('::1');
  });

  it('DNS rebinding: a name that resolved to an allowed address before and to loopback now is refused at connect', async () => {
    rebindAnswers = [['127.0.0.2']];
    // What endpoint create/update would have seen: allowed.
    const guard = new TargetGuard(parseCidrList('127.0.0.2/32').cidrs, resolver);
    expect(await guard.checkUrl(`http://rebind.test:${internal.port}/`)).toBeUndefined();
    // At delivery the name answers 127.0.0.1: the connection is refused.
    const result = await post(`http://rebind.test:${internal.port}/`);
    expect(result).toMatchObject({
      kind: 'error',
      errorKind: 'blocked',
      message: expect.stringContaining('rebind.test resolves to an address in a blocked range'),
    });
    expect(result.kind === 'error' && result.message).not.toContain('127.0.0.1');
    expect(internal.hits).toEqual([]);
  });

  it('a name that does not resolve is a dns error, not blocked', async () => {
    expect(await post('http://nowhere.test:9/')).toMatchObject({ kind: 'error', errorKind: 'dns' });
  });

  it('with loopback allowed, the same URLs are delivered (the guard is the only thing refusing them)', async () => {
    const open = new OriginPools(new TargetGuard(parseCidrList('127.0.0.0/8,::1/128').cidrs, resolver));
    try {
      for (const url of [
        `http://127.0.0.1:${internal.port}/a`,
        `http://2130706433:${internal.port}/b`,
        `http://localhost:${internal.port}/c`,
      ]) {
        const result = await sendWebhook({ url, headers: {}, body: '{}', timeoutMs: 2_000 }, open);
        expect(result).toMatchObject({ kind: 'response', statusCode: 200 });
      }
      expect(internal.hits).toEqual(['POST /a', 'POST /b', 'POST /c']);
    } finally {
      await open.close();
    }
  });
});
