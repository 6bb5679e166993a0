import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { EmbeddedServerError } from './embedded-server-error';
import { TOOLS_BIN_DIR } from './paths';

/** The newest tag that `go install` can build (later tags carry a replace directive). */
export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal@v1.5.1';

export const HOW_TO_GET_TEMPORAL = [
  'No Temporal CLI found. Get one in any of these three ways:',
  '  1. set TEMPORAL_CLI to the path of a `temporal` binary;',
  '  2. put `temporal` on your PATH (https://docs.temporal.io/cli#install);',
  `  3. install Go 1.23+ and run \`npm run setup:temporal\` (go install ${TEMPORAL_CLI_MODULE} into .tools/bin).`,
  'Or set TEMPORAL_ADDRESS to use a Temporal server that is already running.',
].join('\n');

export class TemporalCliNotFoundError extends Error {
  override name = 'TemporalCliNotFoundError';
  constructor() {
    super(HOW_TO_GET_TEMPORAL);
  }
}

export function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function findOnPath(name: string, pathVariable: string | undefined): string | undefined {
  for (const dir of (pathVariable ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/** Go: `GO`, then `go` on PATH, then (with `fallback`) its default install place. */
export function findGo(env: NodeJS.ProcessEnv, fallback = true): string | undefined {
  const defaultGo = fallback && existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : undefined;
  return env.GO || findOnPath('go', env.PATH) || defaultGo;
}

export interface ResolveOptions {
  env?: NodeJS.ProcessEnv;
  /** Build the project-local CLI with Go when nothing else is found. */
  build?: boolean;
  toolsBinDir?: string;
  /** Also look for Go at /usr/local/go/bin (its default install place); off in tests. */
  goFallback?: boolean;
  onLog?: (line: string) => void;
}

/**
 * Finds the Temporal CLI: `TEMPORAL_CLI`, then `temporal` on PATH, then the project-local
 * build in `.tools/bin`, building it with `go install` when allowed and Go is present.
 */
export function resolveTemporalCli(options: ResolveOptions = {}): string {
  const env = options.env ?? process.env;
  const toolsBinDir = options.toolsBinDir ?? TOOLS_BIN_DIR;
  const log = options.onLog ?? (() => undefined);

  if (env.TEMPORAL_CLI) {
    if (!isExecutable(env.TEMPORAL_CLI)) {
      throw new EmbeddedServerError(
        `TEMPORAL_CLI is set to "${env.TEMPORAL_CLI}", which is not an executable file; point it at a \`temporal\` binary you can run, or unset it`,
      );
    }
    return env.TEMPORAL_CLI;
  }
  const onPath = findOnPath('temporal', env.PATH);
  if (onPath) return onPath;

  const local = path.join(toolsBinDir, 'temporal');
  if (isExecutable(local)) return local;

  if (options.build === false) throw new TemporalCliNotFoundError();
  const go = findGo(env, options.goFallback !== false);
  if (!go) throw new TemporalCliNotFoundError();

  mkdirSync(toolsBinDir, { recursive: true });
  log(`Building the Temporal CLI (${TEMPORAL_CLI_MODULE}) into ${toolsBinDir}; the first build takes a few minutes...`);
  // The machine's own GOPROXY/GOSUMDB settings are kept: only GOBIN is ours.
  const result = spawnSync(go, ['install', TEMPORAL_CLI_MODULE], {
    env: { ...env, GOBIN: toolsBinDir },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0 || !isExecutable(local)) {
    throw new Error(`go install ${TEMPORAL_CLI_MODULE} failed (exit ${result.status}).\n${HOW_TO_GET_TEMPORAL}`);
  }
  log(`Temporal CLI built: ${local}`);
  return local;
}
