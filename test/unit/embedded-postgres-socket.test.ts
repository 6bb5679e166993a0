import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres, unixSocketDir } from '../../src/dev/embedded-postgres';
import { freePort } from '../helpers/ports';

describe('the embedded PostgreSQL Unix socket', () => {
  it('lives in the data folder when asked for', () => {
    expect(unixSocketDir({ dataDir: '/tmp/hf/postgres', port: 55432, unixSocket: true }, 'linux')).toBe('/tmp/hf/postgres');
    expect(unixSocketDir({ dataDir: 'rel/postgres', port: 55432, unixSocket: true }, 'linux')).toBe(path.resolve('rel/postgres'));
  });

  it('is not used unless asked for (tests keep TCP), nor on Windows', () => {
    expect(unixSocketDir({ dataDir: '/tmp/hf/postgres', port: 55432 }, 'linux')).toBeUndefined();
    expect(unixSocketDir({ dataDir: '/tmp/hf/postgres', port: 55432, unixSocket: true }, 'win32')).toBeUndefined();
  });

  it('falls back to TCP when the socket path would be too long for the system (in bytes) or holds a comma', () => {
    expect(unixSocketDir({ dataDir: `/tmp/${'d'.repeat(90)}/postgres`, port: 55432, unixSocket: true }, 'linux')).toBeUndefined();
    // 40 characters, 80 bytes: too long as bytes, though not as characters.
    expect(unixSocketDir({ dataDir: `/tmp/${'é'.repeat(40)}/pg`, port: 55432, unixSocket: true }, 'linux')).toBeUndefined();
    expect(unixSocketDir({ dataDir: '/tmp/a,b/postgres', port: 55432, unixSocket: true }, 'linux')).toBeUndefined();
  });

  it('a folder where PostgreSQL cannot make its socket starts it on TCP alone, and says so', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'hf-sock-'));
    chmodSync(work, 0o755);
    const dataDir = path.join(work, 'pg');
    const port = await freePort();
    const lines: string[] = [];
    try {
      const first = await startEmbeddedPostgres({ dataDir, port, database: 'app', persistent: true, unixSocket: true });
      expect(first.url).toContain(`?host=${encodeURIComponent(dataDir)}`);
      await first.stop();
      // A folder where the socket would go: PostgreSQL cannot bind it, as on a file system without sockets.
      mkdirSync(path.join(dataDir, `.s.PGSQL.${port}`));
      const second = await startEmbeddedPostgres({
        dataDir,
        port,
        database: 'app',
        persistent: false,
        unixSocket: true,
        onLog: (line) => lines.push(line),
      });
      try {
        expect(second.url).not.toContain('?host=');
        expect(lines.join('\n')).toContain('using TCP only');
        const client = new Client({ connectionString: second.url });
        await client.connect();
        expect((await client.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
        await client.end();
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }, 60_000);
});
