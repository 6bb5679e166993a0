import { request as httpRequest } from 'node:http';
import { parse as parseQueryString } from 'node:querystring';
import fc from 'fast-check';
import { apiRoutes } from '../../src/api/app';
import { findUnsafeInput } from '../../src/api/input-safety';
import type { RouteSpec } from '../../src/api/route';
import { arbitraryFor, hostileJson, mutated, type Overrides, toJsonSchema } from '../helpers/schema-arbitrary';
import { startTestStack, type TestStack, uniqueName } from '../helpers/stack';

/**
 * Property-based tests of every route `apiRoutes` registers (today's and any added
 * later), driven by the routes' own zod schemas: bodies and query strings generated from
 * the schema, and mutations of them. For every request:
 * - never a 5xx;
 * - every 4xx is the JSON error shape, with details naming a field;
 * - whatever the schema (plus the input-safety checks) refuses is a 400.
 * Bounded: RUNS cases per route and kind. `FUZZ_SEED` replays a run.
 */

const RUNS = 50;
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);

const durations = fc.constantFrom('500ms', '5s', '1m', '2h', '1h30m', '24h', '7d');
/** What JSON Schema cannot express: the refinements behind these fields. */
const OVERRIDES: Overrides = {
  url: fc.oneof(
    fc.constantFrom('http://127.0.0.1:9/hook', 'https://hooks.example.test/x', 'http://[::1]:9/'),
    fc.webUrl({ validSchemes: ['http', 'https'] }),
  ),
  secret: fc.uint8Array({ minLength: 24, maxLength: 64 }).map((bytes) => `whsec_${Buffer.from(bytes).toString('base64')}`),
  'retrySchedule[]': durations,
  window: durations,
};

interface Answer {
  status: number;
  contentType: string;
  json: any;
  text: string;
}

function errorShapeProblem(answer: Answer): string | undefined {
  if (!answer.contentType.startsWith('application/json')) return 'content-type is not application/json';
  const error = answer.json?.error;
  if (!answer.json || Object.keys(answer.json).join() !== 'error') return 'body is not {"error": {...}}';
  if (typeof error.code !== 'string' || typeof error.message !== 'string') return 'error lacks a string code or message';
  if (
    !Array.isArray(error.details) ||
    !error.details.every((d: any) => typeof d?.field === 'string' && d.field !== '' && typeof d?.message === 'string')
  ) {
    return 'details are not [{field, message}] with non-empty fields';
  }
  // Only authentication and rate limiting answer without naming a field.
  if (![401, 403, 429].includes(answer.status) && error.details.length === 0) return 'no detail names a field';
  return undefined;
}

/** What the schema (and input-safety.ts, which runs first) says of a value, as the server will see it. */
function schemaAccepts(schema: RouteSpec['body'], value: unknown, location: string): boolean {
  if (findUnsafeInput(value, location)) return false;
  return schema ? schema.safeParse(value).success : false;
}

describe('API properties (fast-check, from the zod schemas): no 5xx, clean 4xx, schema-invalid is 400', () => {
  let stack: TestStack;
  let ids: Record<string, string>;
  let routes: RouteSpec[];

  beforeAll(async () => {
    stack = await startTestStack({ MAX_PAYLOAD_BYTES: '65536' }, { worker: false });
    const tenantId = uniqueName('prop');
    expect((await stack.api('POST', '/v1/tenants', { id: tenantId, name: 'Properties' })).status).toBe(201);
    const endpoint = await stack.api('POST', `/v1/tenants/${tenantId}/endpoints`, { url: 'http://127.0.0.1:9/hook' });
    const event = await stack.api('POST', `/v1/tenants/${tenantId}/events`, { type: 'prop.fixture', data: {} });
    const key = await stack.api('POST', `/v1/tenants/${tenantId}/api-keys`, {});
    ids = { tenantId, endpointId: endpoint.body.id, eventId: event.body.id, deliveryId: event.body.deliveries[0].id, keyId: key.body.id };
    routes = apiRoutes(stack.ctx);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  /** DELETE routes get ids that exist nowhere, so a valid request cannot remove the fixtures. */
  const pathOf = (route: RouteSpec) =>
    route.path.replace(/:(\w+)/g, (_, name: string) => (route.method === 'delete' ? `${name}_none` : (ids[name] ?? `${name}_none`)));

  /** Raw node:http, not fetch: GET and DELETE requests get bodies too. */
  function send(route: RouteSpec, path: string, body?: string): Promise<Answer> {
    const url = new URL(stack.apiUrl);
    const payload = body === undefined ? undefined : Buffer.from(body, 'utf8');
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          method: route.method.toUpperCase(),
          path,
          headers: {
            authorization: `Bearer ${stack.adminKey}`,
            ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let json: unknown;
            try {
              json = text ? JSON.parse(text) : undefined;
            } catch {
              json = undefined;
            }
            try {
              stack.checkResponse(route.method, `${stack.apiUrl}${path}`, res.statusCode ?? 0, res.headers['content-type'] ?? null, text);
            } catch (error) {
              reject(error as Error);
              return;
            }
            resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'] ?? '', json, text });
          });
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  function judge(answer: Answer, accepted: boolean, sent: string): void {
    const problems: string[] = [];
    if (answer.status >= 500) problems.push(`status ${answer.status}`);
    if (answer.status >= 400) {
      const shape = errorShapeProblem(answer);
      if (shape) problems.push(shape);
    }
    if (!accepted && answer.status !== 400) problems.push(`the schema refuses this input, but the answer is ${answer.status}, not 400`);
    if (problems.length)
      throw new Error(`${problems.join('; ')}\nsent: ${sent.slice(0, 600)}\nanswer: ${answer.status} ${answer.text.slice(0, 600)}`);
  }

  it('covers routes with bodies and with query strings (the table below is apiRoutes itself)', () => {
    expect(routes.filter((r) => r.body).length).toBeGreaterThanOrEqual(6);
    expect(routes.filter((r) => r.query).length).toBeGreaterThanOrEqual(4);
  });

  it('bodies: generated from each route’s body schema, valid and mutated', async () => {
    const validSeen: Record<string, number> = {};
    for (const route of routes) {
      const name = `${route.method.toUpperCase()} ${route.path}`;
      const valid = route.body ? arbitraryFor(toJsonSchema(route.body), OVERRIDES) : fc.constant({});
      validSeen[name] = 0;
      await fc.assert(
        fc.asyncProperty(fc.oneof(valid, mutated(valid)), async (value) => {
          const text = JSON.stringify(value) ?? 'null';
          const asServerSees: unknown = JSON.parse(text);
          const accepted = schemaAccepts(route.body, asServerSees, 'body') || (!route.body && isEmptyObject(asServerSees));
          // A route without a body that would accept this one would act on it: not here.
          if (accepted && !route.body) return;
          if (accepted) validSeen[name]! += 1;
          judge(await send(route, pathOf(route), text), accepted, `${name} ${text}`);
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
    }
    // The generator follows the schemas: every route with a body saw valid bodies too.
    const neverValid = routes
      .filter((r) => r.body)
      .map((r) => `${r.method.toUpperCase()} ${r.path}`)
      .filter((n) => validSeen[n] === 0);
    expect(neverValid).toEqual([]);
  });

  it('query strings: generated from each route’s query schema, valid and mutated', async () => {
    for (const route of routes.filter((r) => r.query)) {
      const name = `${route.method.toUpperCase()} ${route.path}`;
      const valid = arbitraryFor(toJsonSchema(route.query!), OVERRIDES).map((query) =>
        Object.entries(query as Record<string, unknown>).map(([key, value]) => [key, String(value)] as [string, string]),
      );
      const hostileValue = hostileJson.map((v) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? '')));
      const mutation = fc.oneof(
        fc
          .tuple(valid, fc.string({ maxLength: 12 }), hostileValue)
          .map(([pairs, key, value]) => [...pairs, [key, value] as [string, string]]),
        fc
          .tuple(valid, fc.nat(), hostileValue)
          .map(([pairs, n, value]) =>
            pairs.length
              ? pairs.map((pair, i) => (i === n % pairs.length ? ([pair[0], value] as [string, string]) : pair))
              : [['limit', value] as [string, string]],
          ),
        fc.tuple(valid, fc.nat()).map(([pairs, n]) => (pairs.length ? [...pairs, pairs[n % pairs.length]!] : pairs)), // a repeated key
      );
      await fc.assert(
        fc.asyncProperty(fc.oneof(valid, mutation), async (pairs) => {
          const search = pairs
            .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v.replace(/[\ud800-\udfff]/g, '?'))}`)
            .join('&');
          const query = { ...parseQueryString(search) };
          const accepted = schemaAccepts(route.query, query, 'query');
          judge(await send(route, `${pathOf(route)}?${search}`), accepted, `${name}?${search}`);
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
    }
  });
});

function isEmptyObject(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0;
}
