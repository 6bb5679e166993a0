import { cpSync, existsSync, mkdirSync, renameSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { TOOLS_BIN_DIR } from './paths';
import { findGo, isExecutable } from './temporal-cli';

/**
 * The real Temporal server and its SQL schema tool, for the cluster tests: built from
 * go.temporal.io/server at the version the dev server (CLI v1.5.1) embeds, whose go.mod has
 * no replace directive, so plain `go install` works. Built into the gitignored `.tools`
 * on demand (`npm run setup:temporal-server`), like the CLI; a few minutes the first time.
 */
export const TEMPORAL_SERVER_VERSION = 'v1.29.1';
const MODULE = 'go.temporal.io/server';

export interface TemporalServerTools {
  /** `temporal-server` (go.temporal.io/server/cmd/server). */
  server: string;
  /** `temporal-sql-tool` (go.temporal.io/server/cmd/tools/sql), what deploy/temporal/setup-schema.sh runs. */
  sqlTool: string;
  /** The versioned PostgreSQL schema files of the same release (schema/postgresql/v12). */
  postgresSchemaDir: string;
}

export function temporalServerToolPaths(toolsBinDir = TOOLS_BIN_DIR): TemporalServerTools {
  const tools = path.dirname(toolsBinDir);
  return {
    server: path.join(toolsBinDir, 'temporal-server'),
    sqlTool: path.join(toolsBinDir, 'temporal-sql-tool'),
    postgresSchemaDir: path.join(tools, `temporal-schema-${TEMPORAL_SERVER_VERSION}`, 'postgresql', 'v12'),
  };
}

/** Finds the tools in `.tools`, building what is missing with the machine's Go and module proxy. */
export function resolveTemporalServerTools(
  options: { env?: NodeJS.ProcessEnv; toolsBinDir?: string; onLog?: (line: string) => void } = {},
): TemporalServerTools {
  const env = options.env ?? process.env;
  const log = options.onLog ?? (() => undefined);
  const paths = temporalServerToolPaths(options.toolsBinDir);
  if (isExecutable(paths.server) && isExecutable(paths.sqlTool) && existsSync(paths.postgresSchemaDir)) return paths;

  const go = findGo(env);
  if (!go) {
    throw new Error(
      `the cluster tests need temporal-server ${TEMPORAL_SERVER_VERSION}, built with Go (none found): install Go 1.23+, then run npm run setup:temporal-server`,
    );
  }
  const binDir = path.dirname(paths.server);
  const buildDir = path.join(path.dirname(binDir), `go-build-${TEMPORAL_SERVER_VERSION}`);
  mkdirSync(buildDir, { recursive: true });
  // The machine's own GOPROXY/GOSUMDB settings are kept: only GOBIN is ours.
  const goEnv = { ...env, GOBIN: buildDir };
  const run = (args: string[]) => {
    const result = spawnSync(go, args, { env: goEnv, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${go} ${args.join(' ')} failed (exit ${result.status})`);
    return result.stdout;
  };
  log(
    `Building temporal-server and temporal-sql-tool (${MODULE} ${TEMPORAL_SERVER_VERSION}) into ${binDir}; the first build takes a few minutes...`,
  );
  mkdirSync(binDir, { recursive: true });
  for (const [command, target] of [
    ['cmd/server', paths.server],
    ['cmd/tools/sql', paths.sqlTool],
  ] as const) {
    if (isExecutable(target)) continue;
    run(['install', `${MODULE}/${command}@${TEMPORAL_SERVER_VERSION}`]);
    renameSync(path.join(buildDir, path.basename(command)), target);
  }
  // The schema files ship in the module, not the binaries: copied beside them, so a cleaned
  // module cache does not take them away.
  const { Dir } = JSON.parse(run(['mod', 'download', '-json', `${MODULE}@${TEMPORAL_SERVER_VERSION}`])) as { Dir: string };
  cpSync(path.join(Dir, 'schema', 'postgresql', 'v12'), paths.postgresSchemaDir, { recursive: true });
  log(`built: ${paths.server}, ${paths.sqlTool}`);
  return paths;
}
