import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { OPENAPI_FILE, openApiFileText } from './write-openapi';

/**
 * `npm run openapi:lint`: writes openapi/openapi.json from the code, then lints it with
 * @redocly/cli's recommended rules (redocly.yaml). `redocly lint` fails on errors only;
 * this fails on warnings too, so the document stays at 0 errors and 0 warnings.
 */
interface Problem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  location?: { pointer?: string }[];
}

writeFileSync(OPENAPI_FILE, openApiFileText());
const redocly = resolve(__dirname, '..', 'node_modules', '@redocly', 'cli', 'bin', 'cli.js');
const run = spawnSync(process.execPath, [redocly, 'lint', OPENAPI_FILE, '--format=json', '--max-problems=1000'], {
  cwd: resolve(__dirname, '..'),
  encoding: 'utf8',
  env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
});
let report: { totals: { errors: number; warnings: number; ignored: number }; problems: Problem[] };
try {
  report = JSON.parse(run.stdout.slice(run.stdout.indexOf('{')));
} catch {
  console.error(run.stdout, run.stderr);
  throw new Error(`redocly lint printed no JSON report (exit ${run.status})`);
}
for (const problem of report.problems) {
  console.log(`${problem.severity.padEnd(5)} ${problem.ruleId}: ${problem.message} (${problem.location?.[0]?.pointer ?? ''})`);
}
const { errors, warnings } = report.totals;
console.log(`openapi/openapi.json: ${errors} error(s), ${warnings} warning(s) (@redocly/cli, recommended rules)`);
if (errors + warnings > 0) process.exitCode = 1;
