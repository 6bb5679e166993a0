import { ConfigError } from '../config';

/**
 * Runs an entry point's `main`. A configuration error is one line naming the variable and
 * exit status 78 (EX_CONFIG); anything else is a bug, shown with its stack, status 1.
 * `expected` names other errors that are one line with the way out (no stack).
 */
export function runMain(
  name: string,
  main: () => Promise<void>,
  options: { expected?: (error: unknown) => boolean; beforeExit?: (code: number) => Promise<void> } = {},
): void {
  main().catch(async (error: unknown) => {
    const oneLine = error instanceof ConfigError || options.expected?.(error) === true;
    const message = oneLine ? (error as Error).message : ((error as Error)?.stack ?? String(error));
    process.stderr.write(`hookflow ${name}: ${message}\n`);
    const code = error instanceof ConfigError ? 78 : 1;
    await options.beforeExit?.(code);
    process.exit(code);
  });
}
