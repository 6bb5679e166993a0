/**
 * The one error class that reaches API callers. A closed set of stable codes: clients
 * may branch on them. Services and routes throw it without knowing HTTP; the API alone
 * maps each code to a status and writes every error body (api/error-handler.ts). Text
 * here is shown to API users: never a secret, a payload or an internal address.
 */
export type ErrorCode =
  // 400
  | 'validation_failed'
  | 'invalid_json'
  | 'invalid_utf8'
  | 'bad_request'
  // 401, 403, 404
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'route_not_found'
  // 409
  | 'conflict'
  | 'idempotency_conflict'
  | 'endpoint_disabled'
  | 'not_skippable'
  | 'recovery_in_progress'
  | 'tenant_has_endpoints'
  // 413, 415, 422, 429
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'unsupported_charset'
  | 'unsupported_encoding'
  | 'target_blocked'
  | 'invalid_data'
  | 'unknown_event_type'
  | 'rate_limited'
  // 5xx
  | 'database_unavailable'
  | 'overloaded'
  | 'internal_error';

export interface ErrorDetail {
  field: string;
  message: string;
}

export class AppError extends Error {
  override name = 'AppError';

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
    /** For `rate_limited`, `database_unavailable` and `overloaded`: when the caller may try again. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/** `<what> "<id>" not found`, naming the field that held the id. */
export const notFound = (what: string, field: string, id: string) =>
  new AppError('not_found', `${what} ${JSON.stringify(id)} not found`, [{ field, message: `no ${what} with this id` }]);

/** A 400 whose summary lists each field, as request validation does. */
export function invalid(location: string, details: ErrorDetail[]): AppError {
  return new AppError('validation_failed', `Invalid ${location}: ${details.map((d) => `${d.field}: ${d.message}`).join('; ')}`, details);
}
