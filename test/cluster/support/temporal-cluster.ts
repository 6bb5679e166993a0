import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Client as PgClient } from 'pg';
import type { TemporalConnectionConfig } from '../../../src/config/temporal-env';
import { SEARCH_ATTRIBUTE_NAMES } from '../../../src/contract';
import { resolveTemporalCli } from '../../../src/dev/temporal-cli';
import { resolveTemporalServerTools } from '../../../src/dev/temporal-server-tools';
import { checkTemporalConnection } from '../../../src/temporal/connection';
import { freeLowPort } from '../../helpers/ports';
import type { ClusterCerts } from './certs';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const DEPLOY = path.join(ROOT, 'deploy', 'temporal');

/**
 * A real Temporal server (temporal-server v1.29.1, built into .tools), set up the way
 * docker-compose.yml sets one up: deploy/temporal/setup-schema.sh applies the schema to
 * PostgreSQL, the server runs from deploy/temporal/config/docker.yaml with the frontend on
 * mTLS, and deploy/temporal/setup-namespace.sh registers the namespace and hookflow's
 * search attributes over mTLS.
 */
export interface TemporalCluster {
  address: string;
  namespace: string;
  /** hookflow's variables for this cluster (certificate files), as an operator would set them. */
  hookflowEnv: Record<string, string>;
  /** The same, as loaded configuration: for the test's own client. */
  connection: TemporalConnectionConfig;
  /** SIGKILL, then a new server process on the same ports and databases. */
  restart(): Promise<void>;
  /** Temporal's database lost: SIGKILL, drop both databases, set everything up afresh, start. */
  wipe(): Promise<void>;
  stop(): Promise<void>;
  output(): string;
}

async function run(command: string, args: string[], env: Record<string, string>, what: string): Promise<string> {
  const child = spawn(command, args, { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env } });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`${what} failed (exit ${code}):\n${output.slice(-4_000)}`);
  return output;
}

export async function startTemporalCluster(options: {
  adminDatabaseUrl: string;
  certs: ClusterCerts;
  namespace: string;
}): Promise<TemporalCluster> {
  const { certs, namespace } = options;
  const log = (line: string) => process.stderr.write(`[cluster] ${line}\n`);
  const tools = resolveTemporalServerTools({ onLog: log });
  const admin = new URL(options.adminDatabaseUrl);
  const suffix = randomBytes(4).toString('hex');
  const databases = { main: `temporal_${suffix}`, visibility: `temporal_visibility_${suffix}` };
  const sql = {
    SQL_HOST: admin.hostname,
    SQL_PORT: admin.port || '5432',
    SQL_USER: decodeURIComponent(admin.username),
    SQL_PASSWORD: decodeURIComponent(admin.password),
  };
  const setUpSchema = () =>
    run(
      'sh',
      [path.join(DEPLOY, 'setup-schema.sh')],
      {
        ...sql,
        TEMPORAL_DB: databases.main,
        TEMPORAL_VISIBILITY_DB: databases.visibility,
        TEMPORAL_SQL_TOOL: tools.sqlTool,
        TEMPORAL_SCHEMA_DIR: tools.postgresSchemaDir,
      },
      'deploy/temporal/setup-schema.sh',
    );
  const dropDatabases = async () => {
    const client = new PgClient({ connectionString: options.adminDatabaseUrl });
    await client.connect();
    try {
      for (const database of Object.values(databases)) await client.query(`drop database if exists "${database}" with (force)`);
    } finally {
      await client.end();
    }
  };
  await setUpSchema();

  const portNames = [
    'FRONTEND_GRPC_PORT',
    'FRONTEND_HTTP_PORT',
    'FRONTEND_MEMBERSHIP_PORT',
    'INTERNAL_FRONTEND_GRPC_PORT',
    'INTERNAL_FRONTEND_HTTP_PORT',
    'INTERNAL_FRONTEND_MEMBERSHIP_PORT',
    'HISTORY_GRPC_PORT',
    'HISTORY_MEMBERSHIP_PORT',
    'MATCHING_GRPC_PORT',
    'MATCHING_MEMBERSHIP_PORT',
    'WORKER_GRPC_PORT',
    'WORKER_MEMBERSHIP_PORT',
  ];
  const ports: Record<string, string> = {};
  const taken = new Set<number>();
  for (const name of portNames) {
    const port = await freeLowPort(taken);
    taken.add(port);
    ports[name] = String(port);
  }
  const address = `127.0.0.1:${ports.FRONTEND_GRPC_PORT}`;
  const serverEnv = {
    ...ports,
    POSTGRES_SEEDS: sql.SQL_HOST,
    DB_PORT: sql.SQL_PORT,
    POSTGRES_USER: sql.SQL_USER,
    POSTGRES_PWD: sql.SQL_PASSWORD,
    DBNAME: databases.main,
    VISIBILITY_DBNAME: databases.visibility,
    // Five services share the test's PostgreSQL with everything else: small pools.
    SQL_MAX_CONNS: '5',
    SQL_MAX_IDLE_CONNS: '5',
    SQL_VIS_MAX_CONNS: '2',
    SQL_VIS_MAX_IDLE_CONNS: '2',
    TEMPORAL_TLS_FRONTEND_CERT: certs.frontendCert,
    TEMPORAL_TLS_FRONTEND_KEY: certs.frontendKey,
    TEMPORAL_TLS_CLIENT_CA_CERT: certs.ca,
    DYNAMIC_CONFIG_FILE_PATH: path.join(DEPLOY, 'dynamicconfig', 'production-sql.yaml'),
    LOG_LEVEL: 'warn',
  };
  const hookflowEnv = {
    TEMPORAL_ADDRESS: address,
    TEMPORAL_NAMESPACE: namespace,
    TEMPORAL_TLS_CA: certs.ca,
    TEMPORAL_TLS_CERT: certs.clientCert,
    TEMPORAL_TLS_KEY: certs.clientKey,
    TEMPORAL_TLS_SERVER_NAME: certs.serverName,
  };
  const connection: TemporalConnectionConfig = {
    address,
    tls: {
      caPem: readFileSync(certs.ca, 'utf8'),
      clientCert: { certPem: readFileSync(certs.clientCert, 'utf8'), keyPem: readFileSync(certs.clientKey, 'utf8') },
      serverName: certs.serverName,
    },
    apiKey: undefined,
  };

  let output = '';
  let child: ChildProcess | undefined;
  const launch = async () => {
    const started = spawn(
      tools.server,
      ['--root', DEPLOY, '--config', 'config', '--env', 'docker', '--allow-no-auth', 'start']
        .concat(['--service', 'frontend', '--service', 'internal-frontend', '--service', 'history'])
        .concat(['--service', 'matching', '--service', 'worker']),
      { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...serverEnv }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const append = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.length > 1_000_000) output = output.slice(-500_000);
    };
    started.stdout!.on('data', append);
    started.stderr!.on('data', append);
    child = started;
    const deadline = Date.now() + 90_000;
    for (;;) {
      if (started.exitCode !== null || started.signalCode !== null) {
        throw new Error(`temporal-server exited (${started.exitCode ?? started.signalCode}):\n${output.slice(-4_000)}`);
      }
      const check = await checkTemporalConnection(connection);
      if (check.ok) return;
      if (Date.now() > deadline) throw new Error(`temporal-server did not answer on ${address}: ${check.message}\n${output.slice(-4_000)}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  };
  const kill = async (signal: NodeJS.Signals) => {
    const current = child;
    if (!current || current.exitCode !== null || current.signalCode !== null) return;
    const exited = new Promise((resolve) => current.once('exit', resolve));
    try {
      process.kill(-current.pid!, signal);
    } catch {
      return;
    }
    const timer = setTimeout(() => process.kill(-current.pid!, 'SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };
  process.once('exit', () => {
    if (child?.pid) process.kill(-child.pid, 'SIGKILL');
  });

  const setUpNamespace = () =>
    run(
      'sh',
      [path.join(DEPLOY, 'setup-namespace.sh')],
      {
        ...hookflowEnv,
        TEMPORAL_CLI: resolveTemporalCli({ build: true, onLog: log }),
        NAMESPACE_RETENTION: '24h',
        SEARCH_ATTRIBUTES: SEARCH_ATTRIBUTE_NAMES.map((name) => `${name}=Keyword`).join(' '),
        SLEEP_SECONDS: '1',
      },
      'deploy/temporal/setup-namespace.sh',
    );
  await launch();
  await setUpNamespace();
  log(`temporal-server ${address} (mTLS), namespace ${namespace}, databases ${databases.main} and ${databases.visibility}`);

  return {
    address,
    namespace,
    hookflowEnv,
    connection,
    output: () => output,
    async restart() {
      await kill('SIGKILL');
      await launch();
    },
    async wipe() {
      await kill('SIGKILL');
      await dropDatabases();
      await setUpSchema();
      await launch();
      await setUpNamespace();
    },
    async stop() {
      await kill('SIGTERM');
      await dropDatabases();
    },
  };
}
