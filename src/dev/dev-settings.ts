import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../config';
import { DEFAULT_DATA_DIR } from './paths';

const port = z
  .string()
  .regex(/^\d+$/, 'must be an integer between 1 and 65535')
  .transform(Number)
  .refine((n) => n >= 1 && n <= 65_535, 'must be an integer between 1 and 65535');

/** Settings only the dev launcher reads (the processes it starts read `config.ts`). */
export const devSettingsSchema = z.object({
  HOOKFLOW_DATA_DIR: z
    .string()
    .min(1)
    .default(DEFAULT_DATA_DIR)
    .describe(
      "`npm run dev` only: where PostgreSQL data (`postgres/`), `temporal.db` and `dev-secrets.json` live. As root, when the `postgres` user cannot enter this folder (a clone under `/root`), PostgreSQL's data lives in `/var/lib/hookflow/<folder>-<hash>/postgres` instead",
    ),
  EMBEDDED_PG_PORT: port.prefault('54329').describe('`npm run dev` only: embedded PostgreSQL port'),
  TEMPORAL_PORT: port.prefault('7233').describe('`npm run dev` only: Temporal dev server gRPC port'),
  TEMPORAL_UI_PORT: port.prefault('8233').describe('`npm run dev` only: Temporal dev server Web UI port'),
});

export type DevSettings = z.infer<typeof devSettingsSchema>;

export function loadDevSettings(env: NodeJS.ProcessEnv): DevSettings {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = devSettingsSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${String(issue.path[0])} ${issue.message} (got "${cleaned[String(issue.path[0])]}")`);
    throw new ConfigError(`Invalid configuration: ${lines.join('; ')}`);
  }
  return { ...parsed.data, HOOKFLOW_DATA_DIR: path.resolve(parsed.data.HOOKFLOW_DATA_DIR) };
}

interface DevSecrets {
  adminApiKey: string;
  /** Seals the endpoints' signing secrets in the dev database; losing it loses them. */
  secretEncryptionKey: string;
}

/**
 * Secrets the launcher generates on first run and keeps in the data folder (gitignored),
 * so the admin key and the encryption key stay the same across restarts. A file from an
 * older version gains the keys it lacks. Variables set in the environment win.
 */
export function loadOrCreateDevSecrets(dataDir: string): DevSecrets {
  const file = path.join(dataDir, 'dev-secrets.json');
  const stored: Partial<DevSecrets> = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<DevSecrets>) : {};
  const secrets: DevSecrets = {
    adminApiKey: stored.adminApiKey ?? `hf_admin_${randomBytes(24).toString('base64url')}`,
    secretEncryptionKey: stored.secretEncryptionKey ?? randomBytes(32).toString('base64'),
  };
  if (stored.adminApiKey !== secrets.adminApiKey || stored.secretEncryptionKey !== secrets.secretEncryptionKey) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  return secrets;
}
