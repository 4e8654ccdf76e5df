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

/**
 * An instant selector's samples over the steps of a query: like instantSamples, but each
 * series' position is carried from the previous call and moved forward (see RangeCursor).
 */
export class InstantCursor {
  /** Per series: the first index whose timestamp is after the latest reference time. */
  private readonly next: Int32Array;
  private ref = NaN;

  constructor(private readonly series: SeriesSamples[]) {
    this.next = new Int32Array(series.length);
  }

  /** The latest sample of each series in (ref - lookback, ref], unless it is a staleness marker. */
  at(ref: number, lookback: number): Sample[] {
    const forward = ref >= this.ref;
    this.ref = ref;
    const out: Sample[] = [];
    const series = this.series;
    const next = this.next;
    for (let k = 0; k < series.length; k++) {
      const s = series[k];
      const ts = s.timestamps;
      const hi = forward ? advance(ts, next[k], ref) : upperBound(ts, ref);
      next[k] = hi;
      const i = hi - 1;
      if (i < 0) continue;
      const t = ts[i];
      if (t <= ref - lookback) continue;
      if (s.stale && s.stale[i]) continue;
      out.push({ labels: s.labels, value: s.values[i], dropName: false, t });
    }
    return out;
  }
}

/** A series' timestamps and values with its staleness markers left out (the same arrays when it has none). */
export function withoutStale(s: SeriesSamples): { t: Float64Array; v: Float64Array } {
  const stale = s.stale;
  if (!stale || stale.indexOf(1) < 0) return { t: s.timestamps, v: s.values };
  let n = 0;
  for (let i = 0; i < stale.length; i++) if (!stale[i]) n++;
  const t = new Float64Array(n);
  const v = new Float64Array(n);
  for (let i = 0, k = 0; i < stale.length; i++) {
    if (stale[i]) continue;
    t[k] = s.timestamps[i];
    v[k] = s.values[i];
    k++;
  }
  return { t, v };
}

/**
 * The points of each series in (ref - range, ref], staleness markers left out: a fresh window
 * found by binary search. Range selectors in the evaluator use a RangeCursor instead.
 */
export function rangeWindows(series: SeriesSamples[], ref: number, range: number): MatrixValue {
  const out: RangeSeries[] = [];
  for (const s of series) {
    const { t, v } = withoutStale(s);
    const lo = upperBound(t, ref - range);
    const hi = upperBound(t, ref, lo);
    if (hi > lo) out.push({ labels: s.labels, t, v, lo, hi, dropName: false });
  }
  return { series: out, rangeStart: ref - range, rangeEnd: ref, range };
}

/** Moves index i forward past every element <= x: a few linear steps, then a binary search. */
export function advance(a: Float64Array, i: number, x: number): number {
  const n = a.length;
  for (let k = 0; k < 8; k++) {
    if (i >= n || a[i] > x) return i;
    i++;
  }
  return upperBound(a, x, i);
}

/**
 * The windows of one range selector over the steps of a query. Evaluation times mostly move
 * forward, so each series' window bounds are carried from the previous call and moved forward,
 * as Prometheus does, rather than searched for afresh; a call at an earlier time searches anew.
 * Each series' RangeSeries object is reused by later calls, so a returned range vector is valid
 * until the next call.
 */
export class RangeCursor {
  private readonly items: RangeSeries[];
  private ref = NaN;
  /** Points held by the windows of the latest call. */
  points = 0;

  constructor(
    series: SeriesSamples[],
    private readonly range: number,
  ) {
    this.items = [];
    for (const s of series) {
      const { t, v } = withoutStale(s);
      if (t.length > 0) this.items.push({ labels: s.labels, t, v, lo: 0, hi: 0, dropName: false });
    }
  }

  /** The points of each series in (ref - range, ref], staleness markers left out. */
  at(ref: number): MatrixValue {
    const lower = ref - this.range;
    const forward = ref >= this.ref;
    this.ref = ref;
    const out: RangeSeries[] = [];
    let points = 0;
    for (const it of this.items) {
      const t = it.t;
      let lo: number;
      let hi: number;
      if (forward) {
        lo = advance(t, it.lo, lower);
        hi = advance(t, it.hi > lo ? it.hi : lo, ref);
      } else {
        lo = upperBound(t, lower);
        hi = upperBound(t, ref, lo);
      }
      it.lo = lo;
      it.hi = hi;
      if (hi > lo) {
        out.push(it);
        points += hi - lo;
      }
    }
    this.points = points;
    return { series: out, rangeStart: lower, rangeEnd: ref, range: this.range };
  }
}

/** Counts the points a range vector holds, for the sample limit. */
export function countPoints(m: MatrixValue): number {
  let n = 0;
  for (const s of m.series) n += s.hi - s.lo;
  return n;
}
