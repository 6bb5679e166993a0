import path from 'node:path';

/** The repository root (src/dev/ → ../..), whether running from src/ or dist/. */
export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');

/** Gitignored folder where `npm run dev` keeps Postgres data, the Temporal database and dev secrets. */
export const DEFAULT_DATA_DIR = path.join(PROJECT_ROOT, '.data');

/** Gitignored folder where the project-local Temporal CLI is built. */
export const TOOLS_BIN_DIR = path.join(PROJECT_ROOT, '.tools', 'bin');
