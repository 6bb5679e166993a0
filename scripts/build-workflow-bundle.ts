import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { tracedBundlePath, workflowBundleSources } from '../src/temporal/workflow-code';

/**
 * Pre-builds the workflow bundles into dist/ so production workers start without
 * webpack: `workflow-bundle.js`, and `workflow-bundle-traced.js` (with the OpenTelemetry
 * workflow interceptors) that a worker with tracing on loads instead (src/temporal/workflow-code.ts).
 */
async function main(): Promise<void> {
  const out = path.resolve(__dirname, '..', 'dist', 'workflow-bundle.js');
  mkdirSync(path.dirname(out), { recursive: true });
  // Both go first: a failed build must not leave an old twin beside a new bundle.
  for (const file of [out, tracedBundlePath(out)]) rmSync(file, { force: true });
  for (const traced of [false, true]) {
    const { code } = await bundleWorkflowCode(workflowBundleSources(traced));
    const file = traced ? tracedBundlePath(out) : out;
    writeFileSync(file, code);
    process.stdout.write(`workflow bundle: ${file} (${Math.round(code.length / 1024)} KiB)\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
