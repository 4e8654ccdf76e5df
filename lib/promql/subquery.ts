/**
 * A sliding window over a subquery's inner results. Outer steps of a range query move forward,
 * so each inner step is evaluated once and appended to per-series buffers; a window is then an
 * index range of each buffer, not a rebuild. Going backwards (or jumping ahead) starts afresh.
 */
import type { Labels } from "@/lib/model";
import { keyOf } from "./labels";
import type { RangeSeries, Sample } from "./values";

interface Buffer {
  labels: Labels;
  dropName: boolean;
  t: Float64Array;
  v: Float64Array;
  head: number;
  len: number;
}

/** The state of one subquery node across the steps of a query. */
export class SubqueryWindow {
  private readonly series = new Map<string, Buffer>();
  private first = NaN;
  private last = NaN;

  constructor(private readonly interval: number) {}

  /**
   * The series with their points at inner steps first, first+interval, ... <= ref, evaluating
   * only steps not seen before. Returns the series and the number of points they hold.
   */
  window(first: number, ref: number, evalAt: (ts: number) => Sample[]): { series: RangeSeries[]; points: number } {
    const reuse = first >= this.first && ref >= this.last && first <= this.last + this.interval;
    if (!reuse) {
      this.series.clear();
      this.last = first - this.interval;
    }
    this.first = first;
    for (let ts = this.last + this.interval; ts <= ref; ts += this.interval) {
      for (const s of evalAt(ts)) this.append(s, ts);
      this.last = ts;
    }
    const out: RangeSeries[] = [];
    let points = 0;
    for (const [k, b] of this.series) {
      while (b.head < b.len && b.t[b.head] < first) b.head++;
      if (b.head === b.len) {
        this.series.delete(k);
        continue;
      }
      out.push({ labels: b.labels, t: b.t, v: b.v, lo: b.head, hi: b.len, dropName: b.dropName });
      points += b.len - b.head;
    }
    return { series: out, points };
  }

  private append(s: Sample, ts: number): void {
    const k = keyOf(s.labels);
    let b = this.series.get(k);
    if (!b) {
      b = { labels: s.labels, dropName: s.dropName, t: new Float64Array(8), v: new Float64Array(8), head: 0, len: 0 };
      this.series.set(k, b);
    }
    if (b.len === b.t.length) {
      // Drop what slid out of the window before growing.
      const live = b.len - b.head;
      const cap = live * 2 < b.t.length ? b.t.length : b.t.length * 2;
      const t = new Float64Array(cap);
      const v = new Float64Array(cap);
      t.set(b.t.subarray(b.head, b.len));
      v.set(b.v.subarray(b.head, b.len));
      Object.assign(b, { t, v, head: 0, len: live });
    }
    b.t[b.len] = ts;
    b.v[b.len] = s.value;
    b.len++;
  }
}
