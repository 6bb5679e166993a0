import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * The Temporal variables of the environment schema (env-schema.ts spreads them in):
 * where the frontend is, and how to reach it — plain, TLS, mTLS or Temporal Cloud's API
 * key. Cross-checks between them are in `temporalConnectionConfig` (loadConfig calls it).
 */

const hostPort = z.string().regex(/^[A-Za-z0-9.\-_[\]:]+:\d{1,5}$/, 'must be host:port, such as localhost:7233');

const onOff = z
  .string()
  .trim()
  .toLowerCase()
  .transform((text, ctx) => {
    if (['true', 'on', '1', 'yes'].includes(text)) return true;
    if (['false', 'off', '0', 'no'].includes(text)) return false;
    ctx.addIssue({ code: 'custom', message: 'must be true or false (on/off)' });
    return z.NEVER;
  });

/** PEM text given inline (newlines may be written as `\n`, as .env files often need) or a file path. */
function pem(kind: 'certificate' | 'private key') {
  return z.string().transform((text, ctx) => {
    const inline = text.trimStart().startsWith('-----BEGIN');
    let content: string;
    if (inline) {
      content = text.replace(/\\n/g, '\n');
    } else {
      try {
        content = readFileSync(text.trim(), 'utf8');
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
        ctx.addIssue({ code: 'custom', message: `cannot read the file "${text.trim()}" (${code}); give a file path or the PEM text` });
        return z.NEVER;
      }
    }
    const wanted = kind === 'certificate' ? /-----BEGIN CERTIFICATE-----/ : /-----BEGIN ([A-Z]+ )?PRIVATE KEY-----/;
    if (!wanted.test(content)) {
      ctx.addIssue({
        code: 'custom',
        message: `holds no PEM ${kind} (${inline ? 'the text' : 'the file'} has no "-----BEGIN ${kind === 'certificate' ? 'CERTIFICATE' : 'PRIVATE KEY'}-----")`,
      });
      return z.NEVER;
    }
    return content;
  });
}

export const temporalEnv = {
  TEMPORAL_ADDRESS: hostPort
    .default('localhost:7233')
    .describe('Temporal frontend `host:port`. **If set, `npm run dev` starts no Temporal dev server** and uses this one'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default').describe('Temporal namespace'),
  TEMPORAL_TASK_QUEUE: z
    .string()
    .min(1)
    .default('hookflow')
    .describe("Task queue of workflows and activities (also part of the reconcile and purge Schedules' ids on a non-default queue)"),
  TEMPORAL_UI_URL: z
    .url()
    .default('http://localhost:8233')
    .describe('Base of the `workflow.url` links to the Temporal Web UI in delivery responses'),
  TEMPORAL_TLS: onOff
    .optional()
    .describe(
      '`true` (or `on`): connect to Temporal over TLS. Default: on when any `TEMPORAL_TLS_*` or `TEMPORAL_API_KEY` is set, off otherwise; `false` with one of those set is refused',
    ),
  TEMPORAL_TLS_CERT: pem('certificate')
    .optional()
    .describe(
      'Client certificate for mTLS: a file path, or the PEM text itself (`\\n` for newlines is accepted). Needs `TEMPORAL_TLS_KEY`',
    ),
  TEMPORAL_TLS_KEY: pem('private key')
    .optional()
    .describe('Private key of `TEMPORAL_TLS_CERT`: a file path, or the PEM text itself. Never logged'),
  TEMPORAL_TLS_CA: pem('certificate')
    .optional()
    .describe(
      "CA certificate(s) the Temporal server's certificate must chain to (file path or PEM text). Default: the system's trusted CAs (right for Temporal Cloud)",
    ),
  TEMPORAL_TLS_SERVER_NAME: z
    .string()
    .min(1)
    .optional()
    .describe("The name the server's certificate must carry (TLS SNI and host-name check), when it differs from `TEMPORAL_ADDRESS`'s host"),
  TEMPORAL_API_KEY: z
    .string()
    .min(1)
    .optional()
    .describe(
      'Temporal Cloud API key, sent as `Authorization: Bearer` on every call; implies TLS. Never logged. Use it or a client certificate',
    ),
};

type TemporalEnv = z.infer<z.ZodObject<typeof temporalEnv>>;

/** How to reach Temporal: the options every connection of hookflow's is built from (temporal/connection.ts). */
export interface TemporalConnectionConfig {
  readonly address: string;
  /** Undefined: a plain connection. */
  readonly tls:
    | {
        readonly caPem: string | undefined;
        readonly clientCert: { readonly certPem: string; readonly keyPem: string } | undefined;
        readonly serverName: string | undefined;
      }
    | undefined;
  readonly apiKey: string | undefined;
}

/**
 * The connection settings, checked as a whole: one problem per returned line, each
 * starting with the variable to change.
 */
export function temporalConnectionConfig(env: TemporalEnv): { config: TemporalConnectionConfig; problems: string[] } {
  const problems: string[] = [];
  const tlsSettings = (['TEMPORAL_TLS_CERT', 'TEMPORAL_TLS_KEY', 'TEMPORAL_TLS_CA', 'TEMPORAL_TLS_SERVER_NAME'] as const).filter(
    (name) => env[name] !== undefined,
  );
  if (env.TEMPORAL_TLS === false) {
    for (const name of tlsSettings) problems.push(`TEMPORAL_TLS is false, but ${name} is set: set TEMPORAL_TLS=true or unset ${name}`);
    if (env.TEMPORAL_API_KEY !== undefined) {
      problems.push('TEMPORAL_API_KEY needs TLS (Temporal Cloud accepts API keys over TLS only): unset TEMPORAL_TLS=false');
    }
  }
  if (env.TEMPORAL_TLS_CERT !== undefined && env.TEMPORAL_TLS_KEY === undefined) {
    problems.push('TEMPORAL_TLS_KEY is required with TEMPORAL_TLS_CERT (the client certificate and its private key go together)');
  }
  if (env.TEMPORAL_TLS_KEY !== undefined && env.TEMPORAL_TLS_CERT === undefined) {
    problems.push('TEMPORAL_TLS_CERT is required with TEMPORAL_TLS_KEY (the client certificate and its private key go together)');
  }
  const tlsOn = env.TEMPORAL_TLS ?? (tlsSettings.length > 0 || env.TEMPORAL_API_KEY !== undefined);
  const clientCert =
    env.TEMPORAL_TLS_CERT !== undefined && env.TEMPORAL_TLS_KEY !== undefined
      ? { certPem: env.TEMPORAL_TLS_CERT, keyPem: env.TEMPORAL_TLS_KEY }
      : undefined;
  return {
    config: {
      address: env.TEMPORAL_ADDRESS,
      tls: tlsOn ? { caPem: env.TEMPORAL_TLS_CA, clientCert, serverName: env.TEMPORAL_TLS_SERVER_NAME } : undefined,
      apiKey: env.TEMPORAL_API_KEY,
    },
    problems,
  };
}
