import type { Request, RequestHandler, Router } from 'express';
import { z } from 'zod';
import { ApiError, validationError } from './errors';

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
  summary: string;
  tag: string;
  auth: boolean;
  params?: P;
  query?: Q;
  body?: B;
  headers?: H;
  responses: Record<number, { description: string; schema?: z.ZodType }>;
  handle(input: { params: z.output<P>; query: z.output<Q>; body: z.output<B>; headers: z.output<H>; req: Request }): Promise<RouteResult>;
}

export interface RouteResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export function defineRoute<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, H extends z.ZodType>(
  spec: RouteSpec<P, Q, B, H>,
): RouteSpec {
  return spec as unknown as RouteSpec;
}

function parse<T extends z.ZodType | undefined>(schema: T, value: unknown, location: string) {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(location, result.error);
  return result.data;
}

const JSON_TYPE = /^application\/([\w.+-]+\+)?json\b/i;

export function mountRoute(router: Router, spec: RouteSpec, auth: RequestHandler): void {
  const handler: RequestHandler = async (req, res) => {
    if (spec.body) {
      const contentType = req.headers['content-type'];
      const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
      if (hasBody && (!contentType || !JSON_TYPE.test(contentType))) {
        throw new ApiError(415, 'unsupported_media_type', 'The request body must be application/json', [
          { field: 'content-type', message: `expected application/json, got ${contentType ?? 'nothing'}` },
        ]);
      }
    }
    const params = parse(spec.params, req.params, 'path');
    const query = parse(spec.query, req.query, 'query');
    const body = parse(spec.body, req.body, 'body');
    const headers = parse(spec.headers, req.headers, 'header');
    const result = await spec.handle({ params, query, body, headers, req } as Parameters<RouteSpec['handle']>[0]);
    for (const [name, value] of Object.entries(result.headers ?? {})) res.setHeader(name, value);
    if (result.body === undefined) res.status(result.status).end();
    else res.status(result.status).json(result.body);
  };
  const handlers = spec.auth ? [auth, handler] : [handler];
  router[spec.method](spec.path, ...handlers);
}
