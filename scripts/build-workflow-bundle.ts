import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { workflowBundleSources } from '../src/temporal/workflow-code';

/**
 * Pre-builds the workflow bundle into dist/ so production workers start without
 * webpack (the worker loads it from WORKFLOW_BUNDLE_PATH or dist/workflow-bundle.js).
 */
async function main(): Promise<void> {
  const { code } = await bundleWorkflowCode(workflowBundleSources());
  const out = path.resolve(__dirname, '..', 'dist', 'workflow-bundle.js');
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, code);
  process.stdout.write(`workflow bundle: ${out} (${Math.round(code.length / 1024)} KiB)\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
