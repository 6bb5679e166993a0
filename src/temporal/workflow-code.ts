/**
 * What every workflow bundle is built from (the worker's own, the pre-built one, the
 * tests'): our workflows, and the OpenTelemetry workflow interceptors, which carry a
 * delivery's trace from its start through the workflow to each activity. They are in
 * every bundle: with tracing off they trace nothing anyone sees (the worker's sink drops
 * their spans), so one bundle serves both.
 */
export const WORKFLOWS_PATH = require.resolve('../workflows');

export const WORKFLOW_INTERCEPTOR_MODULES: readonly string[] = [
  require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors'),
  // The delivery's ids on the SDK's own log lines of a delivery workflow ("Workflow failed").
  require.resolve('../workflows/log-attributes'),
];

/** The options of `bundleWorkflowCode` that say what goes into the bundle. */
export function workflowBundleSources(): { workflowsPath: string; workflowInterceptorModules: string[] } {
  return { workflowsPath: WORKFLOWS_PATH, workflowInterceptorModules: [...WORKFLOW_INTERCEPTOR_MODULES] };
}
