/**
 * Whether a database error will happen again however often the same statement is
 * retried: a data, integrity, syntax or access error (SQLSTATE classes 21, 22, 23, 2F,
 * 42, 44). Connection loss, a server shutting down, resource limits, deadlocks and
 * serialization failures are transient (classes 08, 53, 57, 40, ...), and so is any error
 * without a SQLSTATE (ECONNREFUSED, "Connection terminated", a timeout).
 */
const DETERMINISTIC_CLASSES = new Set(['21', '22', '23', '2F', '42', '44']);

export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

export function isDeterministicDbError(error: unknown): boolean {
  const state = sqlState(error);
  return state !== undefined && DETERMINISTIC_CLASSES.has(state.slice(0, 2));
}
