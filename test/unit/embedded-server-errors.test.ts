import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../../src/dev/embedded-postgres';
import { EmbeddedServerError } from '../../src/dev/embedded-server-error';
import { startTemporalDevServer } from '../../src/dev/temporal-dev-server';

/**
 * A server binary nobody may run fails start-up with one line that names the file and the
 * way out, never with an unhandled 'error' event. Real spawns, nothing mocked; as root the
 * PostgreSQL case also goes through the copy the `postgres` user runs.
 */
describe('an embedded server whose binary cannot be run', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'hookflow-unrunnable-'));
  chmodSync(work, 0o755);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  function unrunnable(file: string): string {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, '#!/bin/sh\nexit 0\n');
    chmodSync(file, 0o000); // not even root may execute a file without any x bit
    return file;
  }

  it('PostgreSQL: initdb that cannot be run is named in one line, with DATABASE_URL as the way out', async () => {
    const nativeDir = path.join(work, 'pg', 'native');
    unrunnable(path.join(nativeDir, 'bin', 'initdb'));
    unrunnable(path.join(nativeDir, 'bin', 'postgres'));
    const runtimeRoot = mkdtempSync(path.join(work, 'runtime-'));
    chmodSync(runtimeRoot, 0o755);

    const error = await startEmbeddedPostgres({
      dataDir: path.join(work, 'data'),
      port: 1, // never reached
      database: 'x',
      persistent: false,
      nativeDir,
      runtimeRoot,
    }).then(
      () => undefined,
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(EmbeddedServerError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    expect(message).toMatch(/^cannot run \S+\/bin\/initdb\b/);
    expect(message).toContain('permission denied (EACCES)');
    expect(message).toContain('DATABASE_URL');
    if (process.getuid?.() === 0) {
      // As root the postgres user runs the copy, which keeps the original's modes.
      expect(message).toContain(runtimeRoot);
      expect(message).toContain('as the postgres user');
    } else {
      expect(message).toContain(nativeDir);
    }
  });

  (process.getuid?.() === 0 ? it : it.skip)(
    'PostgreSQL as root: a temp folder the postgres user cannot enter is named, with TMPDIR as the way out',
    async () => {
      const nativeDir = path.join(work, 'pg-ok', 'native');
      mkdirSync(path.join(nativeDir, 'bin'), { recursive: true });
      const runtimeRoot = mkdtempSync(path.join(work, 'private-runtime-')); // mode 700, as mkdtemp makes it
      const error = await startEmbeddedPostgres({
        dataDir: path.join(work, 'data2'),
        port: 1,
        database: 'x',
        persistent: false,
        nativeDir,
        runtimeRoot,
      }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(EmbeddedServerError);
      expect((error as Error).message).toMatch(
        new RegExp(
          `^the postgres user .* cannot enter ${runtimeRoot}, .*set TMPDIR to a folder every user can traverse, or set DATABASE_URL`,
        ),
      );
    },
  );

  it('Temporal: a CLI that cannot be run is named in one line, with TEMPORAL_ADDRESS as the way out', async () => {
    const cli = unrunnable(path.join(work, 'temporal-bin', 'temporal'));
    const started = Date.now();
    const error = await startTemporalDevServer({ cli, port: 1, namespace: 'default' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(EmbeddedServerError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    expect(message).toBe(
      `cannot run the Temporal CLI ${cli}: permission denied (EACCES); set TEMPORAL_CLI to a binary you can run, ` +
        'or set TEMPORAL_ADDRESS to use a Temporal server that is already running',
    );
    // It does not wait out the start-up timeout for a process that never started.
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
