import path from 'node:path';
import { unixSocketDir } from '../../src/dev/embedded-postgres';

describe('the embedded PostgreSQL Unix socket', () => {
  it('lives in the data folder when asked for', () => {
    expect(unixSocketDir({ dataDir: '/tmp/hf/postgres', port: 55432, unixSocket: true })).toBe('/tmp/hf/postgres');
    expect(unixSocketDir({ dataDir: 'rel/postgres', port: 55432, unixSocket: true })).toBe(path.resolve('rel/postgres'));
  });

  it('is not used unless asked for (tests keep TCP)', () => {
    expect(unixSocketDir({ dataDir: '/tmp/hf/postgres', port: 55432 })).toBeUndefined();
  });

  it('falls back to TCP when the socket path would be too long for the system', () => {
    const deep = `/tmp/${'d'.repeat(90)}/postgres`;
    expect(unixSocketDir({ dataDir: deep, port: 55432, unixSocket: true })).toBeUndefined();
  });
});
