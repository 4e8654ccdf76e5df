/**
 * Descriptive statistics for latency samples. Percentiles use linear interpolation between
 * closest ranks (Hyndman and Fan type 7, NumPy's and pandas' default), as vLLM's `bench serve`
 * and llmperf compute theirs, so figures compare one to one.
 */

/** Mean, median, P90, P95, P99, min, max and (population) standard deviation of a sample. */
export interface Distribution {
  count: number;
  mean: number;
  median: number;
  p90: number;
  p95: number;
  p99: number;
  min: number;
  max: number;
  std: number;
}

/**
 * The p-th percentile (0..100) of ascending `sorted`: with h = (n − 1)·p/100, the value at
 * floor(h) plus the fraction of h times the step to the next value. NaN for an empty sample.
 */
export function percentileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be within 0..100, got ${p}`);
  const h = ((n - 1) * p) / 100;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** The p-th percentile of an unsorted sample (sorts a copy). */
export function percentile(values: readonly number[], p: number): number {
  return percentileSorted(Float64Array.from(values).sort(), p);
}

/** The distribution of a sample; null when it is empty, so that "no data" never reads as 0. */
export function describe(values: readonly number[]): Distribution | null {
  const n = values.length;
  if (n === 0) return null;
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i];
  const mean = sum / n;
  let sq = 0;
  for (let i = 0; i < n; i++) sq += (sorted[i] - mean) ** 2;
  return {
    count: n,
    mean,
    median: percentileSorted(sorted, 50),
    p90: percentileSorted(sorted, 90),
    p95: percentileSorted(sorted, 95),
    p99: percentileSorted(sorted, 99),
    min: sorted[0],
    max: sorted[n - 1],
    std: Math.sqrt(sq / n),
  };
}
