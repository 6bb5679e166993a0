import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chooseBundle, isTracedBundle, tracedBundlePath, workflowInterceptorModules } from '../../src/temporal/workflow-code';

describe('workflow bundles for tracing on and off', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'hookflow-bundles-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('an untraced bundle has no OpenTelemetry workflow interceptors; both put the ids on log lines', () => {
    const untraced = workflowInterceptorModules(false);
    const traced = workflowInterceptorModules(true);
    expect(untraced.some((m) => m.includes('interceptors-opentelemetry'))).toBe(false);
    expect(traced.some((m) => m.includes('interceptors-opentelemetry'))).toBe(true);
    for (const modules of [untraced, traced]) expect(modules.some((m) => m.includes('log-attributes'))).toBe(true);
  });

  it('a worker with tracing on loads the traced twin beside the given or default bundle, when it exists', () => {
    const given = path.join(dir, 'given.js');
    const fallback = path.join(dir, 'workflow-bundle.js');
    expect(tracedBundlePath(fallback)).toBe(path.join(dir, 'workflow-bundle-traced.js'));
    // What the worker warns about: tracing on, and a bundle that is not a traced twin.
    expect(isTracedBundle(tracedBundlePath(fallback))).toBe(true);
    expect(isTracedBundle(fallback)).toBe(false);

    // Nothing built: the worker bundles its workflows itself.
    expect(chooseBundle(undefined, fallback, false)).toBeUndefined();
    expect(chooseBundle(undefined, fallback, true)).toBeUndefined();

    writeFileSync(fallback, '');
    writeFileSync(given, '');
    expect(chooseBundle(undefined, fallback, false)).toBe(fallback);
    expect(chooseBundle(given, fallback, false)).toBe(given);
    // No twin: the given bundle (its workflows run; their spans are missing).
    expect(chooseBundle(given, fallback, true)).toBe(given);

    writeFileSync(tracedBundlePath(given), '');
    writeFileSync(tracedBundlePath(fallback), '');
    expect(chooseBundle(given, fallback, true)).toBe(path.join(dir, 'given-traced.js'));
    expect(chooseBundle(undefined, fallback, true)).toBe(path.join(dir, 'workflow-bundle-traced.js'));
    expect(chooseBundle(given, fallback, false)).toBe(given);
  });
});
