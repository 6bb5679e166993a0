import type { ErrorRequestHandler, RequestHandler } from 'express';
import { z } from 'zod';
import { AppError, type ErrorCode, type ErrorDetail, invalid } from '../lib/app-error';
import type { Logger } from '../lib/logger';

/**
 * The one place errors become HTTP: every code's status, and every error body, in one
 * shape: `{"error": {"code", "message", "details": [{"field", "message"}]}}`.
 */
export interface ErrorBody {
  error: { code: string; message: string; details: ErrorDetail[] };
}

/** Each code's HTTP status; the compiler makes sure every code has one. */
export const STATUS_OF: Record<ErrorCode, number> = {
  validation_failed: 400,
  invalid_json: 400,
  invalid_utf8: 400,
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  route_not_found: 404,
  conflict: 409,
  idempotency_conflict: 409,
  endpoint_disabled: 409,
  not_skippable: 409,
  recovery_in_progress: 409,
  tenant_has_endpoints: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unsupported_charset: 415,
  unsupported_encoding: 415,
  target_blocked: 422,
  invalid_data: 422,
  unknown_event_type: 422,
  rate_limited: 429,
  database_unavailable: 503,
  overloaded: 503,
  internal_error: 500,
};

function errorBody(code: string, message: string, details: ErrorDetail[] = []): ErrorBody {
  return { error: { code, message, details } };
}

/** Turns zod issues into field-named details; `location` is body, query, path or header. */
export function validationError(location: string, error: z.ZodError): AppError {
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
  return invalid(location, details);
}

const PG_UNAVAILABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  '57P01',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08006',
]);

function isDatabaseUnavailable(error: unknown): boolean {
  const code = (error as { code?: string } | undefined)?.code;
  const message = (error as Error | undefined)?.message ?? '';
  return (code !== undefined && PG_UNAVAILABLE.has(code)) || /timeout exceeded when trying to connect|Connection terminated/i.test(message);
}

/**
 * What Express and body-parser raise for a request they could not read, as an AppError;
 * undefined for anything else.
 */
function fromFramework(error: unknown): AppError | undefined {
  const type = (error as { type?: string }).type;
  if (type === 'entity.too.large') {
    return new AppError('payload_too_large', `The request body exceeds ${(error as { limit?: number }).limit} bytes`, [
      { field: 'body', message: 'too large' },
    ]);
  }
  if (type === 'entity.parse.failed')
    return new AppError('invalid_json', 'The request body is not valid JSON', [{ field: 'body', message: 'invalid JSON' }]);
  if (type === 'encoding.unsupported') {
    return new AppError('unsupported_encoding', 'Unsupported content encoding', [{ field: 'content-encoding', message: 'unsupported' }]);
  }
  if (type === 'charset.unsupported') {
    return new AppError('unsupported_charset', 'Unsupported charset: use utf-8', [
      { field: 'content-type', message: 'unsupported charset' },
    ]);
  }
  // Other client errors (malformed percent-encoding in the path, a body that is not valid
  // gzip, ...) carry an http-errors 4xx status.
  const status = (error as { status?: unknown; statusCode?: unknown }).status ?? (error as { statusCode?: unknown }).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const field = error instanceof URIError ? 'path' : 'body';
    const message = error instanceof URIError ? 'The request path is not valid percent-encoding' : 'The request body could not be read';
    return new AppError('bad_request', message, [{ field, message: 'malformed' }]);
  }
  if (isDatabaseUnavailable(error)) {
    return new AppError('database_unavailable', 'The database is unavailable; nothing was stored. Retry later.', [], 5);
  }
  return undefined;
}

export function createErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    if (res.headersSent) return;
    let known = error instanceof AppError ? error : fromFramework(error);
    if (known?.code === 'database_unavailable') logger.error({ err: error, path: req.path }, 'database unavailable');
    if (!known) {
      logger.error({ err: error, method: req.method, path: req.path }, 'unhandled error');
      known = new AppError('internal_error', 'Internal server error');
    }
    if (known.code === 'unauthorized') res.setHeader('www-authenticate', 'Bearer');
    if (known.retryAfterSeconds !== undefined) res.setHeader('retry-after', String(known.retryAfterSeconds));
    res.status(STATUS_OF[known.code]).json(errorBody(known.code, known.message, known.details));
  };
}

export const notFoundHandler: RequestHandler = (req, res) => {
  res.status(404).json(errorBody('route_not_found', `No route ${req.method} ${req.path}`, [{ field: 'path', message: 'unknown route' }]));
};
