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

/**
 * The median of several rounds of one measurement, by `rate` (the lower middle one for an
 * even count), with every round's rate rounded to `digits`.
 */
export function medianRound<T>(runs: readonly T[], rate: (run: T) => number, digits: number): T & { rounds: number[] } {
  const rates = runs.map(rate);
  const median = percentile(rates, 50);
  const run = runs.find((r) => rate(r) === median) ?? (runs[0] as T);
  return { ...run, rounds: rates.map((x) => round(x, digits) as number) };
}

/** Runs `total` jobs with at most `concurrency` in flight; job i gets its index. */
export async function runConcurrently(total: number, concurrency: number, job: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, total) }, async () => {
    while (next < total) await job(next++);
  });
  await Promise.all(lanes);
}
