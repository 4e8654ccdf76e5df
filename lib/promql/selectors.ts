/** Reading fetched series at one evaluation time: instant lookups and range windows. */
import type { SeriesSamples } from "@/lib/model";
import { upperBound } from "./search";
import type { MatrixValue, RangeSeries, Sample } from "./values";

/**
 * The latest sample of each series in (ref - lookback, ref]; a series whose latest sample there
 * is a staleness marker has ended and yields nothing.
 */
export function instantSamples(series: SeriesSamples[], ref: number, lookback: number): Sample[] {
  const out: Sample[] = [];
  for (const s of series) {
    const i = upperBound(s.timestamps, ref) - 1;
    if (i < 0) continue;
    const t = s.timestamps[i];
    if (t <= ref - lookback) continue;
    if (s.stale && s.stale[i]) continue;
    out.push({ labels: s.labels, value: s.values[i], dropName: false, t });
  }
  return out;
}

/** The points of each series in (ref - range, ref], staleness markers left out. */
export function rangeWindows(series: SeriesSamples[], ref: number, range: number): MatrixValue {
  const out: RangeSeries[] = [];
  for (const s of series) {
    const lo = upperBound(s.timestamps, ref - range);
    const hi = upperBound(s.timestamps, ref, lo);
    if (hi <= lo) continue;
    let t: ArrayLike<number> = s.timestamps.subarray(lo, hi);
    let v: ArrayLike<number> = s.values.subarray(lo, hi);
    const stale = s.stale?.subarray(lo, hi);
    if (stale && stale.some((x) => x === 1)) {
      const keepT: number[] = [];
      const keepV: number[] = [];
      for (let i = 0; i < stale.length; i++) {
        if (stale[i]) continue;
        keepT.push(t[i]);
        keepV.push(v[i]);
      }
      if (keepT.length === 0) continue;
      t = keepT;
      v = keepV;
    }
    out.push({ labels: s.labels, t, v, dropName: false });
  }
  return { series: out, rangeStart: ref - range, rangeEnd: ref, range };
}

/** Counts the points a range vector holds, for the sample limit. */
export function countPoints(m: MatrixValue): number {
  let n = 0;
  for (const s of m.series) n += s.t.length;
  return n;
}
