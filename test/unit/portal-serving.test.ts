import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express from 'express';
import { loadConfig } from '../../src/config';
import { mountPortal, portalSecurityHeaders } from '../../src/api/portal';

describe('portal headers', () => {
  it("allow framing by the page's own origin only, by default", () => {
    const headers = portalSecurityHeaders(loadConfig({}).portal.frameAncestors);
    expect(headers['content-security-policy']).toContain("frame-ancestors 'self'");
    expect(headers['x-frame-options']).toBe('SAMEORIGIN');
  });

  it('name every allowed origin, and drop X-Frame-Options, which cannot name them', () => {
    const { portal } = loadConfig({ PORTAL_FRAME_ANCESTORS: "'self' https://app.example.com https://*.shop.example" });
    const headers = portalSecurityHeaders(portal.frameAncestors);
    expect(headers['content-security-policy']).toContain("frame-ancestors 'self' https://app.example.com https://*.shop.example");
    expect(headers['x-frame-options']).toBeUndefined();
  });

  it("refuse every frame with 'none' (DENY), and read the bare keywords a .env file leaves", () => {
    const headers = portalSecurityHeaders(loadConfig({ PORTAL_FRAME_ANCESTORS: 'none' }).portal.frameAncestors);
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['x-frame-options']).toBe('DENY');
  });

  it('refuse a value that is not an origin', () => {
    expect(() => loadConfig({ PORTAL_FRAME_ANCESTORS: "'self' javascript:alert(1)" })).toThrow(/PORTAL_FRAME_ANCESTORS/);
    expect(() => loadConfig({ PORTAL_FRAME_ANCESTORS: ' ' })).toThrow(/PORTAL_FRAME_ANCESTORS/);
  });
});

describe('serving /portal/', () => {
  async function serve(buildDir: string) {
    const app = express();
    mountPortal(app, { frameAncestors: ["'self'"], buildDir });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return { base, close: () => new Promise((resolve) => server.close(resolve)) };
  }

  it('answers 503 naming npm run portal:build when the portal is not built', async () => {
    const { base, close } = await serve(path.join(mkdtempSync(path.join(tmpdir(), 'portal-')), 'missing'));
    try {
      const response = await fetch(`${base}/portal/`);
      expect(response.status).toBe(503);
      expect((await response.text()).trim().split('\n')).toEqual(['The portal is not built: run `npm run portal:build`.']);
    } finally {
      await close();
    }
  });

  it('serves index.html for /portal/ and hashed assets, with the CSP, and redirects /portal', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'portal-'));
    mkdirSync(path.join(dir, 'assets'));
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>portal</title>');
    writeFileSync(path.join(dir, 'assets', 'index-abc.js'), 'console.log(1)');
    const { base, close } = await serve(dir);
    try {
      const index = await fetch(`${base}/portal/`);
      expect(index.status).toBe(200);
      expect(await index.text()).toContain('<title>portal</title>');
      expect(index.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(index.headers.get('cache-control')).toBe('no-cache');
      const asset = await fetch(`${base}/portal/assets/index-abc.js`);
      expect(asset.status).toBe(200);
      expect(asset.headers.get('cache-control')).toContain('immutable');
      expect(asset.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      const bare = await fetch(`${base}/portal`, { redirect: 'manual' });
      expect(bare.status).toBe(301);
      expect(bare.headers.get('location')).toBe('/portal/');
      expect((await fetch(`${base}/portal/assets/missing.js`)).status).toBe(404);
    } finally {
      await close();
    }
  });
});
