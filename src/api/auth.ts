import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { AppError, notFound } from '../lib/app-error';
import { hashApiKey, looksLikeApiKey, looksLikePortalToken } from './api-key';
import { clientAddressKey, type RateDecision } from './rate-limit';
import type { Limiter } from './shared-rate-limit';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Constant-time comparison: both sides are hashed to equal length first. */
export function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}

/**
 * Who a request acts as: the operator (admin key) or one tenant, through a key of that
 * tenant or a customer-portal session (`portalSessionId`; short-lived, maybe read-only).
 */
export type Principal =
  { kind: 'admin' } | { kind: 'tenant'; tenantId: string; keyId: string; portalSessionId?: string; readOnly?: boolean };

const principals = new WeakMap<Request, Principal>();

/** The principal the authorizer found for this request (routes declared `auth: true`). */
export function principalOf(req: Request): Principal | undefined {
  return principals.get(req);
}

/** What the authorizer needs to know of a route (a subset of RouteSpec, to avoid a cycle). */
export interface AuthorizedRoute {
  path: string;
  auth: boolean;
  adminOnly?: boolean;
}

export interface AuthorizerOptions {
  adminApiKey: string;
  /**
   * The tenant key with this SHA-256 hash (hex), if any, having spent a token of its rate
   * limit (RATE_LIMIT_PER_MINUTE, RATE_LIMIT_BURST, like `limiter`): one statement.
   */
  findKeyTakingToken(
    keyHash: string,
  ): Promise<{ found: { id: string; tenant_id: string; key_hash: string }; decision: RateDecision } | undefined>;
  /** The live (unexpired, unrevoked) portal session whose token has this SHA-256 hash, if any. */
  findPortalSessionByHash(
    tokenHash: string,
  ): Promise<{ id: string; tenant_id: string; token_hash: string; read_only: boolean } | undefined>;
  /** Requests per API key or portal session (RATE_LIMIT_PER_MINUTE, RATE_LIMIT_BURST), shared by every API process. */
  limiter: Limiter;
  /** Failed authentications per client address (AUTH_FAILURE_LIMIT_PER_MINUTE, AUTH_FAILURE_BURST), shared likewise. */
  failureLimiter: Limiter;
}

export type Authorizer = (route: AuthorizedRoute) => RequestHandler;

const unauthorized = () => new AppError('unauthorized', 'Missing or invalid API key');
const sameHash = (a: string, b: string) => timingSafeEqual(Buffer.from(a, 'hex'), Buffer.from(b, 'hex'));
const READS = new Set(['GET', 'HEAD']);

/**
 * Authentication and authorization for every `/v1` route, in this order:
 * 0. A client address that has failed authentication too often (AUTH_FAILURE_*) gets 429
 *    with Retry-After, whatever key it sends now: guessing keys costs the guesser time.
 *    Each 401 spends one of the address's tokens. The address's standing is read while
 *    the key is looked up (both at once), so the check adds no round trip in series; a
 *    standing found good is trusted for a second in each process (PEEK_TRUST_MS), so
 *    it costs a statement per address a second, not one per request.
 * 1. `Authorization: Bearer <key>`: the admin key (compared in constant time) or a tenant
 *    key (found by its SHA-256 through a unique index; the stored hash is compared in
 *    constant time too). Anything else is 401 with no detail on which part was wrong.
 *    A portal session's token (`hfps_…`) acts as a key of its tenant while it is live; an
 *    expired or revoked one is 401 like any unknown key.
 * 2. Tenant keys and portal sessions spend a token of their rate limit (429 with
 *    Retry-After when empty): one upsert, in the same statement as a tenant key's lookup
 *    (so while the address's standing is read: a valid key sent from a refused address
 *    spends its token too). Both limits live in PostgreSQL, so every API process spends
 *    from the same buckets (see shared-rate-limit.ts).
 *    A read-only portal session may only read (GET): anything else is 403.
 *    The admin key is the platform's own and is not limited.
 * 3. A tenant key on an `adminOnly` route, or on a route without a `:tenantId`, is 403.
 * 4. A tenant key on another tenant's `:tenantId` is 404, the same answer as a tenant
 *    that does not exist, so keys cannot probe which tenants exist.
 * So every route declared `auth: true` with a `:tenantId` parameter is tenant-scoped
 * without doing anything, and the handler's queries (all filtered by `:tenantId`) keep
 * tenants apart.
 */
export function createAuthorizer(options: AuthorizerOptions): Authorizer {
  const { adminApiKey, findKeyTakingToken, findPortalSessionByHash, limiter, failureLimiter } = options;
  const tooManyFailures = (retryAfterSeconds: number) =>
    new AppError(
      'rate_limited',
      `Too many failed authentications from this address; retry in ${retryAfterSeconds} s`,
      [{ field: 'authorization', message: 'too many failed attempts from this client address' }],
      retryAfterSeconds,
    );

  /** Who the request acts as, and, for a tenant key, the rate-limit decision its lookup made. */
  const authenticate = async (req: Request): Promise<{ principal: Principal; decision?: RateDecision }> => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    const token = match?.[1];
    if (token === undefined) throw unauthorized();
    if (safeEqual(token, adminApiKey)) return { principal: { kind: 'admin' } };
    if (looksLikePortalToken(token)) {
      const tokenHash = hashApiKey(token);
      const session = await findPortalSessionByHash(tokenHash);
      if (!session || !sameHash(session.token_hash, tokenHash)) throw unauthorized();
      return {
        principal: {
          kind: 'tenant',
          tenantId: session.tenant_id,
          keyId: session.id,
          portalSessionId: session.id,
          readOnly: session.read_only,
        },
      };
    }
    if (!looksLikeApiKey(token)) throw unauthorized();
    const keyHash = hashApiKey(token);
    const looked = await findKeyTakingToken(keyHash);
    if (!looked || !sameHash(looked.found.key_hash, keyHash)) throw unauthorized();
    return { principal: { kind: 'tenant', tenantId: looked.found.tenant_id, keyId: looked.found.id }, decision: looked.decision };
  };

  return (route) => {
    const scoped = route.path.includes('/:tenantId');
    return async (req, res, next) => {
      // The address's standing and the key's lookup at once: one round trip, not two in a row.
      const client = clientAddressKey(req.ip ?? req.socket.remoteAddress ?? 'unknown');
      const standingCheck = failureLimiter.peek(client);
      const authenticated = authenticate(req).catch((error: unknown) => ({ error }));
      const standing = await standingCheck;
      if (!standing.allowed) throw tooManyFailures(standing.retryAfterSeconds);
      const outcome = await authenticated;
      if ('error' in outcome) {
        if (outcome.error instanceof AppError && outcome.error.code === 'unauthorized') await failureLimiter.take(client);
        throw outcome.error;
      }
      const { principal } = outcome;
      if (principal.kind === 'tenant') {
        const decision = outcome.decision ?? (await limiter.take(principal.keyId));
        if (!decision.allowed) {
          throw new AppError(
            'rate_limited',
            `Too many requests for this API key; retry in ${decision.retryAfterSeconds} s`,
            [],
            decision.retryAfterSeconds,
          );
        }
        if (route.adminOnly || !scoped) {
          throw new AppError('forbidden', 'This route needs the admin API key');
        }
        if (principal.readOnly && !READS.has(req.method)) {
          throw new AppError('forbidden', 'This portal session is read-only');
        }
        const tenantId = req.params.tenantId;
        if (typeof tenantId !== 'string' || tenantId !== principal.tenantId) {
          throw notFound('tenant', 'tenantId', String(tenantId));
        }
      }
      principals.set(req, principal);
      next();
    };
  };
}
