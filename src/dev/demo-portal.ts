import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { PORTAL_BUILD_DIR } from '../api/portal';
import { createDatabase } from '../db/database';
import { upsertEventType } from '../db/queries/event-types';
import { loadShopCatalog } from './shop-catalog';
import { PROJECT_ROOT } from './paths';

export const DEMO_TENANT = 'demo';

/**
 * Builds the customer portal (`npm run portal:build`, Vite) when dist/portal/ has none, so
 * the API can serve /portal/. A failed build is reported, not fatal: the rest of the stack
 * works, and /portal/ answers 503 naming the command.
 */
export function ensurePortalBuild(say: (line: string) => void): void {
  if (existsSync(path.join(PORTAL_BUILD_DIR, 'index.html'))) return;
  say('building the customer portal (npm run portal:build)');
  const vite = path.join(PROJECT_ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const built = spawnSync(process.execPath, [vite, 'build', '--config', 'portal/vite.config.mts'], {
    cwd: PROJECT_ROOT,
    // The production bundle (NODE_ENV=development would make Vite ship React's development build).
    env: { ...process.env, NODE_ENV: 'production' },
    encoding: 'utf8',
  });
  if (built.status !== 0) say(`could not build the portal (/portal/ answers 503): ${(built.stderr || built.stdout).trim().split('\n')[0]}`);
}

/**
 * The demo tenant's portal link: creates tenant `demo` if absent, loads the shop builder's
 * event catalog (when ../shared/seeds/ is there) and opens a 24-hour portal session.
 */
export async function openDemoPortal(options: {
  apiUrl: string;
  adminKey: string;
  databaseUrl: string;
  say: (line: string) => void;
}): Promise<string> {
  const { apiUrl, adminKey, say } = options;
  const call = (method: string, route: string, body: unknown) =>
    fetch(`${apiUrl}${route}`, {
      method,
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const tenant = await call('POST', '/v1/tenants', { id: DEMO_TENANT, name: 'Demo shop' });
  if (tenant.status !== 201 && tenant.status !== 409) throw new Error(`could not create the demo tenant: HTTP ${tenant.status}`);

  try {
    const catalog = loadShopCatalog();
    const database = createDatabase(options.databaseUrl);
    try {
      for (const entry of catalog)
        await upsertEventType(database.db, entry.name, { description: entry.description, example: entry.example });
    } finally {
      await database.close();
    }
  } catch (error) {
    say(`demo event catalog not loaded: ${(error as Error).message}`);
  }

  const session = await call('POST', `/v1/tenants/${DEMO_TENANT}/portal-sessions`, { expiresIn: 86_400 });
  if (session.status !== 201) throw new Error(`could not open a portal session: HTTP ${session.status}`);
  return ((await session.json()) as { url: string }).url;
}
