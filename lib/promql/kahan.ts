/** Numeric helpers shared by aggregations and functions, matching Prometheus bit for bit. */

/** One step of Kahan-Neumaier summation; returns the new sum and compensation. */
export function kahanSumInc(inc: number, sum: number, c: number): [number, number] {
  const t = sum + inc;
  if (t === Infinity || t === -Infinity) c = 0;
  else if (Math.abs(sum) >= Math.abs(inc)) c += sum - t + inc;
  else c += inc - t + sum;
  return [t, c];
}

/** NaN sorts first, then ascending (Prometheus's vectorByValueHeap order). */
export function nanFirstAscending(a: number, b: number): number {
  if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : -1;
  if (Number.isNaN(b)) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The q-quantile of values with linear interpolation between closest ranks; NaN sorts lowest.
 * q < 0 gives -Inf, q > 1 gives +Inf, as in Prometheus. Sorts `values` in place.
 */
export function quantile(q: number, values: number[]): number {
  if (values.length === 0 || Number.isNaN(q)) return NaN;
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  values.sort(nanFirstAscending);
  const n = values.length;
  const rank = q * (n - 1);
  const lower = Math.max(0, Math.floor(rank));
  const upper = Math.min(n - 1, lower + 1);
  const weight = rank - Math.floor(rank);
  return values[lower] * (1 - weight) + values[upper] * weight;
}

/**
 * The mean of values[lo..hi) (all of them by default): a compensated sum while it stays finite,
 * an incremental mean after.
 */
export function kahanMean(values: ArrayLike<number>, lo = 0, hi = values.length): number {
  let sum = values[lo];
  let c = 0;
  let mean = 0;
  let incremental = false;
  for (let i = lo + 1; i < hi; i++) {
    const count = i - lo + 1;
    const f = values[i];
    if (!incremental) {
      const [ns, nc] = kahanSumInc(f, sum, c);
      if (ns !== Infinity && ns !== -Infinity) {
        sum = ns;
        c = nc;
        continue;
      }
      incremental = true;
      mean = sum / (count - 1);
      c /= count - 1;
    }
    const q = (count - 1) / count;
    [mean, c] = kahanSumInc(f / count, q * mean, q * c);
  }
  if (incremental) return mean + c;
  const n = hi - lo;
  return sum / n + c / n;
}
