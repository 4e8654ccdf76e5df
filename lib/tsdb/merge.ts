/**
 * Merging sample runs (decoded chunks, head rows) into one time-ordered series. Later runs win on
 * equal timestamps, so callers pass chunks first and the head last.
 */

/** A run of samples in ascending time order; `stale` marks staleness markers. */
export interface SampleRun {
  timestamps: ArrayLike<number>;
  values: ArrayLike<number>;
  stale: ArrayLike<number> | null;
}

/** The merged samples within [minT, maxT]; `stale` is null when there is no marker. */
export interface MergedSamples {
  timestamps: Float64Array;
  values: Float64Array;
  stale: Uint8Array | null;
}

/** First index of sorted `ts` whose value is >= `t`. */
export function lowerBound(ts: ArrayLike<number>, t: number): number {
  let lo = 0;
  let hi = ts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ts[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The part of a run within [minT, maxT], as views when the run holds typed arrays; null if empty. */
export function clipRun(run: SampleRun, minT: number, maxT: number): SampleRun | null {
  const from = lowerBound(run.timestamps, minT);
  const to = lowerBound(run.timestamps, maxT + 1);
  if (to <= from) return null;
  if (from === 0 && to === run.timestamps.length) return run;
  const cut = (xs: ArrayLike<number>) =>
    ArrayBuffer.isView(xs) ? (xs as unknown as Float64Array).subarray(from, to) : Array.prototype.slice.call(xs, from, to);
  return { timestamps: cut(run.timestamps), values: cut(run.values), stale: run.stale ? cut(run.stale) : null };
}

/** Merges runs, de-duplicating timestamps (the later run wins) and keeping only [minT, maxT]. */
export function mergeRuns(runs: readonly SampleRun[], minT: number, maxT: number): MergedSamples {
  const slices: { run: SampleRun; from: number; to: number }[] = [];
  let total = 0;
  let ordered = true;
  let lastT = -Infinity;
  for (const run of runs) {
    const from = lowerBound(run.timestamps, minT);
    const to = lowerBound(run.timestamps, maxT + 1);
    if (to <= from) continue;
    if (run.timestamps[from] <= lastT) ordered = false;
    lastT = run.timestamps[to - 1];
    slices.push({ run, from, to });
    total += to - from;
  }
  const timestamps = new Float64Array(total);
  const values = new Float64Array(total);
  const stale = new Uint8Array(total);
  let k = 0;
  let anyStale = false;
  for (const { run, from, to } of slices) {
    for (let i = from; i < to; i++, k++) {
      timestamps[k] = run.timestamps[i];
      values[k] = run.values[i];
      if (run.stale && run.stale[i] === 1) {
        stale[k] = 1;
        anyStale = true;
      }
    }
  }
  if (ordered) return { timestamps, values, stale: anyStale ? stale : null };
  return sortDedupe(timestamps, values, stale, anyStale);
}

// Overlapping runs are rare (late samples); a stable sort keeps run order among equal timestamps.
function sortDedupe(ts: Float64Array, vs: Float64Array, st: Uint8Array, anyStale: boolean): MergedSamples {
  const idx = Array.from({ length: ts.length }, (_, i) => i);
  idx.sort((a, b) => ts[a] - ts[b] || a - b);
  const keep: number[] = [];
  for (let j = 0; j < idx.length; j++) {
    if (j + 1 < idx.length && ts[idx[j + 1]] === ts[idx[j]]) continue; // a later run has this timestamp
    keep.push(idx[j]);
  }
  const timestamps = new Float64Array(keep.length);
  const values = new Float64Array(keep.length);
  const stale = new Uint8Array(keep.length);
  let hasStale = false;
  keep.forEach((i, k) => {
    timestamps[k] = ts[i];
    values[k] = vs[i];
    stale[k] = st[i];
    if (st[i]) hasStale = true;
  });
  return { timestamps, values, stale: anyStale && hasStale ? stale : null };
}
