import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { Kysely } from 'kysely';
import { findEventType } from '../db/queries/event-types';
import type { Database, EventTypeRow } from '../db/schema';
import { AppError, type ErrorDetail } from '../lib/app-error';

/**
 * The event type catalog's rules: a type's JSON Schema (draft 2020-12) checks the `data`
 * published with it; a type that is not in the catalog is allowed unless
 * STRICT_EVENT_TYPES=true. Publishing reads the catalog through a short cache, so a
 * publish costs no extra query in the common case; a change to the catalog takes effect
 * within CATALOG_CACHE_MS on every API replica.
 */

export const CATALOG_CACHE_MS = 5_000;
const MAX_REPORTED_ERRORS = 10;

const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const compiled = new Map<string, ValidateFunction>();

function validatorFor(schema: Record<string, unknown>): ValidateFunction {
  const key = JSON.stringify(schema);
  let validate = compiled.get(key);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(key, validate);
  }
  return validate;
}

/** Why a JSON Schema cannot be used, or undefined when it compiles. */
export function schemaProblem(schema: Record<string, unknown>): string | undefined {
  try {
    validatorFor(schema);
    return undefined;
  } catch (error) {
    return `is not a usable JSON Schema (draft 2020-12): ${(error as Error).message}`;
  }
}

/** `data.order.total`-style field names for ajv's errors (JSON Pointer paths under `data`). */
function toDetails(errors: ErrorObject[] | null | undefined, root: string): ErrorDetail[] {
  return (errors ?? []).slice(0, MAX_REPORTED_ERRORS).map((error) => {
    const path = error.instancePath
      .split('/')
      .slice(1)
      .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
    const missing = error.keyword === 'required' ? [(error.params as { missingProperty: string }).missingProperty] : [];
    return { field: [root, ...path, ...missing].join('.'), message: error.message ?? 'does not match the schema' };
  });
}

/** The details of every way `value` fails `schema` (empty when it matches), each field under `root`. */
export function schemaMismatches(schema: Record<string, unknown>, value: unknown, root: string): ErrorDetail[] {
  const validate = validatorFor(schema);
  return validate(value) ? [] : toDetails(validate.errors, root);
}

const cache = new Map<string, { row: EventTypeRow | undefined; at: number }>();
/** Publishers may send any well-formed type, so the cache is bounded: past this many names it starts afresh. */
const MAX_CACHED_TYPES = 10_000;

async function cachedEventType(db: Kysely<Database>, name: string): Promise<EventTypeRow | undefined> {
  const hit = cache.get(name);
  if (hit && Date.now() - hit.at < CATALOG_CACHE_MS) return hit.row;
  const row = await findEventType(db, name);
  if (cache.size >= MAX_CACHED_TYPES) cache.clear();
  cache.set(name, { row, at: Date.now() });
  return row;
}

/** Forgets what this process cached of a type (after a change through this process's API). */
export function forgetEventType(name: string): void {
  cache.delete(name);
}

/**
 * Checks published `data` against its type's schema: 422 `invalid_data` naming each failing
 * path (`data.items.0.price`), or 422 `unknown_event_type` naming `type` when the catalog
 * is strict and has no such type. Returns the type's row (or undefined) for callers that
 * need its example.
 */
export async function checkEventData(
  db: Kysely<Database>,
  input: { type: string; dataText: string },
  options: { strict: boolean },
): Promise<EventTypeRow | undefined> {
  const row = await cachedEventType(db, input.type);
  if (!row) {
    if (options.strict) {
      throw new AppError('unknown_event_type', `event type ${JSON.stringify(input.type)} is not in the catalog`, [
        { field: 'type', message: 'not in the event type catalog (STRICT_EVENT_TYPES=true)' },
      ]);
    }
    return undefined;
  }
  if (row.schema) {
    // Parsed only to be checked: what is stored and sent stays the published text.
    const details = schemaMismatches(row.schema, JSON.parse(input.dataText), 'data');
    if (details.length > 0) {
      throw new AppError(
        'invalid_data',
        `data does not match the schema of ${input.type}: ${details.map((d) => `${d.field} ${d.message}`).join('; ')}`,
        details,
      );
    }
  }
  return row;
}
