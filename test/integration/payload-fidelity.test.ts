import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Webhook } from 'standardwebhooks';
import { MAX_JSON_DEPTH } from '../../src/api/input-safety';
import { createEndpoint, createTenant } from '../helpers/hookflow';
import { eventually, type ReceivedRequest, type Receiver, ReceiverPool } from '../helpers/receiver';
import { startTestStack, type TestStack } from '../helpers/stack';

/**
 * `data` reaches the receiver as the bytes that were published, less insignificant
 * whitespace. Bodies are sent as raw text (never JSON.stringify of a JavaScript value,
 * which would already have rounded the big integers this is about).
 */

const SEEDS_DIR = path.resolve(__dirname, '../../../shared/seeds');

/** Strings, and the runs of other non-whitespace between them. */
const TOKENS = /"(?:[^"\\]|\\.)*"|[^\s"]+/g;

/** The test's own minifier (independent of the API's): drops whitespace outside strings. */
function minify(json: string): string {
  return (json.match(TOKENS) ?? []).join('');
}

/** Every balanced `{...}` in the prose of the seed files that parses as JSON, as written. */
function seedObjects(): { file: string; text: string }[] {
  const found: { file: string; text: string }[] = [];
  for (const file of readdirSync(SEEDS_DIR).filter((name) => name.endsWith('.txt'))) {
    const prose = readFileSync(path.join(SEEDS_DIR, file), 'utf8');
    let start = prose.indexOf('{');
    while (start !== -1) {
      let depth = 0;
      let inString = false;
      let end = -1;
      for (let i = start; i < prose.length && end === -1; i++) {
        const c = prose[i];
        if (inString) {
          if (c === '\\') i++;
          else if (c === '"') inString = false;
        } else if (c === '"') inString = true;
        else if (c === '{') depth++;
        else if (c === '}' && --depth === 0) end = i;
      }
      const candidate = end === -1 ? undefined : prose.slice(start, end + 1);
      let parses = false;
      try {
        parses = candidate !== undefined && JSON.parse(candidate) !== undefined;
      } catch {
        parses = false;
      }
      if (parses) found.push({ file, text: candidate! });
      start = prose.indexOf('{', parses ? end + 1 : start + 1);
    }
  }
  return found;
}

describe('payload fidelity: data is delivered as published', () => {
  let stack: TestStack;
  let tenant: string;
  let rx: Receiver;
  let secret: string;
  let endpointId: string;
  const receivers = new ReceiverPool();

  beforeAll(async () => {
    stack = await startTestStack();
    tenant = await createTenant(stack);
    rx = await receivers.start();
    const endpoint = await createEndpoint(stack, tenant, { url: rx.url() });
    secret = endpoint.secret;
    endpointId = endpoint.id;
  });
  afterAll(async () => {
    await receivers.closeAll();
    await stack?.stop();
  });

  /** POSTs `body` as these exact bytes; the answer is checked against /openapi.json. */
  async function postRaw(pathname: string, body: string, headers: Record<string, string> = {}) {
    const url = `${stack.apiUrl}${pathname}`;
    const response = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.adminKey}`, 'content-type': 'application/json', ...headers },
      body: Buffer.from(body, 'utf8'),
    });
    const text = await response.text();
    stack.checkResponse('POST', url, response.status, response.headers.get('content-type'), text);
    return { status: response.status, body: JSON.parse(text), headers: response.headers };
  }

  const publishRaw = (body: string, headers?: Record<string, string>) => postRaw(`/v1/tenants/${tenant}/events`, body, headers);

  async function deliveredTo(eventId: string): Promise<ReceivedRequest> {
    return eventually(async () => rx.requests.find((r) => r.headers['webhook-id'] === eventId), 30_000, `delivery of ${eventId}`);
  }

  /** The received body is exactly the envelope around `expectedData`, and its signature verifies over those bytes. */
  function expectEnvelope(request: ReceivedRequest, event: { id: string; type: string; data: string; test?: boolean }) {
    const timestamp = /^\{"id":"[^"]*","type":"[^"]*","timestamp":"([^"]+)"/.exec(request.body)?.[1];
    expect(timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const expected =
      `{"id":${JSON.stringify(event.id)},"type":${JSON.stringify(event.type)},"timestamp":"${timestamp}",` +
      `"data":${event.data}${event.test ? ',"test":true' : ''}}`;
    expect(request.body).toBe(expected);
    const headers = request.headers as Record<string, string>;
    expect(() => new Webhook(secret).verify(request.body, headers)).not.toThrow();
  }

  it('every JSON object in the seed files arrives byte-identical (minified), signed over the exact body', async () => {
    const seeds = seedObjects();
    expect(seeds.length).toBeGreaterThanOrEqual(20);
    const published: { id: string; data: string }[] = [];
    for (const seed of seeds) {
      // The publisher's own whitespace, as written in the file.
      const answer = await publishRaw(`{"type":"seed.object",\n  "data": ${seed.text}\n}`);
      expect(answer.status).toBe(202);
      published.push({ id: answer.body.id, data: minify(seed.text) });
    }
    for (const event of published) {
      expectEnvelope(await deliveredTo(event.id), { id: event.id, type: 'seed.object', data: event.data });
    }
  });

  it("the issue's example keeps its big integer, its 19.90 and its key order", async () => {
    const data = '{"zeta":1,"alpha":2,"id":12345678901234567890,"price":19.90}';
    const answer = await publishRaw(`{"type":"big.int","data":${data}}`);
    expect(answer.status).toBe(202);
    expectEnvelope(await deliveredTo(answer.body.id), { id: answer.body.id, type: 'big.int', data });
  });

  const nest = (levels: number) => `${'['.repeat(levels)}1${']'.repeat(levels)}`;
  /** Each literal is either delivered verbatim (minified) or refused with a 4xx naming `data`: never changed. */
  const hostile: { name: string; data: string; refused?: RegExp }[] = [
    { name: 'big integers', data: '{"a":12345678901234567890,"b":-98765432109876543210987654321,"c":[9007199254740993]}' },
    { name: 'a 308-digit integer (a double holds up to about 1.8e308)', data: `{"n":${'9'.repeat(308)}}` },
    { name: 'numbers at the edges of a double', data: '[1.7976931348623157e308,-1e-400,5e-324,0.1000000000000000000000000001]' },
    // Integers of any size verbatim; a fraction or exponent within a double's range (most receivers would read these as Infinity).
    { name: 'an exponent beyond a double', data: '{"n":1E400}', refused: /^data\.n$/ },
    { name: 'a negative exponent beyond a double', data: '[0,-1e+400]', refused: /^data\.1$/ },
    { name: 'a 310-digit integer', data: `{"n":${'9'.repeat(310)}}` },
    { name: 'a negative 1,000-digit integer', data: `{"n":-${'7'.repeat(1000)}}` },
    { name: 'decimal and exponent literals', data: '{"price":19.90,"tiny":1E-7,"zero":-0,"z2":0.0,"e":0.1e+2,"neg":-0.000}' },
    { name: 'a scalar big integer as data', data: '12345678901234567890' },
    { name: 'null, true, false and strings as data', data: '[null,true,false,"",{}]' },
    {
      name: 'string escapes',
      data: '{"e":"\\u00e9","q":"\\"","s":"\\/","b":"\\\\","c":"\\n\\t\\b\\f\\r","emoji":"\\ud83d\\ude00","raw":"é😀"}',
    },
    { name: 'whitespace inside strings', data: '{"s":"  a  b  "}' },
    { name: 'keys equal once unescaped (\\u0061 and a) are duplicates', data: '{"\\u0061":1,"a":2}', refused: /^data\.a$/ },
    { name: 'duplicate keys', data: '{"a":1,"b":2,"a":3}', refused: /^data\.a$/ },
    { name: 'nested duplicate keys', data: '{"x":[{"k":1},{"k":1,"k":1}]}', refused: /^data\.x\.1\.k$/ },
    { name: 'a lone high surrogate', data: '{"s":"\\ud800"}', refused: /^data\.s$/ },
    { name: 'a lone low surrogate in a key', data: '{"\\udc00":1}', refused: /^data$/ },
    { name: 'a NUL character', data: '["\\u0000"]', refused: /^data\.0$/ },
    { name: 'a __proto__ key', data: '{"__proto__":{"admin":true}}', refused: /^data\.__proto__$/ },
    // The body is level 0, data level 1: MAX_JSON_DEPTH containers in all is the limit.
    { name: 'nesting at the limit', data: nest(MAX_JSON_DEPTH - 1) },
    { name: 'nesting one past the limit', data: nest(MAX_JSON_DEPTH), refused: /^data(\.0)*$/ },
    { name: 'deep nesting far past the limit', data: nest(100_000), refused: /^data(\.0)*$/ },
  ];

  it.each(hostile)('hostile literal: $name', async ({ data, refused }) => {
    // Spread over lines and indented, as a pretty-printer would: only that whitespace goes.
    const spaced = (data.match(TOKENS) ?? []).join(' \n\t ');
    expect(minify(spaced)).toBe(minify(data));
    const answer = await publishRaw(`{ "type" : "hostile.literal" , "data" :\r\n ${spaced} }`);
    if (refused) {
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
      expect(answer.body.error.details[0].field).toMatch(refused);
      return;
    }
    expect(answer.status).toBe(202);
    expectEnvelope(await deliveredTo(answer.body.id), { id: answer.body.id, type: 'hostile.literal', data: minify(data) });
  });

  it('a duplicate top-level data member is refused, naming data', async () => {
    const answer = await publishRaw('{"type":"dup.data","data":{"a":1},"data":{"b":2}}');
    expect(answer.status).toBe(400);
    expect(answer.body.error.details[0].field).toBe('data');
  });

  it('still refuses data that is not JSON, and bodies over MAX_PAYLOAD_BYTES', async () => {
    const invalid = await publishRaw('{"type":"bad.json","data":{"a":01}}');
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.code).toBe('invalid_json');
    const limit = stack.ctx.config.http.maxPayloadBytes;
    const filler = 'x'.repeat(limit);
    const tooLarge = await publishRaw(`{"type":"too.large","data":"${filler}"}`);
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.error.details[0].field).toBe('body');
  });

  it('GET …/events/{id} returns data with the same fidelity', async () => {
    const data = '{"zeta":1,"alpha":[1E-400,-0,19.90],"id":12345678901234567890,"s":"\\u00e9"}';
    const answer = await publishRaw(`{"type":"read.back","data":\n${data.replace(/,/g, ', ')}}`);
    expect(answer.status).toBe(202);
    const url = `${stack.apiUrl}/v1/tenants/${tenant}/events/${answer.body.id}`;
    const response = await fetch(url, { headers: { authorization: `Bearer ${stack.adminKey}` } });
    const text = await response.text();
    stack.checkResponse('GET', url, response.status, response.headers.get('content-type'), text);
    expect(response.status).toBe(200);
    expect(text).toContain(`"type":"read.back","data":${data},"test":false,`);
  });

  it('a test event carries its data verbatim too', async () => {
    const data = '{"b":1,"a":12345678901234567890.000}';
    const answer = await postRaw(`/v1/tenants/${tenant}/endpoints/${endpointId}/test`, `{"type":"test.fidelity","data":${data}}`);
    expect(answer.status).toBe(202);
    expectEnvelope(await deliveredTo(answer.body.id), { id: answer.body.id, type: 'test.fidelity', data, test: true });
  });

  it('idempotency compares data semantically: key order and whitespace do not matter, every literal does', async () => {
    const key = { 'idempotency-key': `fidelity-${Date.now()}` };
    const first = await publishRaw('{"type":"idem.check","data":{"a":12345678901234567890,"b":{"c":19.90,"d":"\\u00e9"}}}', key);
    expect(first.status).toBe(202);
    const reordered = await publishRaw('{"type":"idem.check","data":{ "b": {"d":"é", "c":19.90}, "a":12345678901234567890 }}', key);
    expect(reordered.status).toBe(202);
    expect(reordered.body.id).toBe(first.body.id);
    expect(reordered.headers.get('idempotent-replayed')).toBe('true');
    // Integers that one JavaScript number cannot tell apart are different data.
    const otherInteger = await publishRaw('{"type":"idem.check","data":{"a":12345678901234567891,"b":{"c":19.90,"d":"é"}}}', key);
    expect(otherInteger.status).toBe(409);
    const otherLiteral = await publishRaw('{"type":"idem.check","data":{"a":12345678901234567890,"b":{"c":19.9,"d":"é"}}}', key);
    expect(otherLiteral.status).toBe(409);
  });
});
