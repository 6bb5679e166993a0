import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Express, type Response } from 'express';

/** Where `npm run portal:build` (Vite) writes the portal: dist/portal/ at the project root, from src/api or dist/api alike. */
export const PORTAL_BUILD_DIR = path.resolve(__dirname, '..', '..', 'dist', 'portal');

/**
 * The headers of every portal answer. CSP keeps the page to its own origin (no CDN, no
 * third-party request; the session's logo may be any https image) and lets only
 * `frameAncestors` show it in a frame. X-Frame-Options says the same to browsers that ignore
 * `frame-ancestors`: SAMEORIGIN or DENY when those are all it allows; with other origins
 * it is left out, since it cannot name them and would refuse them.
 */
export function portalSecurityHeaders(frameAncestors: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {
    'content-security-policy': [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' https: data:",
      "connect-src 'self'",
      "base-uri 'none'",
      "form-action 'none'",
      `frame-ancestors ${frameAncestors.join(' ')}`,
    ].join('; '),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  };
  if (frameAncestors.length === 1 && frameAncestors[0] === "'none'") headers['x-frame-options'] = 'DENY';
  else if (frameAncestors.every((source) => source === "'self'")) headers['x-frame-options'] = 'SAMEORIGIN';
  return headers;
}

/**
 * Serves the customer portal's static build under /portal/ (index.html for /portal/, hashed
 * assets cached for a year). Without a build, /portal/ answers 503 naming the command.
 */
export function mountPortal(app: Express, options: { frameAncestors: readonly string[]; buildDir?: string }): void {
  const buildDir = options.buildDir ?? PORTAL_BUILD_DIR;
  const headers = portalSecurityHeaders(options.frameAncestors);
  const setHeaders = (res: Response) => {
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  };
  const assets = express.static(buildDir, {
    index: false,
    fallthrough: true,
    setHeaders: (res, file) => {
      setHeaders(res);
      // Vite names assets by content hash: they never change; index.html must be re-read.
      res.setHeader('cache-control', file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  app.use('/portal', (req, res, next) => {
    // Relative asset URLs need the trailing slash; `/portal` alone is the same page.
    if (req.originalUrl.split('?')[0] === '/portal') {
      res.redirect(301, '/portal/');
      return;
    }
    const index = path.join(buildDir, 'index.html');
    if (!existsSync(index)) {
      res.status(503).type('text/plain').send('The portal is not built: run `npm run portal:build`.\n');
      return;
    }
    if (req.method === 'GET' && (req.path === '/' || req.path === '/index.html')) {
      setHeaders(res);
      res.setHeader('cache-control', 'no-cache');
      res.sendFile(index);
      return;
    }
    assets(req, res, next);
  });
}
