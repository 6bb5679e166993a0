/**
 * An embedded server (PostgreSQL, the Temporal dev server) could not start. The message is
 * one line that names the cause and the way out; launchers print it without a stack trace.
 */
export class EmbeddedServerError extends Error {
  override name = 'EmbeddedServerError';
  constructor(message: string) {
    super(message.replace(/\s*\n\s*/g, ' '));
  }
}

/** `spawn EACCES`, `ENOENT`… as words a person can act on. */
export function describeSpawnError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES') return 'permission denied (EACCES)';
  if (code === 'ENOENT') return 'no such file (ENOENT)';
  return (error as Error).message ?? String(error);
}
