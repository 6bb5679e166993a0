import path from 'node:path';
import { defineConfig } from 'vite';

/**
 * The customer portal: built into dist/portal/ and served by the API under /portal/
 * (src/api/portal.ts). Every asset is local: no CDN, no third-party request.
 */
export default defineConfig({
  root: import.meta.dirname,
  base: '/portal/',
  resolve: { alias: { '@hookflow/client': path.resolve(import.meta.dirname, '../clients/typescript/src/index.ts') } },
  build: {
    outDir: path.resolve(import.meta.dirname, '../dist/portal'),
    emptyOutDir: true,
    // No inline module-preload polyfill script: the portal's CSP allows scripts from 'self' only.
    modulePreload: { polyfill: false },
    reportCompressedSize: true,
  },
  logLevel: 'warn',
});
