import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { resolveTemporalCli, TemporalCliNotFoundError } from '../../src/dev/temporal-cli';

function fakeBinary(dir: string, name: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, '#!/bin/sh\nexit 0\n');
  chmodSync(file, 0o755);
  return file;
}

describe('finding the Temporal CLI', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'hookflow-cli-'));
  const onPath = path.join(root, 'bin');
  const tools = path.join(root, 'tools');
  const custom = path.join(root, 'custom');
  for (const dir of [onPath, tools, custom]) mkdirSync(dir);
  const pathTemporal = fakeBinary(onPath, 'temporal');
  const toolsTemporal = fakeBinary(tools, 'temporal');
  const customTemporal = fakeBinary(custom, 'my-temporal');
  const empty = path.join(root, 'empty');
  mkdirSync(empty);

  it('prefers TEMPORAL_CLI, then PATH, then the project-local build', () => {
    expect(resolveTemporalCli({ env: { TEMPORAL_CLI: customTemporal, PATH: onPath }, toolsBinDir: tools, build: false })).toBe(
      customTemporal,
    );
    expect(resolveTemporalCli({ env: { PATH: onPath }, toolsBinDir: tools, build: false })).toBe(pathTemporal);
    expect(resolveTemporalCli({ env: { PATH: empty }, toolsBinDir: tools, build: false })).toBe(toolsTemporal);
  });

  it('refuses a TEMPORAL_CLI that is not executable, naming it', () => {
    expect(() => resolveTemporalCli({ env: { TEMPORAL_CLI: path.join(root, 'nope') }, toolsBinDir: tools })).toThrow(/TEMPORAL_CLI/);
  });

  it('without any, and without Go, stops with the three ways to get one', () => {
    let error: unknown;
    try {
      resolveTemporalCli({ env: { PATH: empty, GO: '' }, toolsBinDir: empty, build: true, goFallback: false });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(TemporalCliNotFoundError);
    const message = (error as Error).message;
    expect(message).toMatch(/TEMPORAL_CLI/);
    expect(message).toMatch(/PATH/);
    expect(message).toMatch(/go install github\.com\/temporalio\/cli\/cmd\/temporal@v1\.5\.1/);
    expect(message).toMatch(/TEMPORAL_ADDRESS/);
  });
});
