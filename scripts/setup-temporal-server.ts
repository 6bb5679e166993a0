import { resolveTemporalServerTools } from '../src/dev/temporal-server-tools';

/** `npm run setup:temporal-server`: finds or builds temporal-server and temporal-sql-tool (cluster tests). */
try {
  const tools = resolveTemporalServerTools({ onLog: (line) => process.stderr.write(`${line}\n`) });
  process.stdout.write(`${tools.server}\n${tools.sqlTool}\n${tools.postgresSchemaDir}\n`);
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}
