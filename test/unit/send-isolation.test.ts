import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { HARD_DEADLINE_MARGIN_MS, OriginPools, sendWebhook } from '../../src/delivery/send';
import { parseCidrList } from '../../src/delivery/ssrf';
import { TargetGuard } from '../../src/delivery/target-guard';
import { hermeticResolver } from '../helpers/dns';

/**
 * One origin's broken connections must not stop sends to another, nor hold a caller past
 * the hard deadline. Real HTTP servers on two loopback addresses; the header undici
 * refuses (`\u0001`) is what wedged a shared pool in the adversarial review.
 */

function listen(host: string): Promise<{ server: Server; url: string; hits: number }> {
  const state = { server: undefined as unknown as Server, url: '', hits: 0 };
  state.server = createServer((req, res) => {
    state.hits++;
    req.resume();
    req.on('end', () => res.end('ok'));
  });
  return new Promise((resolve) =>
    state.server.listen(0, host, () => {
      state.url = `http://${host}:${(state.server.address() as AddressInfo).port}/hook`;
      resolve(state);
    }),
  );
}

const guard = new TargetGuard(parseCidrList('127.0.0.0/8').cidrs, hermeticResolver());
const send = (pools: OriginPools, url: string, headers: Record<string, string> = {}, timeoutMs = 2_000) =>
  sendWebhook({ url, headers: { 'content-type': 'application/json', ...headers }, body: '{}', timeoutMs }, pools);

describe('sendWebhook: isolation between origins and a hard deadline', () => {
  let a: Awaited<ReturnType<typeof listen>>;
  let b: Awaited<ReturnType<typeof listen>>;
  beforeAll(async () => {
    a = await listen('127.0.0.1');
    b = await listen('127.0.0.2');
  });
  afterAll(() => {
    a.server.close();
    b.server.close();
  });

  it('after 200 sends with a header the client refuses, the same origin and another still answer at once', async () => {
    const pools = new OriginPools(guard, 4);
    try {
      for (let i = 0; i < 200; i++) {
        const result = await send(pools, a.url, { 'x-trace': '\u0001' });
        expect(result).toMatchObject({ kind: 'error', errorKind: 'connection' });
      }
      const started = Date.now();
      expect(await send(pools, a.url)).toMatchObject({ kind: 'response', statusCode: 200 });
      expect(await send(pools, b.url)).toMatchObject({ kind: 'response', statusCode: 200 });
      expect(Date.now() - started).toBeLessThan(1_500);
      expect(a.hits).toBe(1);
    } finally {
      await pools.close();
    }
  });

  it('a send queued in a wedged pool ends as a timeout by the hard deadline, and the origin gets a fresh pool', async () => {
    const pools = new OriginPools(guard, 2);
    try {
      const origin = new URL(a.url).origin;
      const wedged = pools.poolFor(origin);
      // Wedge the pool directly, bypassing sendWebhook (which would replace it).
      for (let i = 0; i < 2; i++) {
        await request(a.url, { method: 'POST', body: '{}', headers: { 'x-trace': '\u0001' }, dispatcher: wedged }).catch(() => undefined);
      }
      const hitsBefore = a.hits;
      const timeoutMs = 500;
      const started = Date.now();
      const result = await send(pools, a.url, {}, timeoutMs);
      const took = Date.now() - started;
      expect(result).toMatchObject({ kind: 'error', errorKind: 'timeout' });
      expect(took).toBeGreaterThanOrEqual(timeoutMs);
      expect(took).toBeLessThan(timeoutMs + HARD_DEADLINE_MARGIN_MS + 500);
      expect(a.hits).toBe(hitsBefore);
      // Meanwhile another origin was never affected, and the wedged one is replaced.
      expect(pools.poolFor(origin)).not.toBe(wedged);
      expect(await send(pools, a.url)).toMatchObject({ kind: 'response', statusCode: 200 });
      expect(await send(pools, b.url)).toMatchObject({ kind: 'response', statusCode: 200 });
    } finally {
      await pools.close();
    }
  });
});
