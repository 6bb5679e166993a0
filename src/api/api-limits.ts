import type { AppContext } from '../context';
import { SharedRateLimiter } from './shared-rate-limit';

/**
 * The API's rate limits, each a SharedRateLimiter on PostgreSQL, so N API processes hold
 * one budget per key, not N. Portal sessions spend from `principal` like API keys (each
 * session its own bucket); a per-endpoint limit would be one more scope here.
 */
export interface ApiLimits {
  /** Requests per tenant API key or portal session (RATE_LIMIT_PER_MINUTE, RATE_LIMIT_BURST). */
  principal: SharedRateLimiter;
  /** Failed authentications per client address (AUTH_FAILURE_LIMIT_PER_MINUTE, AUTH_FAILURE_BURST). */
  authFailure: SharedRateLimiter;
}

export function createApiLimits(ctx: AppContext): ApiLimits {
  const { rateLimitPerMinute, rateLimitBurst, authFailuresPerMinute, authFailureBurst } = ctx.config.security;
  return {
    principal: new SharedRateLimiter(ctx.db, 'principal', { perMinute: rateLimitPerMinute, burst: rateLimitBurst }, ctx.logger),
    authFailure: new SharedRateLimiter(ctx.db, 'auth_failure', { perMinute: authFailuresPerMinute, burst: authFailureBurst }, ctx.logger),
  };
}
