import { resolveTemporalCli } from '../src/dev/temporal-cli';

/** `npm run setup:temporal`: finds or builds the Temporal CLI and prints its path. */
try {
  const cli = resolveTemporalCli({ build: true, onLog: (line) => process.stderr.write(`${line}\n`) });
  process.stdout.write(`${cli}\n`);
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}
