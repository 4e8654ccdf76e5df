/** Pure 5-minute bucketing of one series' samples into count, sum, min, max and last. */

/** Buckets with at least one sample; column arrays are index-aligned with `timestamps`. */
export interface Buckets {
  timestamps: number[];
  count: number[];
  sum: number[];
  min: number[];
  max: number[];
  last: number[];
}

/**
 * Buckets samples (ascending time) in [from, to) by `step`. Staleness markers and NaN values are
 * left out: a rollup describes the values that were there, and NaN would poison sum/min/max.
 */
export function bucketize(
  timestamps: ArrayLike<number>,
  values: ArrayLike<number>,
  stale: ArrayLike<number> | null,
  from: number,
  to: number,
  step: number,
): Buckets {
  const out: Buckets = { timestamps: [], count: [], sum: [], min: [], max: [], last: [] };
  let k = -1;
  for (let i = 0; i < timestamps.length; i++) {
    const t = timestamps[i];
    const v = values[i];
    if (t < from || t >= to || (stale && stale[i] === 1) || v !== v) continue;
    const b = from + Math.floor((t - from) / step) * step;
    if (k < 0 || out.timestamps[k] !== b) {
      k = out.timestamps.push(b) - 1;
      out.count.push(1);
      out.sum.push(v);
      out.min.push(v);
      out.max.push(v);
      out.last.push(v);
      continue;
    }
    out.count[k]++;
    out.sum[k] += v;
    if (v < out.min[k]) out.min[k] = v;
    if (v > out.max[k]) out.max[k] = v;
    out.last[k] = v;
  }
  return out;
}
