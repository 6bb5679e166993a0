import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type BundleOptions, bundleWorkflowCode } from '@temporalio/worker';

/**
 * What every workflow bundle is built from (the worker's own, the pre-built ones, the
 * tests'): our workflows, the interceptor that puts a delivery's ids on the SDK's log
 * lines and, only in a bundle for tracing, the OpenTelemetry workflow interceptors, which
 * carry a delivery's trace from its start through the workflow to each attempt. Those
 * record spans in workflow code whether anyone exports them or not: with tracing off they
 * cost about 4 ms of worker CPU per delivery (a third of it), so an untraced worker runs a
 * bundle without them. Neither adds a command: a workflow replays the same on either bundle.
 */
export const WORKFLOWS_PATH = require.resolve('../workflows');

const LOG_ATTRIBUTES = require.resolve('../workflows/log-attributes');
const TRACING = require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors');

/** The workflow interceptor modules of a bundle for a worker with tracing on or off. */
export function workflowInterceptorModules(traced: boolean): string[] {
  return traced ? [TRACING, LOG_ATTRIBUTES] : [LOG_ATTRIBUTES];
}

/**
 * Builds both pre-built bundles (`npm run build`, the tests' global setup): the untraced
 * one at `out` and its traced twin beside it (tracedBundlePath). Both old files go first,
 * so a failed build never leaves an old twin beside a new bundle. Returns what it wrote.
 */
export async function writeWorkflowBundles(out: string, logger?: BundleOptions['logger']): Promise<{ file: string; bytes: number }[]> {
  mkdirSync(path.dirname(out), { recursive: true });
  for (const file of [out, tracedBundlePath(out)]) rmSync(file, { force: true });
  const written: { file: string; bytes: number }[] = [];
  for (const traced of [false, true]) {
    const { code } = await bundleWorkflowCode({
      workflowsPath: WORKFLOWS_PATH,
      workflowInterceptorModules: workflowInterceptorModules(traced),
      ...(logger ? { logger } : {}),
    });
    const file = traced ? tracedBundlePath(out) : out;
    writeFileSync(file, code);
    written.push({ file, bytes: code.length });
  }
  return written;
}

/** The traced twin of a pre-built bundle: `workflow-bundle.js` → `workflow-bundle-traced.js`. */
export function tracedBundlePath(bundlePath: string): string {
  return bundlePath.replace(/(\.js)?$/, '-traced.js');
}

/** Whether a bundle file is a traced twin (by its name, as tracedBundlePath makes it). */
export function isTracedBundle(bundlePath: string): boolean {
  return bundlePath.endsWith('-traced.js');
}

/**
 * The pre-built bundle a worker loads: with tracing on, the traced twin of the given (or
 * default) bundle when it exists beside it; undefined when there is none (the worker
 * bundles the workflows itself at start).
 */
export function chooseBundle(given: string | undefined, defaultPath: string, traced: boolean): string | undefined {
  const base = given ?? (existsSync(defaultPath) ? defaultPath : undefined);
  if (!base || !traced) return base;
  const twin = tracedBundlePath(base);
  return existsSync(twin) ? twin : base;
}
