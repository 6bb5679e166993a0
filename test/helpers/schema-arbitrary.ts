import fc from 'fast-check';
import { z } from 'zod';

/**
 * fast-check arbitraries derived from the API's own zod schemas, through the JSON Schema
 * zod emits for /openapi.json (types, required fields, lengths, ranges, enums, regex
 * patterns, strict objects). What JSON Schema cannot say (a refine: "a duration", "an
 * http URL") comes from `overrides`, keyed by property name (`name[]` for the items of
 * an array property). Values are JSON-shaped: what a client can send.
 */

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  format?: string;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
};

export type Overrides = Record<string, fc.Arbitrary<unknown>>;

export function toJsonSchema(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
}

/** Strings a schema describes; bounded so that requests stay small. */
function stringArbitrary(schema: JsonSchema): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0;
  const max = Math.min(schema.maxLength ?? 40, 80);
  if (schema.format === 'date-time') {
    return fc
      .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString());
  }
  if (schema.pattern) {
    return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length >= min && s.length <= (schema.maxLength ?? Infinity));
  }
  return fc.string({ minLength: min, maxLength: Math.max(min, max) });
}

export function arbitraryFor(schema: JsonSchema, overrides: Overrides = {}, name = ''): fc.Arbitrary<unknown> {
  if (name && overrides[name]) return overrides[name];
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((alternative) => arbitraryFor(alternative, overrides, name)));
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1_000_000, max: schema.maximum ?? 1_000_000 });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true, noDefaultInfinity: true });
    case 'string':
      return stringArbitrary(schema);
    case 'array':
      return fc.array(arbitraryFor(schema.items ?? {}, overrides, `${name}[]`), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 5, 5),
      });
    case 'object': {
      if (schema.properties) {
        const record = Object.fromEntries(
          Object.entries(schema.properties).map(([key, inner]) => [key, arbitraryFor(inner, overrides, key)]),
        );
        return fc.record(record, { requiredKeys: schema.required ?? [] });
      }
      if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
        const keys = schema.propertyNames ? stringArbitrary(schema.propertyNames) : fc.string({ maxLength: 20 });
        return fc.dictionary(keys, arbitraryFor(schema.additionalProperties, overrides, `${name}{}`), { maxKeys: 4 });
      }
      return fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 });
    }
    default:
      // Any JSON value (event data).
      return fc.jsonValue({ maxDepth: 3 });
  }
}

/** Values that are JSON but rarely what a schema wants, including the hostile ones. */
export const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom<unknown>(
    '',
    '\u0000',
    'a\u0000b',
    '\ud800',
    '\udfff',
    '💥',
    '\u202e',
    'x'.repeat(5000),
    -1,
    0,
    1.5,
    1e308,
    -0,
    2 ** 53 + 2,
    true,
    null,
    [],
    {},
    [null],
    { __proto__: null },
    'http://127.0.0.1/',
    'http://169.254.169.254/latest/meta-data/',
    'http://[::ffff:127.0.0.1]/',
    'javascript:alert(1)',
    '../../etc/passwd',
    "' OR 1=1 --",
  ),
);

/**
 * A body that started valid-shaped and was mutated once: a field dropped, a field given a
 * hostile value, an unknown (sometimes prototype-polluting) key added, or the whole body
 * replaced by some other JSON value.
 */
export function mutated(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  const unknownKey = fc.oneof(
    fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', '', ' ', 'a.b', '\u0000'),
    fc.string({ maxLength: 12 }),
  );
  return fc.oneof(
    fc.tuple(valid, fc.nat()).map(([body, n]) => {
      if (body === null || typeof body !== 'object' || Array.isArray(body)) return body;
      const keys = Object.keys(body);
      if (keys.length === 0) return body;
      const copy = { ...(body as Record<string, unknown>) };
      delete copy[keys[n % keys.length] as string];
      return copy;
    }),
    fc.tuple(valid, fc.nat(), hostileJson).map(([body, n, value]) => {
      if (body === null || typeof body !== 'object' || Array.isArray(body)) return value;
      const keys = Object.keys(body);
      if (keys.length === 0) return { [String(n)]: value };
      return { ...(body as Record<string, unknown>), [keys[n % keys.length] as string]: value };
    }),
    fc.tuple(valid, unknownKey, hostileJson).map(([body, key, value]) => {
      const copy: Record<string, unknown> =
        body !== null && typeof body === 'object' && !Array.isArray(body) ? { ...(body as Record<string, unknown>) } : {};
      // defineProperty: `__proto__` becomes an own key, as JSON.parse makes it.
      Object.defineProperty(copy, key, { value, enumerable: true, configurable: true, writable: true });
      return copy;
    }),
    hostileJson,
  );
}
