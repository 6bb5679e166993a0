import { spawnSync } from 'node:child_process';
import path from 'node:path';
import globalSetup from './global-setup';

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * The browser tests' setup: the shared servers (global-setup.ts), then a fresh build of the
 * portal into dist/portal/ (what the API serves under /portal/), so the tests never run
 * against a stale bundle. Vite takes a few seconds.
 */
export default async function uiGlobalSetup(): Promise<void> {
  await globalSetup();
  const vite = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const built = spawnSync(process.execPath, [vite, 'build', '--config', 'portal/vite.config.mts'], {
    cwd: ROOT,
    // jest sets NODE_ENV=test, with which Vite would ship React's development build: test the production one.
    env: { ...process.env, NODE_ENV: 'production' },
    encoding: 'utf8',
  });
  if (built.status !== 0) throw new Error(`[test-setup] npm run portal:build failed:\n${built.stdout}${built.stderr}`);
}
