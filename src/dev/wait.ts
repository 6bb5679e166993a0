import { setTimeout as sleep } from 'node:timers/promises';

/** Calls `probe` until it resolves, or throws the last error after `timeoutMs` (or `stopEarly`'s error at once). */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T>,
  options: { timeoutMs: number; intervalMs?: number; stopEarly?: () => Error | undefined },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      return await probe();
    } catch (error) {
      lastError = error;
      // A failure that waiting cannot cure (a binary that cannot be run) ends the wait.
      const fatal = options.stopEarly?.();
      if (fatal) throw fatal;
      await sleep(options.intervalMs ?? 200);
    }
  }
  const reason = lastError instanceof Error ? lastError.message : String(lastError);
  throw new Error(`Timed out after ${options.timeoutMs} ms waiting for ${what}: ${reason}`);
}
