import type { z } from 'zod';
import type { Cidr } from '../delivery/ssrf';
import { decodeEncryptionKey } from '../lib/secret-box';
import { envSchema } from './env-schema';
import { type TemporalConnectionConfig, temporalConnectionConfig } from './temporal-env';

export { envSchema };

/**
 * The only reader of `process.env`. Every variable is validated here, once, at start-up;
 * a bad value stops the process with one line naming the variable (see `loadConfig`).
 * Each variable's `.describe()` text and default are rendered into `docs/configuration.md`
 * (`npm run docs:config`; a unit test fails when that file drifts) and listed in `.env.example`.
 */

export type Env = z.infer<typeof envSchema>;

export interface Config {
  readonly env: Env['NODE_ENV'];
  readonly log: { readonly level: Env['LOG_LEVEL']; readonly pretty: boolean };
  /** What src/server.ts runs: the API alone, or the API and a worker in one process (eager starts). */
  readonly role: 'api' | 'all';
  readonly http: { readonly host: string; readonly port: number; readonly maxPayloadBytes: number; readonly publicUrl: string };
  /** The customer portal under /portal/: who may frame it (CSP `frame-ancestors` sources). */
  readonly portal: { readonly frameAncestors: readonly string[] };
  /** The worker's metrics port (0: off) and whether published events are counted per tenant. */
  readonly metrics: { readonly port: number; readonly tenantLabels: boolean };
  /** STRICT_EVENT_TYPES: only types in the catalog may be published. */
  readonly strictEventTypes: boolean;
  readonly database: { readonly url: string | undefined; readonly poolMax: number; readonly preparedStatements: boolean };
  /** Where Temporal is and how to connect (plain, TLS, mTLS, API key): temporal/connection.ts builds every connection from it. */
  readonly temporal: TemporalConnectionConfig & {
    readonly namespace: string;
    readonly taskQueue: string;
    readonly uiUrl: string;
    readonly workflowBundlePath: string | undefined;
  };
  readonly adminApiKey: string | undefined;
  readonly security: {
    /** SECRET_ENCRYPTION_KEY as given (validated; decode with decodeEncryptionKey). */
    readonly secretEncryptionKey: string | undefined;
    /** Ranges the SSRF guard lets deliveries reach although they are private or loopback. */
    readonly allowedTargetCidrs: readonly Cidr[];
    /** Requests per minute per tenant API key; 0 turns the limit off. */
    readonly rateLimitPerMinute: number;
    readonly rateLimitBurst: number;
    /** Failed authentications (401s) per minute per client address; 0 turns the limit off. */
    readonly authFailuresPerMinute: number;
    /** How many failures a client address may have at once before the per-minute rate applies. */
    readonly authFailureBurst: number;
  };
  readonly delivery: {
    readonly timeoutMs: number;
    readonly retryScheduleMs: readonly number[];
    /** The reconcile Schedule's interval, and how overdue a delivery must be before a pass looks for its workflow. */
    readonly reconcileIntervalMs: number;
    readonly reconcileAfterMs: number;
    /** Up to this many subscribers the publish writes the deliveries and starts them itself; above, one fan-out workflow does. */
    readonly directStartMax: number;
    /** Background workflow starts in flight at once, and how far they may fall behind before a publish gets 503. */
    readonly startConcurrency: number;
    readonly startBacklogMax: number;
    /** How long a burst's starts may be held while the burst is answered (0: never). */
    readonly burstStartHoldMs: number;
    /** A worker with attempts in flight and none finishing for this long is stalled: /readyz answers 503. */
    readonly stallAfterMs: number;
    /** Workflow tasks one worker holds at once: eager starts need a free one (WORKER_WORKFLOW_TASK_SLOTS). */
    readonly workflowTaskSlots: number;
    /** Every attempt failed for this long (and at least minFailures times): the endpoint is disabled. 0: never. */
    readonly autoDisable: { readonly afterMs: number; readonly minFailures: number };
  };
  /** OpenTelemetry traces; the SDK reads the other standard OTEL_* variables itself. */
  readonly tracing: {
    /** OTEL_EXPORTER_OTLP_ENDPOINT (or its traces variant) is set. */
    readonly enabled: boolean;
    readonly protocol: Env['OTEL_EXPORTER_OTLP_PROTOCOL'];
    /** OTEL_SERVICE_NAME; each process has its own default. */
    readonly serviceName: string | undefined;
    /** OTEL_TRACES_SAMPLER and its ratio (OTEL_TRACES_SAMPLER_ARG, default 1): the SDK reads them itself; the workflow-span sink applies them too. */
    readonly sampler: Env['OTEL_TRACES_SAMPLER'];
    readonly samplerRatio: number;
  };
  readonly eventLog: {
    readonly retentionMs: number;
    readonly purgeCron: string;
    readonly purgeBatchSize: number;
    readonly recoverBatchSize: number;
    readonly recoverRatePerSecond: number;
  };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** Former name → current name of renamed variables (the sweeper became reconcile). */
const FORMER_NAMES: Readonly<Record<string, string>> = { SWEEP_INTERVAL: 'RECONCILE_INTERVAL', SWEEP_AFTER: 'RECONCILE_AFTER' };

/**
 * Reads and validates configuration. Throws a ConfigError whose message is one line per
 * bad variable, each starting with the variable's name.
 */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings mean "unset", as in most .env tooling.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  // Variables renamed since: the old name is read while the new one is unset.
  for (const [formerName, name] of Object.entries(FORMER_NAMES)) {
    if (cleaned[name] === undefined && cleaned[formerName] !== undefined) cleaned[name] = cleaned[formerName];
  }
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'environment');
      const given = cleaned[name];
      // Keys, passwords and PEM text are never echoed.
      const secret = name.includes('KEY') || name === 'DATABASE_URL' || given === undefined || /[\n]|-----BEGIN|\\n/.test(given);
      const shown = secret ? '' : ` (got "${given}")`;
      const message = issue.message.startsWith(name) ? issue.message.slice(name.length).trim() : issue.message;
      return `${name} ${message}${shown}`;
    });
    throw new ConfigError(`Invalid configuration: ${lines.join('; ')}`);
  }
  const env = parsed.data;
  const temporal = temporalConnectionConfig(env);
  if (temporal.problems.length > 0) throw new ConfigError(`Invalid configuration: ${temporal.problems.join('; ')}`);
  if (env.NODE_ENV === 'production' && !env.SECRET_ENCRYPTION_KEY) {
    throw new ConfigError(
      'Invalid configuration: SECRET_ENCRYPTION_KEY is required when NODE_ENV=production (32 bytes as hex or base64, e.g. `openssl rand -base64 32`)',
    );
  }
  return deepFreeze<Config>({
    env: env.NODE_ENV,
    log: { level: env.LOG_LEVEL, pretty: env.LOG_FORMAT === 'pretty' },
    role: env.HOOKFLOW_ROLE,
    http: {
      host: env.HOST,
      port: env.PORT,
      maxPayloadBytes: env.MAX_PAYLOAD_BYTES,
      publicUrl: (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ''),
    },
    portal: { frameAncestors: env.PORTAL_FRAME_ANCESTORS },
    metrics: { port: env.METRICS_PORT, tenantLabels: env.METRICS_TENANT_LABELS === 'true' },
    strictEventTypes: env.STRICT_EVENT_TYPES === 'true',
    database: {
      url: env.DATABASE_URL,
      poolMax: env.DATABASE_POOL_MAX,
      preparedStatements: env.DATABASE_PREPARED_STATEMENTS === 'true',
    },
    temporal: {
      ...temporal.config,
      namespace: env.TEMPORAL_NAMESPACE,
      taskQueue: env.TEMPORAL_TASK_QUEUE,
      uiUrl: env.TEMPORAL_UI_URL.replace(/\/+$/, ''),
      workflowBundlePath: env.WORKFLOW_BUNDLE_PATH,
    },
    adminApiKey: env.ADMIN_API_KEY,
    security: {
      secretEncryptionKey: env.SECRET_ENCRYPTION_KEY,
      allowedTargetCidrs: env.ALLOWED_TARGET_CIDRS ?? [],
      rateLimitPerMinute: env.RATE_LIMIT_PER_MINUTE,
      rateLimitBurst: env.RATE_LIMIT_BURST,
      authFailuresPerMinute: env.AUTH_FAILURE_LIMIT_PER_MINUTE,
      authFailureBurst: env.AUTH_FAILURE_BURST,
    },
    delivery: {
      timeoutMs: env.DELIVERY_TIMEOUT,
      retryScheduleMs: env.RETRY_SCHEDULE,
      reconcileIntervalMs: env.RECONCILE_INTERVAL,
      reconcileAfterMs: env.RECONCILE_AFTER,
      directStartMax: env.PUBLISH_DIRECT_START_MAX,
      startConcurrency: env.PUBLISH_START_CONCURRENCY,
      startBacklogMax: env.PUBLISH_START_BACKLOG_MAX,
      burstStartHoldMs: env.PUBLISH_BURST_START_HOLD,
      stallAfterMs: env.WORKER_STALL_AFTER,
      workflowTaskSlots: env.WORKER_WORKFLOW_TASK_SLOTS,
      autoDisable: { afterMs: env.AUTO_DISABLE_AFTER, minFailures: env.AUTO_DISABLE_MIN_FAILURES },
    },
    tracing: {
      enabled: env.OTEL_EXPORTER_OTLP_ENDPOINT !== undefined || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT !== undefined,
      protocol: env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? env.OTEL_EXPORTER_OTLP_PROTOCOL,
      serviceName: env.OTEL_SERVICE_NAME,
      sampler: env.OTEL_TRACES_SAMPLER,
      samplerRatio: env.OTEL_TRACES_SAMPLER_ARG === undefined ? 1 : Number(env.OTEL_TRACES_SAMPLER_ARG),
    },
    eventLog: {
      retentionMs: env.EVENT_RETENTION,
      purgeCron: env.PURGE_CRON,
      purgeBatchSize: env.PURGE_BATCH_SIZE,
      recoverBatchSize: env.RECOVER_BATCH_SIZE,
      recoverRatePerSecond: env.RECOVER_RATE_PER_SECOND,
    },
  });
}

/** For entry points: load the config or print the one-line reason and exit with status 78 (EX_CONFIG). */
export function loadConfigOrExit(source: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(source);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`hookflow: ${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
}

/**
 * The key that seals endpoint signing secrets, or a failure that says how to get one.
 * The API and the worker both need it; only production makes it a start-up requirement
 * of every process (loadConfig), so tools that touch no secret run without it.
 */
export function requireSecretEncryptionKey(config: Config): Buffer {
  const text = config.security.secretEncryptionKey;
  const key = text === undefined ? undefined : decodeEncryptionKey(text);
  if (!key) {
    throw new ConfigError(
      'SECRET_ENCRYPTION_KEY is not set: set it to 32 random bytes as hex or base64 (`openssl rand -base64 32`), or use `npm run dev`, which generates one',
    );
  }
  return key;
}

/** Returns the database URL or fails with a message that says how to get one. */
export function requireDatabaseUrl(config: Config): string {
  if (!config.database.url) {
    throw new ConfigError('DATABASE_URL is not set: set it to a PostgreSQL URL, or use `npm run dev`, which starts an embedded PostgreSQL');
  }
  return config.database.url;
}
