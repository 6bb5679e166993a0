import { z } from 'zod';
import { parseCidrList } from '../delivery/ssrf';
import { parseDuration } from '../lib/duration';
import { decodeEncryptionKey } from '../lib/secret-box';
import { temporalEnv } from './temporal-env';

/**
 * Every environment variable hookflow reads, with its validation, default and description
 * (the descriptions make docs/configuration.md: npm run docs:config). Read only by
 * loadConfig (index.ts).
 */

/**
 * WORKER_WORKFLOW_TASK_SLOTS' default: well above the 100 local-activity slots and the
 * pollers' reservations, so that a burst's eager starts find a free slot (the bench's
 * floor worker uses it too, so that its ceilings are measured as hookflow's worker runs).
 */
export const DEFAULT_WORKFLOW_TASK_SLOTS = 500;

const duration = (name: string) =>
  z.string().transform((text, ctx) => {
    const ms = parseDuration(text);
    if (ms === undefined) {
      ctx.addIssue({ code: 'custom', message: `${name} must be a duration such as 500ms, 5s, 1m, 2h or 30d` });
      return z.NEVER;
    }
    return ms;
  });

const durationList = (name: string) =>
  z.string().transform((text, ctx) => {
    const parts = text
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean);
    const values = parts.map(parseDuration);
    if (parts.length === 0 || values.some((v) => v === undefined)) {
      ctx.addIssue({ code: 'custom', message: `${name} must be a comma-separated list of durations such as 5s,5m,30m` });
      return z.NEVER;
    }
    return values as number[];
  });

const integer = (min: number, max: number) => {
  const message = `must be an integer between ${min} and ${max}`;
  return z
    .string()
    .trim()
    .regex(/^\d+$/, message)
    .transform(Number)
    .refine((n) => n >= min && n <= max, message);
};

const postgresUrl = z.string().refine(
  (value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== '';
    } catch {
      return false;
    }
  },
  { message: 'must be a URL such as postgres://user:password@host:5432/database' },
);

const cidrList = z.string().transform((text, ctx) => {
  const { cidrs, invalid } = parseCidrList(text);
  if (invalid.length > 0) {
    ctx.addIssue({
      code: 'custom',
      message: `must be a comma-separated list of CIDRs such as 127.0.0.0/8,::1/128 (bad: ${invalid.join(', ')})`,
    });
    return z.NEVER;
  }
  return cidrs;
});

const encryptionKey = z
  .string()
  .refine(
    (text) => decodeEncryptionKey(text) !== undefined,
    'must be 32 bytes as 64 hex characters or base64 (e.g. `openssl rand -base64 32`)',
  );

const otlpProtocol = z.enum(['http/protobuf', 'http/json'], {
  error: 'must be http/protobuf or http/json (grpc is not supported)',
});

export const envSchema = z.object({
  NODE_ENV: z
    .enum(['development', 'production', 'test'])
    .default('development')
    .describe('`development`, `production` or `test`. `production` makes `SECRET_ENCRYPTION_KEY` a start-up requirement'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('`fatal`, `error`, `warn`, `info`, `debug`, `trace` or `silent`'),
  HOOKFLOW_ROLE: z
    .enum(['api', 'all'])
    .default('api')
    .describe(
      "What `npm run api` (src/server.ts) runs: `api`, the API alone (workers run `npm run worker`); `all`, the API and a worker in one process, which starts delivery workflows eagerly on the worker's own connection (`npm run dev` uses it; fits small deployments)",
    ),
  LOG_FORMAT: z
    .enum(['json', 'pretty'])
    .default('json')
    .describe(
      '`json`, or `pretty`. `npm run dev` uses `pretty`, which needs the `pino-pretty` dev dependency, so it is not available in the production image',
    ),
  HOST: z.string().min(1).default('127.0.0.1').describe('Interface the API listens on (docker-compose sets `0.0.0.0`)'),
  PORT: integer(1, 65_535).prefault('3000').describe('API port'),
  METRICS_PORT: integer(0, 65_535)
    .prefault('0')
    .describe(
      "The worker's Prometheus `GET /metrics` port on `HOST` (hookflow's metrics and the Temporal SDK's `temporal_*` ones); `0` turns it off. The API serves `/metrics` on its own port always. `npm run dev` and docker-compose set 9464",
    ),
  METRICS_TENANT_LABELS: z
    .enum(['true', 'false'])
    .default('false')
    .describe(
      '`true`: `hookflow_events_published_total` gets a `tenant` label, one series per tenant (mind the cardinality with many tenants). `false`: one series',
    ),
  PUBLIC_URL: z
    .url()
    .optional()
    .describe(
      "hookflow's public base URL, as the platform's customers reach it: portal session links (`url` of `POST …/portal-sessions`) start with it. Default: `http://localhost:<PORT>`",
    ),
  PORTAL_FRAME_ANCESTORS: z
    .string()
    .default("'self'")
    // A .env file drops the quotes of 'self': bare self and none mean the keywords.
    .transform((value) =>
      value
        .split(/\s+/)
        .filter(Boolean)
        .map((source) => (source === 'self' || source === 'none' ? `'${source}'` : source)),
    )
    .pipe(
      z
        .array(
          z
            .string()
            .regex(
              /^('self'|'none'|https?:\/\/(\*\.)?[A-Za-z0-9.-]+(:\d{1,5})?)$/,
              "must be space-separated origins such as https://app.example.com, or 'self' or 'none'",
            ),
        )
        .min(1, "must name at least one origin, or 'self' or 'none'"),
    )
    .describe(
      "Who may show the customer portal (`/portal/`) in an `<iframe>`: space-separated origins (`https://app.example.com`, `https://*.example.com`), `'self'` or `'none'`; sent as the CSP `frame-ancestors` of the portal's pages. Default: `'self'`",
    ),
  STRICT_EVENT_TYPES: z
    .enum(['true', 'false'])
    .default('false')
    .describe(
      '`true`: publishing a type that is not in the event type catalog is 422 naming `type`. `false`: any well-formed type may be published',
    ),
  DATABASE_URL: postgresUrl
    .optional()
    .describe(
      'PostgreSQL URL; required by `npm run api`, `npm run worker` and `npm run migrate`. When unset, `npm run dev` starts an embedded PostgreSQL (data in `.data/postgres`, reached through a Unix socket there). The URL goes to node-postgres as is, so its parameters (e.g. `sslmode`) apply; `?host=/var/run/postgresql` uses the Unix socket of a server on the same host, about half the CPU per query of loopback TCP',
    ),
  DATABASE_POOL_MAX: integer(1, 200).prefault('10').describe('PostgreSQL connections per process (1–200)'),
  DATABASE_PREPARED_STATEMENTS: z
    .enum(['true', 'false'])
    .default('true')
    .describe(
      "`true`: the statements every publish, every attempt and every authenticated request runs are named prepared statements, parsed once per connection (about half of PostgreSQL's CPU per delivery in the bench). Behind PgBouncer in transaction mode, use 1.21 or later with `max_prepared_statements` set; an older pooler costs each such statement a retry as an unnamed one. `false` sends no named statement at all",
    ),
  ...temporalEnv,
  ADMIN_API_KEY: z
    .string()
    .min(16, 'must be at least 16 characters')
    .optional()
    .describe(
      'Required by the API: `Authorization: Bearer <key>` on every `/v1` route; 16+ characters. `npm run dev` generates one on first run and keeps it in `.data/dev-secrets.json`',
    ),
  MAX_PAYLOAD_BYTES: integer(1024, 64 * 1024 * 1024)
    .prefault('262144')
    .describe('Largest request body accepted, in bytes (1 KiB–64 MiB); larger ones get 413. Gzip bodies count after inflating'),
  SECRET_ENCRYPTION_KEY: encryptionKey
    .optional()
    .describe(
      '32 random bytes as hex or base64 (`openssl rand -base64 32`); seals endpoint signing secrets and custom header values (AES-256-GCM) in PostgreSQL. Required by the API and the worker (the same key), and at start-up when `NODE_ENV=production`. Losing it loses every signing secret. `npm run dev` generates one on first run and keeps it in `.data/dev-secrets.json`',
    ),
  ALLOWED_TARGET_CIDRS: cidrList
    .optional()
    .describe(
      'Comma-separated CIDRs deliveries may reach although the SSRF guard refuses them by default (loopback, private, link-local, CGNAT, metadata, …), e.g. `10.20.0.0/16`. `npm run dev` sets `127.0.0.0/8,::1/128` unless you set this',
    ),
  RATE_LIMIT_PER_MINUTE: integer(0, 1_000_000)
    .prefault('600')
    .describe(
      'Requests per minute per tenant API key or portal session: a token bucket in PostgreSQL, one budget shared by every API process, earning this many tokens back a minute, continuously (0 turns limits off); over it: 429 with `Retry-After`, the seconds until the next token. The admin key is not limited',
    ),
  RATE_LIMIT_BURST: integer(1, 1_000_000)
    .prefault('100')
    .describe(
      "The bucket's size: how many requests a tenant key or portal session may make at once (across all API processes) before the per-minute rate applies",
    ),
  AUTH_FAILURE_LIMIT_PER_MINUTE: integer(0, 1_000_000)
    .prefault('30')
    .describe(
      "Failed authentications (401s) per minute per client address, counted in PostgreSQL across every API process (0 turns the limit off). Once an address has used up its burst, every request from it gets 429 with `Retry-After`, whatever key it sends. The address is the connection's peer: behind a proxy all clients share the proxy's, so raise the limit or set 0 there",
    ),
  AUTH_FAILURE_BURST: integer(1, 1_000_000)
    .prefault('20')
    .describe(
      'How many failed authentications a client address may have at once (across all API processes) before the per-minute rate applies',
    ),
  DELIVERY_TIMEOUT: duration('DELIVERY_TIMEOUT')
    .prefault('3s')
    .describe('How long a receiver has to answer; an endpoint may set its own `timeoutMs` (up to 30 s)'),
  RETRY_SCHEDULE: durationList('RETRY_SCHEDULE')
    .prefault('5s,5m,30m,2h,5h,10h,10h')
    .describe('Delays between attempts after the first (comma-separated durations); an endpoint may set its own'),
  PUBLISH_DIRECT_START_MAX: integer(0, 100)
    .prefault('8')
    .describe(
      'Up to this many subscribers (0–100), a publish writes the deliveries itself (listed in the 202) and its process starts their workflows; with more, it commits the event alone and one fan-out workflow writes and starts them (`fanOutPending: true` in the 202). `0` sends every event through the fan-out workflow',
    ),
  PUBLISH_START_CONCURRENCY: integer(1, 1_000)
    .prefault('32')
    .describe(
      'How many workflow starts each API process has in flight at once. A publish answers 202 once its event and deliveries are committed; the process starts their workflows right after, in the background',
    ),
  PUBLISH_START_BACKLOG_MAX: integer(1, 1_000_000)
    .prefault('5000')
    .describe(
      'How far those background starts may fall behind (workflows queued or starting) before a publish is refused with 503 and Retry-After; nothing is stored then, so the retry is safe',
    ),
  PUBLISH_BURST_START_HOLD: duration('PUBLISH_BURST_START_HOLD')
    .prefault('2s')
    .describe(
      'While a process handles a burst of publishes (4 or more at once), it holds the workflow starts of the burst until the burst ends, each at most this long after its publish, so the 202s are not slowed by the deliveries they cause (on a machine where the API, the worker and Temporal share the cores). A single publish is never held. `0s` starts at once',
    ),
  RECONCILE_INTERVAL: duration('RECONCILE_INTERVAL')
    .prefault('30s')
    .describe(
      "How often the reconcile Schedule runs: it starts the workflow of every `new` or `retrying` delivery that is due and that Temporal does not have (never started after a crash or a Temporal outage between commit and start, or lost with Temporal's database), from PostgreSQL's state. `npm run reconcile` runs a full pass by hand. Formerly `SWEEP_INTERVAL`, still read when this is unset",
    ),
  WORKER_WORKFLOW_TASK_SLOTS: integer(2, 10_000)
    .prefault(String(DEFAULT_WORKFLOW_TASK_SLOTS))
    .describe(
      "Workflow tasks one worker holds at once (the SDK's `maxConcurrentWorkflowTaskExecutions`, default 40 there). A delivery's attempt is a local activity that runs inside its workflow task, so the task holds its slot while the receiver answers; and a start is eager (`HOOKFLOW_ROLE=all`) only when a slot is free. Attempts in flight stay bounded by the worker's 100 local-activity slots. At most the SDK's workflow cache size, which the SDK applies",
    ),
  WORKER_STALL_AFTER: duration('WORKER_STALL_AFTER')
    .prefault('45s')
    .describe(
      "A worker with delivery attempts in flight and none finishing for this long is stalled: it logs an alert (`worker_stalled`) and the API's `/readyz` answers 503 naming it",
    ),
  RECONCILE_AFTER: duration('RECONCILE_AFTER')
    .prefault('30s')
    .describe(
      'How long past its creation (never attempted) or its `next_attempt_at` a delivery still `new` or `retrying` (or a fan-out still pending) must be before reconcile looks for its workflow. Formerly `SWEEP_AFTER`, still read when this is unset',
    ),
  AUTO_DISABLE_AFTER: z
    .string()
    .transform((text, ctx) => {
      const ms = text.trim() === '0' ? 0 : parseDuration(text);
      if (ms === undefined) {
        ctx.addIssue({ code: 'custom', message: 'AUTO_DISABLE_AFTER must be a duration such as 12h or 5d, or 0 (off)' });
        return z.NEVER;
      }
      return ms;
    })
    .prefault('5d')
    .describe(
      'An endpoint whose every attempt has failed for this long (and at least `AUTO_DISABLE_MIN_FAILURES` times) is disabled (`disabledReason` says so), its waiting deliveries fail, and an `endpoint.disabled` notice goes to the operational endpoints; at half this time an `endpoint.failing` notice. A 2xx resets the clock. `0` turns auto-disable off',
    ),
  AUTO_DISABLE_MIN_FAILURES: integer(1, 1_000_000)
    .prefault('10')
    .describe('The fewest failed attempts in a row before `AUTO_DISABLE_AFTER` disables an endpoint'),
  EVENT_RETENTION: duration('EVENT_RETENTION')
    .prefault('30d')
    .describe(
      'Events older than this are purged with their deliveries and attempts, unless a delivery is still `new` or `retrying`; durations like `12h` or `30d`',
    ),
  PURGE_CRON: z
    .string()
    .trim()
    .regex(/^(@(yearly|annually|monthly|weekly|daily|hourly)|(\S+\s+){4}\S+)$/, 'must be a cron expression such as "0 3 * * *" or @daily')
    .default('0 3 * * *')
    .describe('When the `purge-events` Schedule runs (cron, UTC; `@daily` style accepted)'),
  PURGE_BATCH_SIZE: integer(1, 100_000).prefault('1000').describe('Events deleted per purge batch (one transaction each)'),
  RECOVER_BATCH_SIZE: integer(1, 10_000).prefault('100').describe('Bulk recovery: deliveries resent per batch'),
  RECOVER_RATE_PER_SECOND: integer(1, 10_000).prefault('50').describe('Bulk recovery: at most this many resends per second per recovery'),
  OTEL_EXPORTER_OTLP_ENDPOINT: z
    .url()
    .optional()
    .describe(
      'OpenTelemetry tracing is **off unless this (or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) is set**: the base URL of an OTLP/HTTP collector, e.g. `http://localhost:4318` (spans go to `<url>/v1/traces`). The other standard `OTEL_*` variables (`OTEL_EXPORTER_OTLP_HEADERS`, `OTEL_EXPORTER_OTLP_TIMEOUT`, `OTEL_RESOURCE_ATTRIBUTES`, …) are read by the OpenTelemetry SDK as it documents. See docs/operations.md, Tracing',
    ),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z
    .url()
    .optional()
    .describe(
      'The full OTLP/HTTP traces URL (e.g. `http://localhost:4318/v1/traces`); overrides `OTEL_EXPORTER_OTLP_ENDPOINT` for traces and also turns tracing on',
    ),
  OTEL_EXPORTER_OTLP_PROTOCOL: otlpProtocol
    .default('http/protobuf')
    .describe('How spans are sent: `http/protobuf` or `http/json` (`grpc` is not supported)'),
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: otlpProtocol.optional().describe('Overrides `OTEL_EXPORTER_OTLP_PROTOCOL` for traces'),
  OTEL_SERVICE_NAME: z
    .string()
    .min(1)
    .optional()
    .describe(
      '`service.name` of the spans. Default: `hookflow` for one process running both (`HOOKFLOW_ROLE=all`, as `npm run dev` runs it), `hookflow-api` for the API, `hookflow-worker` for the worker',
    ),
  OTEL_TRACES_SAMPLER: z
    .enum(['always_on', 'always_off', 'traceidratio', 'parentbased_always_on', 'parentbased_always_off', 'parentbased_traceidratio'])
    .default('parentbased_always_on')
    .describe(
      "Which traces are recorded: `parentbased_always_on` (all, or as the caller's `traceparent` says), `parentbased_traceidratio` with `OTEL_TRACES_SAMPLER_ARG=0.1` for 10 %, `always_on`, `always_off`, `traceidratio`, `parentbased_always_off`. A delivery's spans follow the decision made for its publish request; with `always_off` or `traceidratio`, spans recorded in workflow code follow the sampler by their trace id too (a Schedule's reconcile or purge run has no parent: the `parentbased_` samplers record it)",
    ),
  OTEL_TRACES_SAMPLER_ARG: z
    .string()
    .regex(/^(0(\.\d+)?|1(\.0+)?)$/, 'must be a ratio between 0 and 1, such as 0.1')
    .optional()
    .describe('The ratio of the `traceidratio` samplers, between 0 and 1 (default 1)'),
  WORKFLOW_BUNDLE_PATH: z
    .string()
    .min(1)
    .optional()
    .describe(
      'Pre-built workflow bundle. If unset, the worker uses `dist/workflow-bundle.js` when it exists, otherwise it bundles the workflows at start. With tracing on, the worker loads its traced twin beside it (`…-traced.js`, which `npm run build` also writes) when it exists',
    ),
});
