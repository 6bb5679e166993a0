import { isUtf8 } from 'node:buffer';
import express, { type Request, type RequestHandler, type Router } from 'express';
import { z } from 'zod';
import type { Authorizer } from './auth';
import { AppError } from '../lib/app-error';
import { validationError } from './error-handler';
import { RawJson, scanJsonBody, stringifyWithRawJson } from '../lib/raw-json';
import { findUnsafeInput, MAX_JSON_DEPTH } from './input-safety';
import { traceRequest } from './trace-request';

/**
 * A route declared once: its zod schemas validate the request and describe it in the
 * OpenAPI document (`openapi.ts`), so the two cannot drift apart.
 */
export interface RouteSpec<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  H extends z.ZodType = z.ZodType,
> {
  method: 'get' | 'post' | 'patch' | 'delete';
  /** Express syntax, e.g. `/v1/tenants/:tenantId`. */
  path: string;
  /** Unique camelCase verb phrase (`publishEvent`): the method name in generated clients. */
  operationId: string;
  /** One line; longer explanation goes in `description`. */
  summary: string;
  description?: string;
  tag: string;
  /**
   * `true`: the admin key, or (on a path with `:tenantId`) a key of that tenant; another
   * tenant's key gets 404, as if the tenant did not exist. See `createAuthorizer`.
   */
  auth: boolean;
  /** Only the admin key: tenant keys get 403 (creating tenants, keys, ...). */
  adminOnly?: boolean;
  params?: P;
  query?: Q;
  body?: B;
  /**
   * A top-level body member taken as its JSON text (a `RawJson`, minified) rather than
   * parsed into JavaScript values, so that it is stored and sent exactly as written (an
   * event's `data`). The whole body is then also refused if any object repeats a key.
   */
  rawJsonMember?: string;
  headers?: H;
  /** An example request body, shown in the document (and checked against `body` by the linter). */
  requestExample?: unknown;
  responses: Record<number, { description: string; schema?: z.ZodType; example?: unknown }>;
  handle(input: { params: z.output<P>; query: z.output<Q>; body: z.output<B>; headers: z.output<H>; req: Request }): Promise<RouteResult>;
}

export interface RouteResult {
  status: number;
  /** Sent as JSON; a `RawJson` anywhere in it is written as its text, untouched. */
  body?: unknown;
  headers?: Record<string, string>;
}

export function defineRoute<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, H extends z.ZodType>(
  spec: RouteSpec<P, Q, B, H>,
): RouteSpec {
  return spec as unknown as RouteSpec;
}

/** Routes that declare no query or body still refuse unknown parameters and fields. */
const NO_QUERY = z.strictObject({});
const NO_BODY = z.strictObject({}).optional();

function parse(schema: z.ZodType | undefined, value: unknown, location: string) {
  if (!schema) return undefined;
  const unsafe = findUnsafeInput(value, location);
  if (unsafe) throw new AppError('validation_failed', `Invalid ${location}: ${unsafe.field}: ${unsafe.message}`, [unsafe]);
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(location, result.error);
  return result.data;
}

const JSON_TYPE = /^application\/([\w.+-]+\+)?json\b/i;
const CHARSET = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i;

/**
 * Request bodies are UTF-8 only. body-parser would decode any `utf-*` charset it knows
 * (`utf-7` turns `"+AGEAYgBj-"` into `"abc"`: what is stored and sent on differs from the
 * text any UTF-8 reader of the same bytes sees) and replace invalid UTF-8 with U+FFFD:
 * both are refused instead.
 */
function charsetOf(contentType: string): string | undefined {
  const match = CHARSET.exec(contentType);
  return match ? (match[1] ?? match[2] ?? '') : undefined;
}

const refuseInvalidUtf8 = (_req: unknown, _res: unknown, raw: Buffer) => {
  if (!isUtf8(raw)) {
    throw new AppError('invalid_utf8', 'The request body is not valid UTF-8', [{ field: 'body', message: 'is not valid UTF-8' }]);
  }
};

/** A `rawJsonMember` as the handler receives it. */
export function asRawJson(value: unknown): RawJson {
  if (value instanceof RawJson) return value;
  // The route declared no rawJsonMember, or the body bypassed the JSON parser: a bug, not bad input.
  throw new Error('expected a RawJson: declare rawJsonMember on the route');
}

type RawBodyRequest = Request & { rawBody?: Buffer };

/**
 * The body with `member` replaced by its exact JSON text, read from the request's bytes
 * (body-parser's value would have rounded big numbers and lost duplicate keys). The scan
 * applies `findUnsafeInput`'s rules to the text, and refuses duplicate keys.
 */
function withRawMember(req: RawBodyRequest, member: string): unknown {
  const body: unknown = req.body;
  // An empty body is body-parser's `{}`: nothing to read.
  if (req.rawBody === undefined || req.rawBody.length === 0 || body === null || typeof body !== 'object' || Array.isArray(body))
    return body;
  const scanned = scanJsonBody(req.rawBody.toString('utf8'), member, MAX_JSON_DEPTH);
  if (!scanned.ok) {
    const { field, message } = scanned.problem;
    throw new AppError('validation_failed', `Invalid body: ${field}: ${message}`, [scanned.problem]);
  }
  return scanned.member === undefined ? body : { ...body, [member]: new RawJson(scanned.member) };
}

/**
 * Mounts a route: authentication and authorization first (a request without a valid
 * key learns nothing, not even whether its body parses), then the JSON body within MAX_PAYLOAD_BYTES, then
 * validation of path, query, body and headers, then the handler.
 */
export function mountRoute(router: Router, spec: RouteSpec, authorize: Authorizer, maxPayloadBytes: number): void {
  const jsonBody = express.json({
    limit: maxPayloadBytes,
    strict: false,
    type: ['application/json', 'application/*+json'],
    // Runs on the raw bytes, before decoding; its AppError keeps its 400.
    verify: (req: RawBodyRequest, res, raw) => {
      refuseInvalidUtf8(req, res, raw);
      if (spec.rawJsonMember !== undefined) req.rawBody = raw;
    },
  });
  const requireJson: RequestHandler = (req, _res, next) => {
    const contentType = req.headers['content-type'];
    const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
    if (hasBody && (!contentType || !JSON_TYPE.test(contentType))) {
      throw new AppError('unsupported_media_type', 'The request body must be application/json', [
        { field: 'content-type', message: `expected application/json, got ${contentType ?? 'nothing'}` },
      ]);
    }
    const charset = hasBody && contentType ? charsetOf(contentType) : undefined;
    if (charset !== undefined && charset.toLowerCase() !== 'utf-8') {
      throw new AppError('unsupported_charset', `Unsupported charset ${JSON.stringify(charset)}: the request body must be UTF-8`, [
        {
          field: 'content-type',
          message: `charset ${JSON.stringify(charset)} is not supported; send UTF-8 (charset=utf-8, or no charset)`,
        },
      ]);
    }
    next();
  };
  const handler: RequestHandler = async (req, res) => {
    const params = parse(spec.params, req.params, 'path');
    const query = parse(spec.query ?? NO_QUERY, req.query, 'query');
    const rawBody = spec.rawJsonMember === undefined ? req.body : withRawMember(req, spec.rawJsonMember);
    const body = parse(spec.body ?? NO_BODY, rawBody, 'body');
    const headers = parse(spec.headers, req.headers, 'header');
    const result = await spec.handle({ params, query, body, headers, req } as Parameters<RouteSpec['handle']>[0]);
    for (const [name, value] of Object.entries(result.headers ?? {})) res.setHeader(name, value);
    if (result.body === undefined) res.status(result.status).end();
    else res.status(result.status).type('application/json').send(stringifyWithRawJson(result.body));
  };
  const traced = traceRequest(spec);
  const handlers = [...(traced ? [traced] : []), ...(spec.auth ? [authorize(spec)] : []), requireJson, jsonBody, handler];
  router[spec.method](spec.path, ...handlers);
}
