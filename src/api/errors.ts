import type { ErrorRequestHandler, RequestHandler } from 'express';
import { z } from 'zod';
import type { Logger } from '../lib/logger';
import { ServiceError } from '../services/errors';

/**
 * The one place errors become HTTP. Every error body has the same shape:
 * `{"error": {"code", "message", "details": [{"field", "message"}]}}`.
 */
export interface ErrorBody {
  error: { code: string; message: string; details: { field: string; message: string }[] };
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: { field: string; message: string }[] = [],
  ) {
    super(message);
  }
}

export function errorBody(code: string, message: string, details: ErrorBody['error']['details'] = []): ErrorBody {
  return { error: { code, message, details } };
}

/** Turns zod issues into field-named details; `location` is body, query, path or header. */
export function validationError(location: string, error: z.ZodError): ApiError {
  const details = error.issues.flatMap((issue) => {
    const base = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      // An empty key is shown quoted, so that every detail names a field.
      return issue.keys.map((key) => {
        const name = key === '' ? '""' : key;
        return { field: base ? `${base}.${name}` : name, message: 'unknown field' };
      });
    }
    return [{ field: base || location, message: issue.message }];
  });
  const summary = details.map((d) => `${d.field}: ${d.message}`).join('; ');
  return new ApiError(400, 'validation_failed', `Invalid ${location}: ${summary}`, details);
}

const PG_UNAVAILABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', '57P01', '57P03', '08000', '08001', '08003', '08006']);

function isDatabaseUnavailable(error: unknown): boolean {
  const code = (error as { code?: string } | undefined)?.code;
  const message = (error as Error | undefined)?.message ?? '';
  return (code !== undefined && PG_UNAVAILABLE.has(code)) || /timeout exceeded when trying to connect|Connection terminated/i.test(message);
}

export function createErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    if (res.headersSent) return;
    const send = (status: number, body: ErrorBody) => res.status(status).json(body);

    if (error instanceof ApiError || error instanceof ServiceError) {
      return send(error.status, errorBody(error.code, error.message, error.details));
    }
    // body-parser errors
    const type = (error as { type?: string }).type;
    if (type === 'entity.too.large') {
      return send(413, errorBody('payload_too_large', `The request body exceeds ${(error as { limit?: number }).limit} bytes`, [
        { field: 'body', message: 'too large' },
      ]));
    }
    if (type === 'entity.parse.failed') {
      return send(400, errorBody('invalid_json', 'The request body is not valid JSON', [{ field: 'body', message: 'invalid JSON' }]));
    }
    if (type === 'encoding.unsupported') {
      return send(415, errorBody('unsupported_encoding', 'Unsupported content encoding', [{ field: 'content-encoding', message: 'unsupported' }]));
    }
    if (type === 'charset.unsupported') {
      return send(415, errorBody('unsupported_charset', 'Unsupported charset: use utf-8', [{ field: 'content-type', message: 'unsupported charset' }]));
    }
    // Other client errors raised by Express or body-parser (malformed percent-encoding in
    // the path, a body that is not valid gzip, ...) carry an http-errors 4xx status.
    const status = (error as { status?: unknown; statusCode?: unknown }).status ?? (error as { statusCode?: unknown }).statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const field = error instanceof URIError ? 'path' : 'body';
      const message = error instanceof URIError ? 'The request path is not valid percent-encoding' : 'The request body could not be read';
      return send(status, errorBody(status === 400 ? 'bad_request' : 'client_error', message, [{ field, message: 'malformed' }]));
    }
    if (isDatabaseUnavailable(error)) {
      logger.error({ err: error, path: req.path }, 'database unavailable');
      res.setHeader('retry-after', '5');
      return send(503, errorBody('database_unavailable', 'The database is unavailable; nothing was stored. Retry later.'));
    }
    logger.error({ err: error, method: req.method, path: req.path }, 'unhandled error');
    return send(500, errorBody('internal_error', 'Internal server error'));
  };
}

export const notFoundHandler: RequestHandler = (req, res) => {
  res.status(404).json(errorBody('route_not_found', `No route ${req.method} ${req.path}`, [{ field: 'path', message: 'unknown route' }]));
};
