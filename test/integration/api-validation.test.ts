import { type IncomingHttpHeaders, request as httpRequest } from 'node:http';
import { gzipSync } from 'node:zlib';
import { apiRoutes } from '../../src/api/app';
import { Receiver } from '../helpers/receiver';
import { startTestStack, type TestStack, uniqueName } from '../helpers/stack';

/**
 * Bad inputs to every route answer 4xx with a JSON error naming the field, never 500.
 * Every error body is `{"error": {"code", "message", "details": [{"field", "message"}]}}`.
 *
 * Requests go through a raw node:http client (not fetch) so the tests can send anything:
 * bodies on GET, no content type, gzip, malformed percent-encoding, odd header values.
 */

// ---------------------------------------------------------------- raw HTTP

interface Sent {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer | undefined;
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  json: any;
  sent: Sent;
}

function send(baseUrl: string, sent: Sent): Promise<Answer> {
  const url = new URL(baseUrl);
  const body = sent.body === undefined ? undefined : Buffer.isBuffer(sent.body) ? sent.body : Buffer.from(sent.body, 'utf8');
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method: sent.method,
        path: sent.path,
        headers: { ...(body !== undefined ? { 'content-length': String(body.length) } : {}), ...sent.headers },
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
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json, sent });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** A fragment of JSON text sent verbatim (numbers like 1e400, keys like __proto__). */
class RawJson {
  constructor(readonly text: string) {}
}
const rawJson = (text: string) => new RawJson(text);

function jsonText(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map(jsonText).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}:${jsonText(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const truncate = (text: string, max: number) => (text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text);

function describeExchange(answer: Answer): string {
  const { sent } = answer;
  const headers = { ...sent.headers };
  if (headers.authorization) headers.authorization = headers.authorization.replace(/test_admin_\w+/, '<admin key>');
  const body =
    sent.body === undefined
      ? '(none)'
      : Buffer.isBuffer(sent.body)
        ? `<${sent.body.length} bytes>`
        : truncate(JSON.stringify(sent.body), 800);
  return [
    `request:  ${sent.method} ${truncate(sent.path, 300)}`,
    `  headers: ${JSON.stringify(headers)}`,
    `  body:    ${body}`,
    `response: ${answer.status} (content-type ${JSON.stringify(answer.headers['content-type'] ?? null)})`,
    `  body:    ${truncate(answer.text, 2000)}`,
  ].join('\n');
}

function errorShapeProblems(answer: Answer): string[] {
  const problems: string[] = [];
  if (!/^application\/json\b/.test(answer.headers['content-type'] ?? '')) problems.push('content-type is not application/json');
  const body = answer.json;
  if (body === null || typeof body !== 'object' || Array.isArray(body) || Object.keys(body).join(',') !== 'error') {
    problems.push('body is not {"error": {...}}');
    return problems;
  }
  const error = body.error;
  if (error === null || typeof error !== 'object' || typeof error.code !== 'string' || typeof error.message !== 'string') {
    problems.push('error lacks a string code and message');
  }
  if (
    !Array.isArray(error?.details) ||
    !error.details.every((d: any) => d !== null && typeof d === 'object' && typeof d.field === 'string' && typeof d.message === 'string')
  ) {
    problems.push('error.details is not an array of {field, message}');
  }
  return problems;
}

const fieldsOf = (answer: Answer): string[] =>
  Array.isArray(answer.json?.error?.details) ? answer.json.error.details.map((d: any) => d?.field) : [];

interface ErrorExpectation {
  /** Every one of these fields must be named in details. */
  field?: string | string[];
  /** At least one of these fields must be named in details. */
  anyField?: string[];
  code?: string;
}

/** Asserts a JSON error of `status` naming the expected field(s); prints the whole exchange on failure. */
function expectError(answer: Answer, status: number, expectation: ErrorExpectation = {}): void {
  const problems: string[] = [];
  if (answer.status !== status) problems.push(`status is ${answer.status}, expected ${status}`);
  const shape = errorShapeProblems(answer);
  problems.push(...shape);
  if (shape.length === 0) {
    if (expectation.code !== undefined && answer.json.error.code !== expectation.code) {
      problems.push(`code is ${JSON.stringify(answer.json.error.code)}, expected ${JSON.stringify(expectation.code)}`);
    }
    const fields = fieldsOf(answer);
    for (const wanted of expectation.field === undefined ? [] : [expectation.field].flat()) {
      if (!fields.includes(wanted))
        problems.push(`details do not name field ${JSON.stringify(wanted)} (they name ${JSON.stringify(fields)})`);
    }
    if (expectation.anyField && !expectation.anyField.some((f) => fields.includes(f))) {
      problems.push(`details name none of ${JSON.stringify(expectation.anyField)} (they name ${JSON.stringify(fields)})`);
    }
  }
  if (problems.length) throw new Error(`${problems.join('; ')}\n${describeExchange(answer)}`);
}

/**
 * For values a client may legitimately send but storage cannot hold (NUL, lone surrogates):
 * never a 500; if refused, a 4xx JSON error naming the field (or a field under it).
 */
function expectNoServerError(answer: Answer, field: string): void {
  const problems: string[] = [];
  if (answer.status >= 500) problems.push(`status is ${answer.status}: a server error`);
  else if (answer.status >= 400) {
    problems.push(...errorShapeProblems(answer));
    const fields = fieldsOf(answer);
    if (!fields.some((f) => f === field || f.startsWith(`${field}.`))) {
      problems.push(`details do not name field ${JSON.stringify(field)} (they name ${JSON.stringify(fields)})`);
    }
  }
  if (problems.length) throw new Error(`${problems.join('; ')}\n${describeExchange(answer)}`);
}

function expectStatus(answer: Answer, status: number): void {
  if (answer.status !== status) throw new Error(`status is ${answer.status}, expected ${status}\n${describeExchange(answer)}`);
}

// ---------------------------------------------------------------- the routes

type Method = 'get' | 'post' | 'patch' | 'delete';
type Ids = Record<'tenantId' | 'endpointId' | 'eventId' | 'deliveryId' | 'keyId' | 'jobId' | 'name' | 'sessionId', string>;

interface RouteCase {
  method: Method;
  /** Express syntax, exactly as in `apiRoutes`. */
  path: string;
  /** For routes with a body: a valid one, and the field an empty object is refused for. */
  validBody?: () => unknown;
  requiredField?: string;
  /** Routes with a query schema. */
  query?: boolean;
  /** Query routes that are not paginated lists. */
  notPaged?: boolean;
}

/** Every route `apiRoutes` registers; a test below fails if this table drifts from it. */
const ROUTES: RouteCase[] = [
  { method: 'post', path: '/v1/tenants', validBody: () => ({ name: 'Valid tenant' }), requiredField: 'name' },
  { method: 'get', path: '/v1/tenants', query: true },
  { method: 'get', path: '/v1/tenants/:tenantId' },
  { method: 'delete', path: '/v1/tenants/:tenantId', query: true },
  {
    method: 'post',
    path: '/v1/tenants/:tenantId/endpoints',
    validBody: () => ({ url: 'https://example.com/hook' }),
    requiredField: 'url',
  },
  { method: 'get', path: '/v1/tenants/:tenantId/endpoints', query: true },
  { method: 'get', path: '/v1/tenants/:tenantId/endpoints/:endpointId' },
  { method: 'get', path: '/v1/tenants/:tenantId/endpoints/:endpointId/secret' },
  { method: 'get', path: '/v1/tenants/:tenantId/endpoints/:endpointId/headers' },
  {
    method: 'patch',
    path: '/v1/tenants/:tenantId/endpoints/:endpointId',
    validBody: () => ({ description: 'patched' }),
    requiredField: 'body',
  },
  { method: 'delete', path: '/v1/tenants/:tenantId/endpoints/:endpointId' },
  { method: 'post', path: '/v1/tenants/:tenantId/endpoints/:endpointId/rotate-secret' },
  {
    method: 'post',
    path: '/v1/tenants/:tenantId/endpoints/:endpointId/test',
    validBody: () => ({ type: 'validation.test' }),
    requiredField: 'type',
  },
  {
    method: 'post',
    path: '/v1/tenants/:tenantId/events',
    validBody: () => ({ type: 'validation.event', data: { ok: true } }),
    requiredField: 'type',
  },
  { method: 'get', path: '/v1/tenants/:tenantId/events/:eventId' },
  { method: 'get', path: '/v1/tenants/:tenantId/deliveries/:deliveryId' },
  { method: 'post', path: '/v1/tenants/:tenantId/deliveries/:deliveryId/resend' },
  { method: 'post', path: '/v1/tenants/:tenantId/deliveries/:deliveryId/skip' },
  // The body is optional (a name), so it has no required field to test here.
  { method: 'post', path: '/v1/tenants/:tenantId/api-keys' },
  { method: 'get', path: '/v1/tenants/:tenantId/api-keys', query: true },
  { method: 'delete', path: '/v1/tenants/:tenantId/api-keys/:keyId' },
  { method: 'get', path: '/v1/tenants/:tenantId/events', query: true },
  { method: 'get', path: '/v1/tenants/:tenantId/deliveries', query: true },
  { method: 'get', path: '/v1/tenants/:tenantId/endpoints/:endpointId/stats', query: true, notPaged: true },
  {
    method: 'post',
    path: '/v1/tenants/:tenantId/endpoints/:endpointId/recover',
    validBody: () => ({ since: '2020-01-01T00:00:00Z' }),
    requiredField: 'since',
  },
  { method: 'get', path: '/v1/tenants/:tenantId/endpoints/:endpointId/recover/:jobId' },
  { method: 'post', path: '/v1/event-types', validBody: () => ({ name: 'validation.new_type' }), requiredField: 'name' },
  { method: 'get', path: '/v1/event-types', query: true },
  { method: 'get', path: '/v1/event-types/:name' },
  { method: 'patch', path: '/v1/event-types/:name', validBody: () => ({ description: 'patched' }), requiredField: 'body' },
  { method: 'delete', path: '/v1/event-types/:name' },
  { method: 'get', path: '/v1/tenants/:tenantId/event-types', query: true },
  { method: 'get', path: '/v1/tenants/:tenantId/event-types/:name' },
  // The body is optional (readOnly, expiresIn, theme), so it has no required field to test here.
  { method: 'post', path: '/v1/tenants/:tenantId/portal-sessions' },
  { method: 'get', path: '/v1/tenants/:tenantId/portal-sessions/current' },
  { method: 'delete', path: '/v1/tenants/:tenantId/portal-sessions/:sessionId' },
  // The operational endpoints (admin key only); the endpoint id here is a tenant's, so reads answer 404.
  { method: 'post', path: '/v1/operational-endpoints', validBody: () => ({ url: 'https://example.com/ops' }), requiredField: 'url' },
  { method: 'get', path: '/v1/operational-endpoints', query: true },
  { method: 'get', path: '/v1/operational-endpoints/:endpointId' },
  { method: 'get', path: '/v1/operational-endpoints/:endpointId/secret' },
  { method: 'patch', path: '/v1/operational-endpoints/:endpointId', validBody: () => ({ description: 'patched' }), requiredField: 'body' },
  { method: 'delete', path: '/v1/operational-endpoints/:endpointId' },
  { method: 'post', path: '/v1/operational-endpoints/:endpointId/rotate-secret' },
];

const keyOf = (route: { method: string; path: string }) => `${route.method.toUpperCase()} ${route.path}`;
const routeNamed = (key: string): RouteCase => {
  const route = ROUTES.find((r) => keyOf(r) === key);
  if (!route) throw new Error(`no route ${key} in the table`);
  return route;
};
const paramsOf = (path: string) => [...path.matchAll(/:(\w+)/g)].map((m) => m[1] as keyof Ids);
const fill = (path: string, ids: Partial<Ids>) =>
  path.replace(/:(\w+)/g, (_, name: string) => {
    const value = ids[name as keyof Ids];
    if (value === undefined) throw new Error(`no id for :${name}`);
    return value;
  });

const ROUTE_ROWS = ROUTES.map((route) => ({ ...route, name: keyOf(route) }));
const BODY_ROUTE_ROWS = ROUTE_ROWS.filter((r) => r.validBody);
const QUERY_ROUTE_ROWS = ROUTE_ROWS.filter((r) => r.query);

// ---------------------------------------------------------------- fuzzing

/** mulberry32: a small seeded PRNG so every fuzz run is reproducible. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 0x5eed1e55);

const HOSTILE_STRINGS = [
  '',
  ' ',
  'x',
  'null',
  'true',
  '0',
  '__proto__',
  'constructor',
  '💥🔥',
  'Ω≈ç√∫˜µ≤≥÷',
  '\u202eevil',
  '\u200b',
  '\ufeff',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff',
  '\uffff',
  '\r\n',
  'a\r\nX-Injected: 1',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '../../etc/passwd',
  '%00',
  '%ZZ',
  '${jndi:ldap://x}',
  'order.created',
  'order.*',
  '*',
  'bad type',
  'http://127.0.0.1:1/hook',
  'ftp://example.com/',
  'http://user:pass@example.com/',
  'javascript:alert(1)',
  '5s',
  'soon',
  '999999999999999d',
  'whsec_',
  'x'.repeat(300),
  'é'.repeat(120),
];
const HOSTILE_NUMBERS = [
  '0',
  '-0',
  '1',
  '-1',
  '0.5',
  '1e400',
  '-1e400',
  '1e-400',
  '9007199254740993',
  '123456789012345678901234567890',
  '99999999',
  '1E2',
  '30001',
];
const HOSTILE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  '',
  ' ',
  'a.b',
  '0',
  '💥',
  '\u0000',
  'name',
  'id',
  'url',
  'description',
  'eventTypes',
  'enabled',
  'headers',
  'retrySchedule',
  'timeoutMs',
  'secret',
  'type',
  'data',
];
const NOT_JSON = ['{"a":', 'NaN', "{'a':1}", '[1,]', 'undefined', '{"a":1}}', '\u0000', '--', '{"a":"\\x41"}'];

class Fuzzer {
  private readonly rand: () => number;
  constructor(seed: number) {
    this.rand = mulberry32(seed);
  }
  int(n: number): number {
    return Math.floor(this.rand() * n);
  }
  chance(p: number): boolean {
    return this.rand() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }
  /** A random string of mixed code points: ASCII, controls, Latin-1, BMP, astral, lone surrogates. */
  randomString(): string {
    const length = this.int(24);
    let out = '';
    for (let i = 0; i < length; i++) {
      const range = this.int(6);
      if (range === 0) out += String.fromCharCode(0x20 + this.int(0x5f));
      else if (range === 1) out += String.fromCharCode(this.int(0x20));
      else if (range === 2) out += String.fromCharCode(0x80 + this.int(0x80));
      else if (range === 3) out += String.fromCharCode(0x100 + this.int(0xd700));
      else if (range === 4) out += String.fromCodePoint(0x10000 + this.int(0x10000));
      else out += String.fromCharCode(0xd800 + this.int(0x800));
    }
    return out;
  }
  string(): string {
    return this.chance(0.6) ? this.pick(HOSTILE_STRINGS) : this.randomString();
  }
  key(): string {
    return this.chance(0.7) ? this.pick(HOSTILE_KEYS) : this.randomString();
  }
  /** A random JSON value as text. */
  value(depth = 0): string {
    const kind = this.int(depth >= 3 ? 5 : 7);
    switch (kind) {
      case 0:
        return 'null';
      case 1:
        return this.pick(['true', 'false']);
      case 2:
        return this.pick(HOSTILE_NUMBERS);
      case 3:
      case 4:
        return JSON.stringify(this.string());
      case 5:
        return `[${Array.from({ length: this.int(5) }, () => this.value(depth + 1)).join(',')}]`;
      default:
        return `{${Array.from({ length: this.int(5) }, () => `${JSON.stringify(this.key())}:${this.value(depth + 1)}`).join(',')}}`;
    }
  }
  /** Nesting up to 600 deep (deeper is tested on its own, at the default MAX_PAYLOAD_BYTES). */
  deep(): string {
    const leaf = this.value(3);
    if (this.chance(0.5)) {
      const depth = 50 + this.int(550);
      return `${'['.repeat(depth)}${leaf}${']'.repeat(depth)}`;
    }
    const depth = 20 + this.int(230);
    const key = JSON.stringify(this.pick(['__proto__', 'constructor', 'a', 'data']));
    return `${`{${key}:`.repeat(depth)}${leaf}${'}'.repeat(depth)}`;
  }
  /** A hostile body for a route; `valid` is mutated when given. */
  body(valid: unknown): string {
    const kind = this.int(10);
    if (kind === 0) return this.pick(NOT_JSON);
    if (kind <= 3) return this.value();
    if (kind <= 6) {
      const entries: [string, string][] = Object.entries((valid ?? {}) as Record<string, unknown>).map(([k, v]) => [k, jsonText(v)]);
      const mutations = 1 + this.int(3);
      for (let i = 0; i < mutations; i++) {
        const op = this.int(4);
        if (op === 0 && entries.length) (entries[this.int(entries.length)] as [string, string])[1] = this.value(1);
        else if (op === 1 && entries.length) entries.splice(this.int(entries.length), 1);
        else if (op === 2 && entries.length) entries.push([(entries[this.int(entries.length)] as [string, string])[0], this.value(1)]);
        else entries.push([this.key(), this.value(1)]);
      }
      return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`;
    }
    if (kind <= 8) {
      const keys = Array.from({ length: 1 + this.int(4) }, () => this.pick(['__proto__', 'constructor', 'prototype', this.key()]));
      return `{${keys.map((k) => `${JSON.stringify(k)}:${this.value(1)}`).join(',')}}`;
    }
    return this.deep();
  }
  /** A query string of 1-3 hostile parameters. */
  query(): string {
    const count = 1 + this.int(3);
    const parts: string[] = [];
    for (let i = 0; i < count; i++) {
      const key = this.pick(['limit', 'limit', 'cursor', 'cursor', 'force', 'foo', '__proto__', 'limit[]', 'constructor', '', '%ZZ']);
      const value = this.pick([
        '0',
        'abc',
        '1000',
        '1.5',
        '-1',
        '',
        'true',
        'maybe',
        '%00',
        '%ZZ',
        '%',
        '1e3',
        '0x10',
        '%205',
        'x'.repeat(250),
        safeEncode(this.string()),
      ]);
      parts.push(`${key}=${value}`);
    }
    return `?${parts.join('&')}`;
  }
  /** A hostile path segment (percent-encoded where needed, sometimes malformed on purpose). */
  pathSegment(): string {
    return this.chance(0.6)
      ? this.pick([
          '%ZZ',
          '%',
          '%00',
          '..',
          '.',
          'bad%20id',
          'x'.repeat(65),
          'x'.repeat(129),
          '%E0%A4%A',
          '%F0%9F%92%A5',
          'a%2Fb',
          '__proto__',
          'constructor',
          '%C0%AE',
          'a:b.c',
        ])
      : safeEncode(this.string()) || 'x';
  }
  /** A header value node:http will send: tab, printable ASCII and Latin-1 only. */
  headerValue(): string {
    const length = this.pick([0, 1, 8, 40, 254, 255, 256, 300]);
    let out = '';
    for (let i = 0; i < length; i++) {
      const range = this.int(8);
      out +=
        range === 0
          ? ' '
          : range === 1
            ? String.fromCharCode(0x80 + this.int(0x80))
            : range === 2
              ? '\t'
              : String.fromCharCode(0x21 + this.int(0x5e));
    }
    return out;
  }
}

function safeEncode(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return encodeURIComponent(text.replace(/[\ud800-\udfff]/g, '?'));
  }
}

// ---------------------------------------------------------------- the tests

describe('API validation: bad inputs answer 4xx naming the field, never 500', () => {
  let stack: TestStack;
  let receiver: Receiver;
  /** A tenant with one endpoint, one event and its delivery; only ever read or validated against. */
  let ids: Ids;
  /** A second tenant: another tenant's ids must be unknown here. */
  let otherTenant: string;
  let otherEndpoint: string;

  const call = (
    method: string,
    path: string,
    options: { body?: unknown; raw?: string | Buffer; headers?: Record<string, string>; auth?: boolean } = {},
  ): Promise<Answer> => {
    const headers: Record<string, string> = {};
    if (options.auth !== false) headers.authorization = `Bearer ${stack.adminKey}`;
    let body: string | Buffer | undefined;
    if (options.raw !== undefined) body = options.raw;
    else if (options.body !== undefined) {
      body = jsonText(options.body);
      headers['content-type'] = 'application/json';
    }
    return send(stack.apiUrl, { method: method.toUpperCase(), path, headers: { ...headers, ...options.headers }, body }).then((answer) => {
      stack.checkResponse(answer.sent.method, `${stack.apiUrl}${path}`, answer.status, answer.headers['content-type'] ?? null, answer.text);
      return answer;
    });
  };

  const createTenant = async (prefix: string): Promise<string> => {
    const id = uniqueName(prefix);
    expectStatus(await call('post', '/v1/tenants', { body: { id, name: prefix } }), 201);
    return id;
  };
  const createEndpoint = async (tenantId: string): Promise<string> => {
    const created = await call('post', `/v1/tenants/${tenantId}/endpoints`, { body: { url: receiver.url() } });
    expectStatus(created, 201);
    return created.json.id as string;
  };
  const publish = async (tenantId: string): Promise<{ eventId: string; deliveryId: string }> => {
    const published = await call('post', `/v1/tenants/${tenantId}/events`, { body: { type: 'validation.fixture', data: { n: 1 } } });
    expectStatus(published, 202);
    return { eventId: published.json.id as string, deliveryId: published.json.deliveries[0].id as string };
  };

  /** A recovery job (over a window with nothing failed, so it completes at once). */
  const recover = async (tenantId: string, endpointId: string): Promise<string> => {
    const started = await call('post', `/v1/tenants/${tenantId}/endpoints/${endpointId}/recover`, {
      body: { since: '2020-01-01T00:00:00Z' },
    });
    expectStatus(started, 202);
    return started.json.id as string;
  };

  beforeAll(async () => {
    stack = await startTestStack({ MAX_PAYLOAD_BYTES: '2048' });
    receiver = await Receiver.start();
    const tenantId = await createTenant('val');
    const endpointId = await createEndpoint(tenantId);
    const { eventId, deliveryId } = await publish(tenantId);
    const key = await call('post', `/v1/tenants/${tenantId}/api-keys`, { body: { name: 'validation' } });
    expectStatus(key, 201);
    expectStatus(await call('post', '/v1/event-types', { body: { name: 'validation.catalog' } }), 201);
    const session = await call('post', `/v1/tenants/${tenantId}/portal-sessions`, { body: {} });
    expectStatus(session, 201);
    ids = {
      tenantId,
      endpointId,
      eventId,
      deliveryId,
      keyId: key.json.id as string,
      jobId: await recover(tenantId, endpointId),
      name: 'validation.catalog',
      sessionId: session.json.id as string,
    };
    otherTenant = await createTenant('val_other');
    otherEndpoint = await createEndpoint(otherTenant);
    // One operational endpoint, so its list has something to page.
    expectStatus(await call('post', '/v1/operational-endpoints', { body: { url: receiver.url('/ops') } }), 201);
  });
  afterAll(async () => {
    await receiver?.close();
    await stack?.stop();
  });

  it('covers every route apiRoutes registers (this table cannot drift from the app)', () => {
    const registered = apiRoutes(stack.ctx).map(keyOf).sort();
    expect(ROUTES.map(keyOf).sort()).toEqual(registered);
  });

  // ------------------------------------------------------------ authorization

  describe('Authorization', () => {
    const variants: [string, (key: string) => string | undefined][] = [
      ['missing', () => undefined],
      ['a wrong key', () => 'Bearer wrong_key_0123456789abcdef'],
      ['the right key with a Basic scheme', (key) => `Basic ${Buffer.from(`admin:${key}`).toString('base64')}`],
      ['Bearer with no key', () => 'Bearer'],
      ['the key with no scheme', (key) => key],
      ['the key with a trailing token', (key) => `Bearer ${key} extra`],
      ['the key plus one character', (key) => `Bearer ${key}x`],
      ['a prefix of the key', (key) => `Bearer ${key.slice(0, -1)}`],
    ];

    it.each(ROUTE_ROWS)('$name answers 401 with no detail for every bad Authorization', async (route) => {
      const path = fill(route.path, ids);
      for (const [, header] of variants) {
        const value = header(stack.adminKey);
        const answer = await call(route.method, path, {
          auth: false,
          headers: value === undefined ? {} : { authorization: value },
          ...(route.validBody ? { body: route.validBody() } : {}),
        });
        expectError(answer, 401, { code: 'unauthorized' });
        if (answer.json.error.details.length !== 0) throw new Error(`401 must carry no detail\n${describeExchange(answer)}`);
        if (answer.headers['www-authenticate'] !== 'Bearer')
          throw new Error(`401 must send www-authenticate: Bearer\n${describeExchange(answer)}`);
        if (answer.text.includes(stack.adminKey)) throw new Error(`401 leaks the key\n${describeExchange(answer)}`);
      }
    });

    it.each(ROUTE_ROWS)('$name checks the key before any validation (bad params, query and body still get 401)', async (route) => {
      const badIds = {
        tenantId: 'bad%20id',
        endpointId: 'bad%20id',
        eventId: 'bad%20id',
        deliveryId: 'bad%20id',
        keyId: 'bad%20id',
        jobId: 'bad%20id',
        name: 'bad%20id',
        sessionId: 'bad%20id',
      };
      const answer = await call(route.method, `${fill(route.path, badIds)}?foo=1`, {
        auth: false,
        ...(route.validBody ? { body: { bogus: 1 } } : {}),
      });
      expectError(answer, 401, { code: 'unauthorized' });
    });

    it('accepts the scheme case-insensitively (control: the key itself works)', async () => {
      const answer = await call('get', '/v1/tenants', { auth: false, headers: { authorization: `bearer ${stack.adminKey}` } });
      expectStatus(answer, 200);
    });
  });

  // ------------------------------------------------------------ body fields

  describe('body fields', () => {
    const TENANTS = 'POST /v1/tenants';
    const CREATE = 'POST /v1/tenants/:tenantId/endpoints';
    const PATCH = 'PATCH /v1/tenants/:tenantId/endpoints/:endpointId';
    const TEST = 'POST /v1/tenants/:tenantId/endpoints/:endpointId/test';
    const EVENTS = 'POST /v1/tenants/:tenantId/events';
    const url = 'https://example.com/hook';
    const twentyOneHeaders = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`x-h${i}`, 'v']));

    const cases: { name: string; route: string; body: unknown; fields: string[] }[] = [
      // unknown fields (strict objects)
      { name: 'tenant: unknown field', route: TENANTS, body: { name: 'x', extra: 1 }, fields: ['extra'] },
      { name: 'tenant: __proto__ key', route: TENANTS, body: rawJson('{"name":"x","__proto__":{"isAdmin":true}}'), fields: ['__proto__'] },
      { name: 'tenant: constructor key', route: TENANTS, body: { name: 'x', constructor: { prototype: {} } }, fields: ['constructor'] },
      { name: 'tenant: two unknown fields', route: TENANTS, body: { name: 'x', a: 1, b: 2 }, fields: ['a', 'b'] },
      { name: 'tenant: missing name', route: TENANTS, body: {}, fields: ['name'] },
      { name: 'tenant: name is a number', route: TENANTS, body: { name: 5 }, fields: ['name'] },
      { name: 'tenant: blank name', route: TENANTS, body: { name: '   ' }, fields: ['name'] },
      { name: 'tenant: name too long', route: TENANTS, body: { name: 'x'.repeat(201) }, fields: ['name'] },
      { name: 'tenant: id with a space', route: TENANTS, body: { name: 'x', id: 'bad id' }, fields: ['id'] },
      { name: 'tenant: id too long', route: TENANTS, body: { name: 'x', id: 'x'.repeat(65) }, fields: ['id'] },
      { name: 'tenant: id is a number', route: TENANTS, body: { name: 'x', id: 7 }, fields: ['id'] },

      { name: 'endpoint: unknown field', route: CREATE, body: { url, bogus: 1 }, fields: ['bogus'] },
      {
        name: 'endpoint: __proto__ key',
        route: CREATE,
        body: rawJson(`{"url":"${url}","__proto__":{"enabled":false}}`),
        fields: ['__proto__'],
      },
      { name: 'endpoint: missing url', route: CREATE, body: {}, fields: ['url'] },
      { name: 'endpoint: url: 5', route: CREATE, body: { url: 5 }, fields: ['url'] },
      { name: 'endpoint: url ftp://', route: CREATE, body: { url: 'ftp://example.com/hook' }, fields: ['url'] },
      { name: 'endpoint: url with credentials', route: CREATE, body: { url: 'http://user:pass@example.com/' }, fields: ['url'] },
      { name: 'endpoint: url "not a url"', route: CREATE, body: { url: 'not a url' }, fields: ['url'] },
      { name: 'endpoint: relative url', route: CREATE, body: { url: '/hooks/relative' }, fields: ['url'] },
      { name: 'endpoint: javascript: url', route: CREATE, body: { url: 'javascript:alert(1)' }, fields: ['url'] },
      { name: 'endpoint: url with a fragment', route: CREATE, body: { url: 'https://example.com/hook#frag' }, fields: ['url'] },
      { name: 'endpoint: eventTypes: "x"', route: CREATE, body: { url, eventTypes: 'x' }, fields: ['eventTypes'] },
      { name: 'endpoint: eventTypes: ["bad type"]', route: CREATE, body: { url, eventTypes: ['bad type'] }, fields: ['eventTypes.0'] },
      {
        name: 'endpoint: second event type invalid',
        route: CREATE,
        body: { url, eventTypes: ['order.created', 'order.*.x'] },
        fields: ['eventTypes.1'],
      },
      { name: 'endpoint: filter "**"', route: CREATE, body: { url, eventTypes: ['**'] }, fields: ['eventTypes.0'] },
      { name: 'endpoint: filter "order."', route: CREATE, body: { url, eventTypes: ['order.'] }, fields: ['eventTypes.0'] },
      { name: 'endpoint: event type a number', route: CREATE, body: { url, eventTypes: [5] }, fields: ['eventTypes.0'] },
      { name: 'endpoint: empty eventTypes', route: CREATE, body: { url, eventTypes: [] }, fields: ['eventTypes'] },
      { name: 'endpoint: enabled: "yes"', route: CREATE, body: { url, enabled: 'yes' }, fields: ['enabled'] },
      { name: 'endpoint: timeoutMs: 99999999', route: CREATE, body: { url, timeoutMs: 99999999 }, fields: ['timeoutMs'] },
      { name: 'endpoint: timeoutMs: 50', route: CREATE, body: { url, timeoutMs: 50 }, fields: ['timeoutMs'] },
      { name: 'endpoint: timeoutMs: 1.5', route: CREATE, body: { url, timeoutMs: 1500.5 }, fields: ['timeoutMs'] },
      { name: 'endpoint: timeoutMs: "1000"', route: CREATE, body: { url, timeoutMs: '1000' }, fields: ['timeoutMs'] },
      { name: 'endpoint: timeoutMs: 1e400', route: CREATE, body: { url, timeoutMs: rawJson('1e400') }, fields: ['timeoutMs'] },
      { name: 'endpoint: retrySchedule: ["soon"]', route: CREATE, body: { url, retrySchedule: ['soon'] }, fields: ['retrySchedule.0'] },
      { name: 'endpoint: retry delay over 7d', route: CREATE, body: { url, retrySchedule: ['5s', '8d'] }, fields: ['retrySchedule.1'] },
      { name: 'endpoint: retrySchedule a string', route: CREATE, body: { url, retrySchedule: '5s' }, fields: ['retrySchedule'] },
      {
        name: 'endpoint: header webhook-signature',
        route: CREATE,
        body: { url, headers: { 'webhook-signature': 'v1,x' } },
        fields: ['headers.webhook-signature'],
      },
      {
        name: 'endpoint: header Content-Type',
        route: CREATE,
        body: { url, headers: { 'Content-Type': 'text/plain' } },
        fields: ['headers.Content-Type'],
      },
      {
        name: 'endpoint: header content-type',
        route: CREATE,
        body: { url, headers: { 'content-type': 'text/plain' } },
        fields: ['headers.content-type'],
      },
      { name: 'endpoint: header Host', route: CREATE, body: { url, headers: { Host: 'evil.example' } }, fields: ['headers.Host'] },
      {
        name: 'endpoint: header value with CRLF',
        route: CREATE,
        body: { url, headers: { 'x-a': 'a\r\nX-Injected: 1' } },
        fields: ['headers.x-a'],
      },
      { name: 'endpoint: header value with LF', route: CREATE, body: { url, headers: { 'x-a': 'a\nb' } }, fields: ['headers.x-a'] },
      { name: 'endpoint: header value with CR', route: CREATE, body: { url, headers: { 'x-a': 'a\rb' } }, fields: ['headers.x-a'] },
      {
        name: 'endpoint: header name with a space',
        route: CREATE,
        body: { url, headers: { 'bad name': 'v' } },
        fields: ['headers.bad name'],
      },
      { name: 'endpoint: header value a number', route: CREATE, body: { url, headers: { 'x-a': 5 } }, fields: ['headers.x-a'] },
      { name: 'endpoint: headers a string', route: CREATE, body: { url, headers: 'x-a: b' }, fields: ['headers'] },
      { name: 'endpoint: 21 headers', route: CREATE, body: { url, headers: twentyOneHeaders }, fields: ['headers'] },
      { name: 'endpoint: invalid secret', route: CREATE, body: { url, secret: 'whsec_short' }, fields: ['secret'] },
      { name: 'endpoint: description a number', route: CREATE, body: { url, description: 5 }, fields: ['description'] },
      {
        name: 'endpoint: several bad fields are all named',
        route: CREATE,
        body: { url: 5, eventTypes: 'x', enabled: 'yes', timeoutMs: 99999999 },
        fields: ['url', 'eventTypes', 'enabled', 'timeoutMs'],
      },

      { name: 'patch: empty object', route: PATCH, body: {}, fields: ['body'] },
      { name: 'patch: unknown field', route: PATCH, body: { bogus: 1 }, fields: ['bogus'] },
      { name: 'patch: secret is not patchable', route: PATCH, body: { secret: 'whsec_x' }, fields: ['secret'] },
      { name: 'patch: url ftp://', route: PATCH, body: { url: 'ftp://example.com/' }, fields: ['url'] },
      { name: 'patch: url null', route: PATCH, body: { url: null }, fields: ['url'] },
      { name: 'patch: enabled: "yes"', route: PATCH, body: { enabled: 'yes' }, fields: ['enabled'] },
      { name: 'patch: timeoutMs: 99999999', route: PATCH, body: { timeoutMs: 99999999 }, fields: ['timeoutMs'] },
      { name: 'patch: retrySchedule: ["soon"]', route: PATCH, body: { retrySchedule: ['soon'] }, fields: ['retrySchedule.0'] },
      { name: 'patch: eventTypes: ["bad type"]', route: PATCH, body: { eventTypes: ['bad type'] }, fields: ['eventTypes.0'] },
      {
        name: 'patch: header webhook-signature',
        route: PATCH,
        body: { headers: { 'webhook-signature': 'x' } },
        fields: ['headers.webhook-signature'],
      },
      { name: 'patch: header value with CRLF', route: PATCH, body: { headers: { 'x-a': 'a\r\nb' } }, fields: ['headers.x-a'] },

      { name: 'test event: missing type', route: TEST, body: {}, fields: ['type'] },
      { name: 'test event: type "bad type"', route: TEST, body: { type: 'bad type' }, fields: ['type'] },
      { name: 'test event: type a number', route: TEST, body: { type: 5 }, fields: ['type'] },
      { name: 'test event: unknown field', route: TEST, body: { type: 'a.b', bogus: 1 }, fields: ['bogus'] },
      { name: 'test event: data 1e400', route: TEST, body: { type: 'a.b', data: rawJson('1e400') }, fields: ['data'] },

      { name: 'event: missing type', route: EVENTS, body: { data: {} }, fields: ['type'] },
      { name: 'event: missing data', route: EVENTS, body: { type: 'a.b' }, fields: ['data'] },
      { name: 'event: type "bad type"', route: EVENTS, body: { type: 'bad type', data: {} }, fields: ['type'] },
      { name: 'event: type ".leading.dot"', route: EVENTS, body: { type: '.leading.dot', data: {} }, fields: ['type'] },
      { name: 'event: type "order.*" (a filter, not a type)', route: EVENTS, body: { type: 'order.*', data: {} }, fields: ['type'] },
      { name: 'event: type too long', route: EVENTS, body: { type: 'a'.repeat(201), data: {} }, fields: ['type'] },
      { name: 'event: unknown field', route: EVENTS, body: { type: 'a.b', data: {}, bogus: 1 }, fields: ['bogus'] },
      { name: 'event: __proto__ key', route: EVENTS, body: rawJson('{"type":"a.b","data":{},"__proto__":{"x":1}}'), fields: ['__proto__'] },
      { name: 'event: id with a space', route: EVENTS, body: { type: 'a.b', data: {}, id: 'bad id' }, fields: ['id'] },
      { name: 'event: id too long', route: EVENTS, body: { type: 'a.b', data: {}, id: 'x'.repeat(129) }, fields: ['id'] },
      { name: 'event: data 1e400', route: EVENTS, body: { type: 'a.b', data: rawJson('1e400') }, fields: ['data'] },
      { name: 'event: data containing -1e400', route: EVENTS, body: { type: 'a.b', data: { n: rawJson('-1e400') } }, fields: ['data.n'] },
    ];

    it.each(cases)('$name → 400 naming $fields', async ({ route, body, fields }) => {
      const answer = await call(routeNamed(route).method, fill(routeNamed(route).path, ids), { body });
      expectError(answer, 400, { code: 'validation_failed', field: fields });
    });

    it('controls: the valid bodies these cases start from are accepted', async () => {
      expectStatus(
        await call('post', fill(routeNamed(CREATE).path, ids), {
          body: {
            url,
            eventTypes: ['order.*', '*'],
            enabled: true,
            timeoutMs: 30000,
            retrySchedule: ['5s', '7d'],
            headers: { 'x-a': 'b' },
          },
        }),
        201,
      );
      expectStatus(await call('patch', fill(routeNamed(PATCH).path, ids), { body: { description: 'still valid' } }), 200);
    });
  });

  describe('values storage cannot hold (NUL, lone surrogates): never 500; refused ones name the field', () => {
    const cases: { name: string; method: Method; path: (i: Ids) => string; body?: unknown; field: string }[] = [
      { name: 'tenant name with NUL', method: 'post', path: () => '/v1/tenants', body: { name: 'a\u0000b' }, field: 'name' },
      { name: 'tenant name with a lone surrogate', method: 'post', path: () => '/v1/tenants', body: { name: 'a\ud800b' }, field: 'name' },
      {
        name: 'endpoint description with NUL',
        method: 'post',
        path: (i) => `/v1/tenants/${i.tenantId}/endpoints`,
        body: { url: 'https://example.com/', description: 'a\u0000b' },
        field: 'description',
      },
      {
        name: 'endpoint header value with NUL',
        method: 'post',
        path: (i) => `/v1/tenants/${i.tenantId}/endpoints`,
        body: { url: 'https://example.com/', headers: { 'x-a': 'a\u0000b' } },
        field: 'headers',
      },
      {
        name: 'endpoint url with NUL',
        method: 'post',
        path: (i) => `/v1/tenants/${i.tenantId}/endpoints`,
        body: { url: 'https://example.com/a\u0000b' },
        field: 'url',
      },
      {
        name: 'patch description with NUL',
        method: 'patch',
        path: (i) => `/v1/tenants/${i.tenantId}/endpoints/${i.endpointId}`,
        body: { description: 'a\u0000b' },
        field: 'description',
      },
      {
        name: 'event data string with NUL',
        method: 'post',
        path: (i) => `/v1/tenants/${i.tenantId}/events`,
        body: { type: 'a.b', data: { s: 'a\u0000b' } },
        field: 'data',
      },
      {
        name: 'event data key with NUL',
        method: 'post',
        path: (i) => `/v1/tenants/${i.tenantId}/events`,
        body: { type: 'a.b', data: { 'a\u0000': 1 } },
        field: 'data',
      },
      {
        name: 'event data with a lone surrogate',
        method: 'post',
        path: (i) => `/v1/tenants/${i.tenantId}/events`,
        body: { type: 'a.b', data: { s: '\ud800' } },
        field: 'data',
      },
      {
        name: 'test event data with NUL',
        method: 'post',
        path: (i) => `/v1/tenants/${i.tenantId}/endpoints/${i.endpointId}/test`,
        body: { type: 'a.b', data: 'a\u0000b' },
        field: 'data',
      },
      { name: 'tenants ?cursor=%00', method: 'get', path: () => '/v1/tenants?cursor=%00', field: 'cursor' },
      { name: 'endpoints ?cursor=%00', method: 'get', path: (i) => `/v1/tenants/${i.tenantId}/endpoints?cursor=a%00b`, field: 'cursor' },
    ];

    it.each(cases)('$name', async ({ method, path, body, field }) => {
      expectNoServerError(await call(method, path(ids), body === undefined ? {} : { body }), field);
    });
  });

  describe('prototype keys inside free-form maps are kept or refused, never silently dropped', () => {
    const own = (value: unknown, key: string) =>
      value !== null && typeof value === 'object' && Object.prototype.hasOwnProperty.call(value, key);

    it('event data {"__proto__": ..., "a": 1}: refused naming data, or stored with its __proto__ key', async () => {
      const answer = await call('post', `/v1/tenants/${ids.tenantId}/events`, {
        body: rawJson('{"type":"proto.data","data":{"__proto__":{"x":1},"a":1}}'),
      });
      if (answer.status >= 400) return expectNoServerError(answer, 'data');
      expectStatus(answer, 202);
      const stored = await call('get', `/v1/tenants/${ids.tenantId}/events/${answer.json.id}`);
      expectStatus(stored, 200);
      if (!own(stored.json.data, '__proto__'))
        throw new Error(`the __proto__ key of the event data was silently dropped\n${describeExchange(stored)}`);
    });

    it('endpoint headers {"__proto__": "x"}: refused naming headers.__proto__, or kept', async () => {
      const answer = await call('post', `/v1/tenants/${ids.tenantId}/endpoints`, {
        body: rawJson('{"url":"https://example.com/","headers":{"__proto__":"x","x-a":"b"}}'),
      });
      if (answer.status >= 400) return expectError(answer, 400, { field: 'headers.__proto__' });
      expectStatus(answer, 201);
      if (!own(answer.json.headers, '__proto__')) throw new Error(`the __proto__ header was silently dropped\n${describeExchange(answer)}`);
    });
  });

  // ------------------------------------------------------------ body format

  describe('body format', () => {
    it.each(BODY_ROUTE_ROWS)('$name: malformed JSON → 400 invalid_json', async (route) => {
      for (const raw of ['{"type": ', '{bad json}', "{'a':1}", '[1,]', 'NaN']) {
        const answer = await call(route.method, fill(route.path, ids), { raw, headers: { 'content-type': 'application/json' } });
        expectError(answer, 400, { code: 'invalid_json', field: 'body' });
      }
    });

    it.each(BODY_ROUTE_ROWS)('$name: a non-JSON content type with a body → 415 naming content-type', async (route) => {
      const text = jsonText(route.validBody!());
      for (const type of [
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/xml',
        'application/jsonp',
      ]) {
        const answer = await call(route.method, fill(route.path, ids), { raw: text, headers: { 'content-type': type } });
        expectError(answer, 415, { code: 'unsupported_media_type', field: 'content-type' });
      }
      const untyped = await call(route.method, fill(route.path, ids), { raw: text });
      expectError(untyped, 415, { code: 'unsupported_media_type', field: 'content-type' });
    });

    it.each(BODY_ROUTE_ROWS)('$name: a JSON array, string, number, boolean or null as body → 400 naming body', async (route) => {
      for (const raw of ['[]', '[{"name":"x"}]', '"x"', '42', 'true', 'null']) {
        const answer = await call(route.method, fill(route.path, ids), { raw, headers: { 'content-type': 'application/json' } });
        expectError(answer, 400, { code: 'validation_failed', field: 'body' });
      }
    });

    it.each(BODY_ROUTE_ROWS)('$name: an empty JSON body → 400 naming $requiredField', async (route) => {
      const answer = await call(route.method, fill(route.path, ids), { raw: '', headers: { 'content-type': 'application/json' } });
      expectError(answer, 400, { code: 'validation_failed', field: route.requiredField! });
    });

    it('an unsupported Content-Encoding → 415 naming content-encoding', async () => {
      const answer = await call('post', '/v1/tenants', {
        raw: '{"name":"x"}',
        headers: { 'content-type': 'application/json', 'content-encoding': 'compress' },
      });
      expectError(answer, 415, { field: 'content-encoding' });
    });

    it('an unsupported charset → 415 naming content-type or content-encoding', async () => {
      const answer = await call('post', '/v1/tenants', {
        raw: '{"name":"x"}',
        headers: { 'content-type': 'application/json; charset=latin1' },
      });
      expectError(answer, 415, { anyField: ['content-type', 'content-encoding'] });
    });

    it('a gzip body is accepted (control)', async () => {
      const answer = await call('post', '/v1/tenants', {
        raw: gzipSync(Buffer.from(JSON.stringify({ name: 'gzipped' }))),
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      });
      expectStatus(answer, 201);
    });

    it('Content-Encoding: gzip with a body that is not gzip → 400 naming body or content-encoding', async () => {
      const answer = await call('post', '/v1/tenants', {
        raw: '{"name":"not actually gzip"}',
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      });
      expectError(answer, 400, { anyField: ['body', 'content-encoding'] });
    });

    it('application/merge-patch+json is JSON (control)', async () => {
      const answer = await call('patch', fill('/v1/tenants/:tenantId/endpoints/:endpointId', ids), {
        raw: '{"description":"merge patch"}',
        headers: { 'content-type': 'application/merge-patch+json' },
      });
      expectStatus(answer, 200);
    });
  });

  describe('MAX_PAYLOAD_BYTES (2048 here)', () => {
    it('an event of ~1.5 KB is accepted (control)', async () => {
      const answer = await call('post', `/v1/tenants/${ids.tenantId}/events`, {
        body: { type: 'size.ok', data: { blob: 'x'.repeat(1500) } },
      });
      expectStatus(answer, 202);
    });

    it('an event with ~4 KB of data → 413 naming body', async () => {
      const answer = await call('post', `/v1/tenants/${ids.tenantId}/events`, {
        body: { type: 'size.big', data: { blob: 'x'.repeat(4096) } },
      });
      expectError(answer, 413, { code: 'payload_too_large', field: 'body' });
    });

    it('a ~4 KB test event, tenant or patch → 413 too', async () => {
      expectError(
        await call('post', `/v1/tenants/${ids.tenantId}/endpoints/${ids.endpointId}/test`, {
          body: { type: 'size.big', data: 'x'.repeat(4096) },
        }),
        413,
        { code: 'payload_too_large', field: 'body' },
      );
      expectError(await call('post', '/v1/tenants', { body: { name: 'x'.repeat(4096) } }), 413, {
        code: 'payload_too_large',
        field: 'body',
      });
      expectError(
        await call('patch', fill('/v1/tenants/:tenantId/endpoints/:endpointId', ids), { body: { description: 'x'.repeat(4096) } }),
        413,
        { code: 'payload_too_large', field: 'body' },
      );
    });

    it('a small gzip body that inflates past the limit → 413', async () => {
      const answer = await call('post', `/v1/tenants/${ids.tenantId}/events`, {
        raw: gzipSync(Buffer.from(JSON.stringify({ type: 'size.bomb', data: { blob: 'x'.repeat(200_000) } }))),
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      });
      expectError(answer, 413, { code: 'payload_too_large', field: 'body' });
    });
  });

  // ------------------------------------------------------------ path params

  describe('path parameters', () => {
    const paramRows = ROUTE_ROWS.flatMap((route) =>
      paramsOf(route.path).map((param) => ({ ...route, param, label: `${route.name} :${param}` })),
    );

    it.each(paramRows)('$label with invalid characters → 400 naming $param', async (route) => {
      const maxLength = route.param === 'eventId' ? 128 : route.param === 'name' ? 200 : 64;
      for (const bad of ['bad%20id', 'bad%2Fid', 'a%00b', '%F0%9F%92%A5', 'x'.repeat(maxLength + 1)]) {
        const answer = await call(
          route.method,
          fill(route.path, { ...ids, [route.param]: bad }),
          route.validBody ? { body: route.validBody() } : {},
        );
        expectError(answer, 400, { code: 'validation_failed', field: route.param });
      }
    });

    it.each(paramRows)('$label with malformed percent-encoding → 400 naming $param (or path)', async (route) => {
      for (const bad of ['bad%ZZid', '%', '%E0%A4%A']) {
        const answer = await call(
          route.method,
          fill(route.path, { ...ids, [route.param]: bad }),
          route.validBody ? { body: route.validBody() } : {},
        );
        expectError(answer, 400, { anyField: [route.param, 'path'] });
      }
    });

    const unknownRows = ROUTE_ROWS.flatMap((route) =>
      paramsOf(route.path).map((param) => ({ ...route, param, label: `${route.name} with an unknown ${param}` })),
    );

    it.each(unknownRows)('$label → 404 naming $param', async (route) => {
      const unknown = {
        tenantId: 'no_such_tenant',
        endpointId: 'ep_NOSUCHENDPOINT',
        eventId: 'evt_NOSUCHEVENT',
        deliveryId: 'dlv_NOSUCHDELIVERY',
        keyId: 'key_NOSUCHKEY',
        jobId: 'job_NOSUCHJOB',
        name: 'no.such_type',
        sessionId: 'ps_NOSUCHSESSION',
      };
      const answer = await call(
        route.method,
        fill(route.path, { ...ids, [route.param]: unknown[route.param] }),
        route.validBody ? { body: route.validBody() } : {},
      );
      expectError(answer, 404, { code: 'not_found', field: route.param });
    });

    // Event types are one catalog for every tenant, so a type name belongs to no tenant.
    it.each(unknownRows.filter((r) => r.param !== 'tenantId' && r.param !== 'name'))(
      "$name: another tenant's $param is unknown here → 404",
      async (route) => {
        // Only the parameter under test belongs to the first tenant; the rest are the other tenant's own.
        const path = fill(route.path, { ...ids, tenantId: otherTenant, endpointId: otherEndpoint, [route.param]: ids[route.param] });
        const answer = await call(route.method, path, route.validBody ? { body: route.validBody() } : {});
        expectError(answer, 404, { code: 'not_found', field: route.param });
      },
    );
  });

  // ------------------------------------------------------------ query

  describe('query parameters', () => {
    const pageCases: [string, string][] = [
      ['?limit=0', 'limit'],
      ['?limit=abc', 'limit'],
      ['?limit=1000', 'limit'],
      ['?limit=251', 'limit'],
      ['?limit=1.5', 'limit'],
      ['?limit=-1', 'limit'],
      ['?limit=', 'limit'],
      ['?limit=1&limit=2', 'limit'],
      ['?limit=1e400', 'limit'],
      ['?foo=1', 'foo'],
      ['?__proto__=1', '__proto__'],
      ['?constructor=1', 'constructor'],
      ['?limit[]=1', 'limit[]'],
      [`?cursor=${'x'.repeat(201)}`, 'cursor'],
      ['?cursor=a&cursor=b', 'cursor'],
    ];
    const rows = QUERY_ROUTE_ROWS.filter((r) => r.method === 'get').flatMap((route) =>
      pageCases.map(([query, field]) => ({ ...route, query, field, label: `${route.name}${query.slice(0, 40)}` })),
    );

    it.each(rows)('$label → 400 naming $field', async ({ path, query, field }) => {
      expectError(await call('get', `${fill(path, ids)}${query}`), 400, { code: 'validation_failed', field });
    });

    it.each(QUERY_ROUTE_ROWS.filter((r) => r.method === 'get' && !r.notPaged))('$name?limit=1 pages (control)', async ({ path }) => {
      const answer = await call('get', `${fill(path, ids)}?limit=1`);
      expectStatus(answer, 200);
      expect(answer.json.data).toHaveLength(1);
    });

    it.each(['maybe', '1', 'TRUE', 'yes', '', 'true&force=true'])(
      'DELETE /v1/tenants/:tenantId?force=%s → 400 naming force',
      async (force) => {
        const answer = await call('delete', `/v1/tenants/${ids.tenantId}?force=${force}`);
        expectError(answer, 400, { code: 'validation_failed', field: 'force' });
      },
    );

    it('DELETE /v1/tenants/:tenantId?foo=1 → 400 naming foo', async () => {
      expectError(await call('delete', `/v1/tenants/${ids.tenantId}?foo=1`), 400, { code: 'validation_failed', field: 'foo' });
    });
  });

  // ------------------------------------------------------------ headers

  describe('Idempotency-Key', () => {
    it.each([
      ['300 characters', 'k'.repeat(300)],
      ['256 characters', 'k'.repeat(256)],
      ['a space inside', 'a b'],
      ['empty', ''],
      ['Latin-1', 'clé'],
      ['a tab inside', 'a\tb'],
    ])('%s → 400 naming idempotency-key', async (_, key) => {
      const answer = await call('post', `/v1/tenants/${ids.tenantId}/events`, {
        body: { type: 'idem.bad', data: {} },
        headers: { 'idempotency-key': key },
      });
      expectError(answer, 400, { code: 'validation_failed', field: 'idempotency-key' });
    });

    it('a valid key is accepted and replayed (control)', async () => {
      const key = uniqueName('idem');
      const first = await call('post', `/v1/tenants/${ids.tenantId}/events`, {
        body: { type: 'idem.ok', data: {} },
        headers: { 'idempotency-key': key },
      });
      expectStatus(first, 202);
      const again = await call('post', `/v1/tenants/${ids.tenantId}/events`, {
        body: { type: 'idem.ok', data: {} },
        headers: { 'idempotency-key': key },
      });
      expectStatus(again, 202);
      expect(again.json.id).toBe(first.json.id);
      expect(again.headers['idempotent-replayed']).toBe('true');
    });
  });

  // ------------------------------------------------------------ conflicts

  describe('conflicts', () => {
    it('creating a tenant with a taken id → 409 naming id', async () => {
      expectError(await call('post', '/v1/tenants', { body: { id: ids.tenantId, name: 'again' } }), 409, { code: 'conflict', field: 'id' });
    });

    it('DELETE a tenant with endpoints → 409 naming force; ?force=true → 204', async () => {
      const tenantId = await createTenant('val_del');
      await createEndpoint(tenantId);
      expectError(await call('delete', `/v1/tenants/${tenantId}`), 409, { code: 'tenant_has_endpoints', field: 'force' });
      expectError(await call('delete', `/v1/tenants/${tenantId}?force=false`), 409, { code: 'tenant_has_endpoints', field: 'force' });
      expectStatus(await call('get', `/v1/tenants/${tenantId}`), 200);
      expectStatus(await call('delete', `/v1/tenants/${tenantId}?force=true`), 204);
      expectError(await call('get', `/v1/tenants/${tenantId}`), 404, { code: 'not_found', field: 'tenantId' });
      expectError(await call('delete', `/v1/tenants/${tenantId}?force=true`), 404, { code: 'not_found', field: 'tenantId' });
    });

    it('resending a delivery of a disabled, then deleted, endpoint → 409 naming endpointId', async () => {
      const tenantId = await createTenant('val_resend');
      const endpointId = await createEndpoint(tenantId);
      const { deliveryId } = await publish(tenantId);
      expectStatus(await call('patch', `/v1/tenants/${tenantId}/endpoints/${endpointId}`, { body: { enabled: false } }), 200);
      expectError(await call('post', `/v1/tenants/${tenantId}/deliveries/${deliveryId}/resend`), 409, {
        code: 'endpoint_disabled',
        field: 'endpointId',
      });
      expectStatus(await call('delete', `/v1/tenants/${tenantId}/endpoints/${endpointId}`), 204);
      expectError(await call('post', `/v1/tenants/${tenantId}/deliveries/${deliveryId}/resend`), 409, {
        code: 'endpoint_disabled',
        field: 'endpointId',
      });
      expectError(await call('delete', `/v1/tenants/${tenantId}/endpoints/${endpointId}`), 404, { code: 'not_found', field: 'endpointId' });
    });
  });

  // ------------------------------------------------------------ unknown routes

  it.each([
    ['GET', '/v1/nope', true],
    ['GET', '/', true],
    ['GET', '/v1/tenants/x/unknown', true],
    ['PUT', '/v1/tenants', true],
    ['POST', '/v1/tenants/x', true],
    ['GET', '/v2/tenants', false],
    ['GET', '/v1/nope', false],
  ] as const)('unknown route %s %s (auth %s) → 404 JSON naming path', async (method, path, auth) => {
    expectError(await call(method, path, { auth }), 404, { code: 'route_not_found', field: 'path' });
  });

  // ------------------------------------------------------------ OpenAPI

  it('GET /openapi.json (no auth) documents every route, with strict request bodies', async () => {
    const answer = await call('get', '/openapi.json', { auth: false });
    expectStatus(answer, 200);
    const doc = answer.json;
    expect(doc.openapi).toBe('3.1.0');
    const missing: string[] = [];
    for (const route of apiRoutes(stack.ctx)) {
      const path = route.path.replace(/:(\w+)/g, '{$1}');
      const operation = doc.paths?.[path]?.[route.method];
      if (!operation) {
        missing.push(`${route.method} ${path}`);
        continue;
      }
      for (const param of paramsOf(route.path)) {
        if (!operation.parameters?.some((p: any) => p.in === 'path' && p.name === param && p.required === true)) {
          missing.push(`${route.method} ${path}: path parameter ${param}`);
        }
      }
      if (route.body) {
        const schema = operation.requestBody?.content?.['application/json']?.schema;
        if (schema?.additionalProperties !== false) missing.push(`${route.method} ${path}: requestBody is not additionalProperties: false`);
      }
    }
    expect(missing).toEqual([]);
    const createEndpoint = doc.paths['/v1/tenants/{tenantId}/endpoints'].post.requestBody.content['application/json'].schema;
    expect(createEndpoint.required).toContain('url');
    expect(createEndpoint.additionalProperties).toBe(false);
  });

  // ------------------------------------------------------------ fuzz

  describe(`fuzz (seed ${FUZZ_SEED}; set FUZZ_SEED to vary)`, () => {
    const PER_ROUTE = 30;
    let fuzzIds: Ids;
    let sacrificialTenant: string;
    let sacrificialEndpoint: string;

    beforeAll(async () => {
      const tenantId = await createTenant('val_fuzz');
      const endpointId = await createEndpoint(tenantId);
      const { eventId, deliveryId } = await publish(tenantId);
      const key = await call('post', `/v1/tenants/${tenantId}/api-keys`, { body: {} });
      expectStatus(key, 201);
      const session = await call('post', `/v1/tenants/${tenantId}/portal-sessions`, { body: {} });
      expectStatus(session, 201);
      expectStatus(await call('post', '/v1/event-types', { body: { name: 'fuzz.catalog' } }), 201);
      expectStatus(await call('post', '/v1/event-types', { body: { name: 'fuzz.sacrificial' } }), 201);
      fuzzIds = {
        tenantId,
        endpointId,
        eventId,
        deliveryId,
        keyId: key.json.id as string,
        jobId: await recover(tenantId, endpointId),
        name: 'fuzz.catalog',
        sessionId: session.json.id as string,
      };
      sacrificialTenant = await createTenant('val_fuzz_del');
      await createEndpoint(sacrificialTenant);
      sacrificialEndpoint = await createEndpoint(tenantId);
    });

    /** The ids a route is fuzzed against: DELETEs get their own, so they cannot remove what other routes use. */
    const baseIds = (route: RouteCase): Ids => {
      if (keyOf(route) === 'DELETE /v1/tenants/:tenantId') return { ...fuzzIds, tenantId: sacrificialTenant };
      if (keyOf(route) === 'DELETE /v1/tenants/:tenantId/endpoints/:endpointId') return { ...fuzzIds, endpointId: sacrificialEndpoint };
      if (keyOf(route) === 'DELETE /v1/event-types/:name') return { ...fuzzIds, name: 'fuzz.sacrificial' };
      return fuzzIds;
    };
    const fuzzPath = (route: RouteCase) => fill(route.path, baseIds(route));

    const check = (answer: Answer, failures: string[]) => {
      const problems = answer.status >= 500 ? [`status ${answer.status}`] : answer.status >= 400 ? errorShapeProblems(answer) : [];
      if (problems.length) failures.push(`${problems.join('; ')}\n${describeExchange(answer)}`);
    };
    const report = (failures: string[], sent: number) => {
      if (failures.length) {
        throw new Error(
          `${failures.length} of ${sent} fuzzed requests broke the rules (seed ${FUZZ_SEED}):\n\n${failures.slice(0, 12).join('\n\n')}`,
        );
      }
    };

    it.each(ROUTE_ROWS)('$name: hostile JSON bodies never get a 500', async (route) => {
      const fuzz = new Fuzzer(FUZZ_SEED ^ hash(route.name));
      const failures: string[] = [];
      for (let i = 0; i < PER_ROUTE; i++) {
        const raw = fuzz.body(route.validBody?.());
        check(await call(route.method, fuzzPath(route), { raw, headers: { 'content-type': 'application/json' } }), failures);
      }
      report(failures, PER_ROUTE);
    });

    it.each(QUERY_ROUTE_ROWS)('$name: hostile query strings never get a 500', async (route) => {
      const fuzz = new Fuzzer(FUZZ_SEED ^ hash(`${route.name}?`));
      const failures: string[] = [];
      for (let i = 0; i < PER_ROUTE; i++) check(await call(route.method, `${fuzzPath(route)}${fuzz.query()}`), failures);
      report(failures, PER_ROUTE);
    });

    it.each(ROUTE_ROWS.filter((r) => paramsOf(r.path).length > 0))('$name: hostile path segments never get a 500', async (route) => {
      const fuzz = new Fuzzer(FUZZ_SEED ^ hash(`${route.name}/`));
      const failures: string[] = [];
      for (let i = 0; i < PER_ROUTE; i++) {
        const base = baseIds(route);
        const segments = Object.fromEntries(paramsOf(route.path).map((p) => [p, fuzz.chance(0.5) ? fuzz.pathSegment() : base[p]]));
        const path = fill(route.path, { ...base, ...segments });
        check(await call(route.method, path, route.validBody ? { body: route.validBody() } : {}), failures);
      }
      report(failures, PER_ROUTE);
    });

    it('POST /v1/tenants/:tenantId/events: hostile Idempotency-Key values never get a 500', async () => {
      const fuzz = new Fuzzer(FUZZ_SEED ^ hash('idempotency-key'));
      const failures: string[] = [];
      for (let i = 0; i < PER_ROUTE; i++) {
        const answer = await call('post', `/v1/tenants/${fuzzIds.tenantId}/events`, {
          body: { type: 'fuzz.idem', data: {} },
          headers: { 'idempotency-key': fuzz.headerValue() },
        });
        check(answer, failures);
      }
      report(failures, PER_ROUTE);
    });
  });
});

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/**
 * What a 2 KB body cannot carry: a URL over its 2048-character limit, and JSON nested
 * thousands deep (the default MAX_PAYLOAD_BYTES, 256 KB, allows ~100,000 levels). A
 * separate stack with the default limit (no worker needed: nothing is delivered).
 */
describe('API validation at the default MAX_PAYLOAD_BYTES', () => {
  let stack: TestStack;
  let tenantId: string;
  let endpointId: string;

  beforeAll(async () => {
    stack = await startTestStack({}, { worker: false });
    tenantId = uniqueName('deep');
    expect((await stack.api('POST', '/v1/tenants', { id: tenantId, name: 'Deep' })).status).toBe(201);
    const endpoint = await stack.api('POST', `/v1/tenants/${tenantId}/endpoints`, { url: 'https://example.com/hook', enabled: false });
    expect(endpoint.status).toBe(201);
    endpointId = endpoint.body.id as string;
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('an endpoint url longer than 2048 characters → 400 naming url', async () => {
    const answer = await send(stack.apiUrl, {
      method: 'POST',
      path: `/v1/tenants/${tenantId}/endpoints`,
      headers: { authorization: `Bearer ${stack.adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: `https://example.com/${'a'.repeat(2100)}` }),
    });
    expectError(answer, 400, { code: 'validation_failed', field: 'url' });
  });

  const deepArray = (depth: number) => `${'['.repeat(depth)}1${']'.repeat(depth)}`;
  const deepObject = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

  it.each([
    ['events: data nested 100,000 arrays deep', 'events', deepArray(100_000)],
    ['events: data nested 40,000 objects deep', 'events', deepObject(40_000)],
    ['test event: data nested 100,000 arrays deep', 'test', deepArray(100_000)],
    ['events: data nested 5,000 arrays deep', 'events', deepArray(5_000)],
  ])('deep nesting: %s → never 500; refused as 4xx naming data', async (_, route, data) => {
    const path = route === 'events' ? `/v1/tenants/${tenantId}/events` : `/v1/tenants/${tenantId}/endpoints/${endpointId}/test`;
    const answer = await send(stack.apiUrl, {
      method: 'POST',
      path,
      headers: { authorization: `Bearer ${stack.adminKey}`, 'content-type': 'application/json' },
      body: `{"type":"deep.nesting","data":${data}}`,
    });
    expectNoServerError(answer, 'data');
  });
});
