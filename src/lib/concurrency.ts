/**
 * Runs `run` over `items`, at most `concurrency` at a time, in order of start; resolves
 * when all have finished (the first failure rejects, as Promise.all does).
 */
export async function forEachConcurrently<T>(items: readonly T[], concurrency: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) await run(items[next++] as T);
  });
  await Promise.all(lanes);
}
