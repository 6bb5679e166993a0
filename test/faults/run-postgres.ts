import { startEmbeddedPostgres } from '../../src/dev/embedded-postgres';
import { EmbeddedServerError } from '../../src/dev/embedded-server-error';

/**
 * A PostgreSQL the fault tests can stop and start: `node --import tsx
 * test/faults/run-postgres.ts <dataDir> <port> <database>`. Prints `READY <adminUrl>`
 * once it accepts connections, and stops it (fast shutdown) on SIGTERM. A separate
 * process because embedded-postgres is an ES module, which jest's VM cannot import.
 */
async function main(): Promise<void> {
  const [dataDir, port, database] = process.argv.slice(2);
  if (!dataDir || !port || !database) throw new Error('usage: run-postgres.ts <dataDir> <port> <database>');
  const postgres = await startEmbeddedPostgres({ dataDir, port: Number(port), database, persistent: true });
  let stopping = false;
  process.on('SIGTERM', () => {
    if (stopping) return;
    stopping = true;
    void postgres.stop().then(() => process.exit(0));
  });
  process.stdout.write(`READY ${postgres.adminUrl}\n`);
}

main().catch((error: unknown) => {
  const message = error instanceof EmbeddedServerError ? error.message : ((error as Error).stack ?? String(error));
  process.stderr.write(`run-postgres: ${message}\n`);
  process.exit(1);
});
