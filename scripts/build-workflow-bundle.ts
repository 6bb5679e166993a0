import path from 'node:path';
import { writeWorkflowBundles } from '../src/temporal/workflow-code';

/**
 * Pre-builds the workflow bundles into dist/ so production workers start without
 * webpack: `workflow-bundle.js`, and `workflow-bundle-traced.js` (with the OpenTelemetry
 * workflow interceptors) that a worker with tracing on loads instead (src/temporal/workflow-code.ts).
 */
async function main(): Promise<void> {
  const out = path.resolve(__dirname, '..', 'dist', 'workflow-bundle.js');
  for (const { file, bytes } of await writeWorkflowBundles(out)) {
    process.stdout.write(`workflow bundle: ${file} (${Math.round(bytes / 1024)} KiB)\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
