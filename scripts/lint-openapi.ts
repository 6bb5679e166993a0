import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { OPENAPI_FILE, openApiFileText } from './write-openapi';

/**
 * `npm run openapi:lint`: writes the document the code builds to a file and lints it with
 * @redocly/cli's recommended rules (redocly.yaml). `redocly lint` fails on errors only;
 * this fails on warnings too, so the document stays at 0 errors and 0 warnings. It also
 * fails when the committed openapi/openapi.json is not that document (`npm run openapi:write`).
 */
interface Problem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  location?: { pointer?: string }[];
}

const root = resolve(__dirname, '..');
const text = openApiFileText();
const dir = mkdtempSync(join(tmpdir(), 'hookflow-openapi-'));
const file = join(dir, 'openapi.json');
writeFileSync(file, text);
const redocly = resolve(root, 'node_modules', '@redocly', 'cli', 'bin', 'cli.js');
const run = spawnSync(process.execPath, [redocly, 'lint', file, '--format=json', '--max-problems=1000'], {
  cwd: root,
  encoding: 'utf8',
  env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
});
rmSync(dir, { recursive: true, force: true });
let report: { totals: { errors: number; warnings: number }; problems: Problem[] };
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
console.log(`OpenAPI document: ${errors} error(s), ${warnings} warning(s) (@redocly/cli, recommended rules)`);
if (errors + warnings > 0) process.exitCode = 1;

let committed = '';
try {
  committed = readFileSync(OPENAPI_FILE, 'utf8');
} catch {
  // missing: reported below
}
if (committed !== text) {
  console.log('openapi/openapi.json is not what the code builds: run `npm run openapi:write` and commit it');
  process.exitCode = 1;
}
