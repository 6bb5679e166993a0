/** Nearest-rank percentile of unsorted numbers; undefined for none. */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

export function summary(values: readonly number[]) {
  return {
    count: values.length,
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    p99: percentile(values, 99),
    max: values.length ? Math.max(...values) : undefined,
  };
}

export const round = (value: number | undefined, digits = 1): number | undefined =>
  value === undefined || !Number.isFinite(value) ? undefined : Number(value.toFixed(digits));

/** Runs `total` jobs with at most `concurrency` in flight; job i gets its index. */
export async function runConcurrently(total: number, concurrency: number, job: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, total) }, async () => {
    while (next < total) await job(next++);
  });
  await Promise.all(lanes);
}
