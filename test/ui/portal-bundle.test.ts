import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { PORTAL_BUILD_DIR } from '../../src/api/portal';

/** The production build (made by the ui setup): small, and every asset from hookflow itself. */
describe('portal build', () => {
  const assets = path.join(PORTAL_BUILD_DIR, 'assets');
  const files = readdirSync(assets);

  it('ships at most 250 KB of gzipped JavaScript', () => {
    const gzipped = files
      .filter((f) => f.endsWith('.js'))
      .reduce((sum, f) => sum + gzipSync(readFileSync(path.join(assets, f)), { level: 9 }).length, 0);
    process.stdout.write(`portal JavaScript: ${(gzipped / 1024).toFixed(1)} KB gzipped\n`);
    expect(gzipped).toBeGreaterThan(0);
    expect(gzipped).toBeLessThanOrEqual(250 * 1024);
  });

  it('loads one stylesheet and scripts from /portal/ only (no CDN, no inline script)', () => {
    const html = readFileSync(path.join(PORTAL_BUILD_DIR, 'index.html'), 'utf8');
    const references = [...html.matchAll(/\b(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(references.length).toBeGreaterThan(0);
    for (const reference of references) expect(reference).toMatch(/^\/portal\/assets\//);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(files.filter((f) => f.endsWith('.css'))).toHaveLength(1);
  });
});
