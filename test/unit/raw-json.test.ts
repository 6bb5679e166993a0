import fc from 'fast-check';
import { MAX_JSON_DEPTH } from '../../src/api/input-safety';
import { buildEnvelope } from '../../src/delivery/payload';
import { canonicalJsonText, RawJson, scanJsonBody, stringifyWithRawJson } from '../../src/lib/raw-json';

const scan = (body: string) => scanJsonBody(body, 'data', MAX_JSON_DEPTH);
const dataOf = (body: string) => {
  const result = scan(body);
  if (!result.ok) throw new Error(`refused: ${result.problem.field}: ${result.problem.message}`);
  return result.member;
};
const problemOf = (body: string) => {
  const result = scan(body);
  if (result.ok) throw new Error('accepted');
  return result.problem;
};

describe('scanJsonBody', () => {
  it('returns the top-level member as written, less whitespace outside strings', () => {
    expect(
      dataOf(
        '{"type":"a.b", "data" : {\n  "zeta": 1,\t"alpha": [ 12345678901234567890 , 19.90, 1E-7, -0, 1E308 ],\r\n "s": " \\u00e9 x " } }',
      ),
    ).toBe('{"zeta":1,"alpha":[12345678901234567890,19.90,1E-7,-0,1E308],"s":" \\u00e9 x "}');
    expect(dataOf('\ufeff{"data":"x"}')).toBe('"x"');
    expect(dataOf('{"data":{},"type":"a"}')).toBe('{}');
    expect(dataOf('{"data":[]}')).toBe('[]');
    expect(dataOf('{"data":-12.5e+3}')).toBe('-12.5e+3');
    expect(dataOf('{"data":null }')).toBe('null');
  });

  it('takes only the top-level member, not a nested one of the same name', () => {
    expect(dataOf('{"meta":{"data":1},"data":[{"data":2}],"after":{"data":3}}')).toBe('[{"data":2}]');
    expect(dataOf('{"meta":{"data":1}}')).toBeUndefined();
    expect(dataOf('[{"data":1}]')).toBeUndefined();
    expect(dataOf('"data"')).toBeUndefined();
  });

  it('keeps every digit of an integer of any size, and of a fraction or exponent within the range of a double', () => {
    expect(dataOf(`{"data":[${'9'.repeat(308)},0.${'1'.repeat(500)},1e-400]}`)).toBe(`[${'9'.repeat(308)},0.${'1'.repeat(500)},1e-400]`);
    expect(dataOf(`{"data":[-${'9'.repeat(309)},${'1'.repeat(2000)}]}`)).toBe(`[-${'9'.repeat(309)},${'1'.repeat(2000)}]`);
    expect(problemOf('{"data":{"n":1e400}}')).toEqual({ field: 'data.n', message: 'must be a finite number' });
    expect(problemOf(`{"data":[-${'9'.repeat(309)}.5]}`).field).toBe('data.0');
  });

  it('refuses duplicate keys at any depth, comparing keys once unescaped', () => {
    expect(problemOf('{"data":{"a":1,"a":1}}')).toEqual({ field: 'data.a', message: expect.stringMatching(/duplicate key/) });
    expect(problemOf('{"data":{"\\u0061":1,"a":2}}').field).toBe('data.a');
    expect(problemOf('{"data":[[{"k":{"x":1,"x":2}}]]}').field).toBe('data.0.0.k.x');
    expect(problemOf('{"data":1,"data":2}').field).toBe('data');
    expect(problemOf('{"type":"a","type":"b","data":1}').field).toBe('type');
    // The same key in two objects is no duplicate.
    expect(dataOf('{"data":[{"a":1},{"a":1}]}')).toBe('[{"a":1},{"a":1}]');
  });

  it("applies findUnsafeInput's rules to the text", () => {
    expect(problemOf('{"data":{"s":"\\u0000"}}')).toEqual({ field: 'data.s', message: 'must not contain NUL characters' });
    expect(problemOf('{"data":["\\ud800"]}')).toEqual({ field: 'data.0', message: 'must be valid Unicode (lone surrogate)' });
    expect(problemOf('{"data":{"\\udfff":1}}')).toEqual({ field: 'data', message: 'keys must be valid Unicode (lone surrogate)' });
    expect(problemOf('{"data":{"__proto__":{}}}').field).toBe('data.__proto__');
    expect(dataOf('{"data":"\\ud83d\\ude00"}')).toBe('"\\ud83d\\ude00"');
  });

  it('allows MAX_JSON_DEPTH nested containers, the body being the first, and refuses one more', () => {
    const nested = (levels: number) => `{"data":${'['.repeat(levels)}${']'.repeat(levels)}}`;
    expect(dataOf(nested(MAX_JSON_DEPTH - 1))).toBe(`${'['.repeat(MAX_JSON_DEPTH - 1)}${']'.repeat(MAX_JSON_DEPTH - 1)}`);
    expect(problemOf(nested(MAX_JSON_DEPTH))).toEqual({
      field: `data${'.0'.repeat(MAX_JSON_DEPTH - 1)}`,
      message: `must not nest deeper than ${MAX_JSON_DEPTH} levels`,
    });
    // Far deeper than any call stack: refused, not a crash.
    expect(problemOf(nested(1_000_000)).message).toMatch(/nest deeper/);
  });

  it('refuses what is not JSON', () => {
    for (const body of [
      '',
      '{',
      '{"data":}',
      '{"data":01}',
      '{"data":1.}',
      '{"data":.5}',
      '{"data":+1}',
      '{"data":"a\\x"}',
      '{"data":"a\nb"}',
      '{"data":[1,]}',
      '{"data":{"a":1,}}',
      '{"data":tru}',
      '{"data":NaN}',
      '{"data":1} x',
      '{"data" 1}',
      "{'data':1}",
    ]) {
      expect(problemOf(body).message).toMatch(/invalid JSON/);
    }
  });

  it('returns what JSON.stringify writes, for any JSON value however it was spaced', () => {
    const key = fc.string().filter((k) => k !== '__proto__');
    const value = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.constantFrom(null, true, false),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.string({ unit: 'grapheme' }),
        fc.array(tie('value')),
        fc.dictionary(key, tie('value')),
      ),
    })).value;
    fc.assert(
      fc.property(value, fc.constantFrom(0, 1, 2, '\t', ' \r\n '), (v, space) => {
        const text = JSON.stringify(v, null, space);
        expect(dataOf(`{ "data" : ${text} }`)).toBe(JSON.stringify(v));
      }),
    );
  });
});

describe('canonicalJsonText', () => {
  it('ignores key order at every depth, whitespace and string escapes, but not array order or values', () => {
    expect(canonicalJsonText('{"b":1,"a":{"d":[1,{"y":1,"x":2}],"c":null}}')).toBe(
      canonicalJsonText('{ "a": {"c":null, "d":[1,{"x":2,"y":1}]}, "b":1 }'),
    );
    expect(canonicalJsonText('[1,2]')).not.toBe(canonicalJsonText('[2,1]'));
    expect(canonicalJsonText('{"a":1}')).not.toBe(canonicalJsonText('{"a":"1"}'));
    expect(canonicalJsonText('"text"')).toBe('"text"');
    expect(canonicalJsonText('{"\\u00e9":"\\u00e9"}')).toBe(canonicalJsonText('{"é":"é"}'));
  });

  it('compares numbers as written', () => {
    expect(canonicalJsonText('[12345678901234567890]')).not.toBe(canonicalJsonText('[12345678901234567891]'));
    expect(canonicalJsonText('{"p":19.90}')).not.toBe(canonicalJsonText('{"p":19.9}'));
    expect(canonicalJsonText('{"a": [1E400, -0]}')).toBe('{"a":[1E400,-0]}');
  });
});

describe('stringifyWithRawJson', () => {
  it('writes each RawJson as its text, untouched', () => {
    const body = { id: 'evt_1', data: new RawJson('{"z":1,"a":12345678901234567890}'), more: [new RawJson('19.90')], n: 1 };
    expect(stringifyWithRawJson(body)).toBe('{"id":"evt_1","data":{"z":1,"a":12345678901234567890},"more":[19.90],"n":1}');
    expect(stringifyWithRawJson({ a: 'rawjson-0', b: [1] })).toBe('{"a":"rawjson-0","b":[1]}');
  });
});

describe('buildEnvelope', () => {
  it('writes {id, type, timestamp, data} around the data text, then test', () => {
    const event = { id: 'evt_1', type: 'order.created', createdAt: new Date('2026-01-02T03:04:05.678Z'), data: '{"b":1,"a":1.50}' };
    expect(buildEnvelope({ ...event, test: false })).toBe(
      '{"id":"evt_1","type":"order.created","timestamp":"2026-01-02T03:04:05.678Z","data":{"b":1,"a":1.50}}',
    );
    expect(buildEnvelope({ ...event, test: true })).toBe(
      '{"id":"evt_1","type":"order.created","timestamp":"2026-01-02T03:04:05.678Z","data":{"b":1,"a":1.50},"test":true}',
    );
  });
});
