import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { errorBody } from './errors';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Constant-time comparison: both sides are hashed to equal length first. */
export function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}

/**
 * `Authorization: Bearer <ADMIN_API_KEY>` on every /v1 route. Missing or wrong keys get
 * 401 with no detail on which.
 */
export function requireAdminKey(adminApiKey: string): RequestHandler {
  return (req, res, next) => {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match || !safeEqual(match[1] as string, adminApiKey)) {
      res.setHeader('www-authenticate', 'Bearer');
      res.status(401).json(errorBody('unauthorized', 'Missing or invalid API key'));
      return;
    }
    next();
  };
}
