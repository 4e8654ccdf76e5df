/** An in-memory Queryable for tests, the promqltest runner and small demos. */
import type { Labels, Matcher, SeriesSamples } from "@/lib/model";
import { compareLabels, keyOf } from "./labels";
import { lowerBound, upperBound } from "./search";
import { matcherPredicate, type Queryable } from "./storage";

interface StoredSeries {
  labels: Labels;
  t: number[];
  v: number[];
  stale: boolean[];
  sorted: boolean;
}

/** Series kept in arrays; appends may come in any order and a later write to a timestamp wins. */
export class MemoryStorage implements Queryable {
  private readonly series = new Map<string, StoredSeries>();

  /** Appends one float sample (milliseconds, value). */
  append(labels: Labels, t: number, v: number): void {
    this.push(labels, t, v, false);
  }

  /** Appends a staleness marker, which ends the series at `t` for instant selectors. */
  appendStale(labels: Labels, t: number): void {
    this.push(labels, t, NaN, true);
  }

  /** Removes every series. */
  clear(): void {
    this.series.clear();
  }

  /** The number of stored series. */
  get size(): number {
    return this.series.size;
  }

  private push(labels: Labels, t: number, v: number, stale: boolean): void {
    const key = keyOf(labels);
    let s = this.series.get(key);
    if (!s) {
      s = { labels: { ...labels }, t: [], v: [], stale: [], sorted: true };
      this.series.set(key, s);
    }
    const last = s.t.length - 1;
    if (last >= 0 && t <= s.t[last]) s.sorted = false;
    s.t.push(t);
    s.v.push(v);
    s.stale.push(stale);
  }

  async select(matchers: Matcher[], minT: number, maxT: number): Promise<SeriesSamples[]> {
    const preds = matchers.map((m) => ({ name: m.name, test: matcherPredicate(m) }));
    const out: SeriesSamples[] = [];
    for (const s of this.series.values()) {
      if (!preds.every((p) => p.test(s.labels[p.name] ?? ""))) continue;
      if (!s.sorted) normalise(s);
      const lo = lowerBound(s.t, minT);
      const hi = upperBound(s.t, maxT, lo);
      if (hi === lo) continue;
      const sample: SeriesSamples = {
        labels: s.labels,
        timestamps: Float64Array.from(s.t.slice(lo, hi)),
        values: Float64Array.from(s.v.slice(lo, hi)),
      };
      if (s.stale.slice(lo, hi).some(Boolean)) sample.stale = Uint8Array.from(s.stale.slice(lo, hi), (b) => (b ? 1 : 0));
      out.push(sample);
    }
    return out.sort((a, b) => compareLabels(a.labels, b.labels));
  }
}

/** Sorts by time, keeping the last write for a repeated timestamp. */
function normalise(s: StoredSeries): void {
  const idx = s.t.map((_, i) => i).sort((a, b) => s.t[a] - s.t[b] || a - b);
  const t: number[] = [];
  const v: number[] = [];
  const stale: boolean[] = [];
  for (const i of idx) {
    if (t.length > 0 && t[t.length - 1] === s.t[i]) {
      v[v.length - 1] = s.v[i];
      stale[stale.length - 1] = s.stale[i];
      continue;
    }
    t.push(s.t[i]);
    v.push(s.v[i]);
    stale.push(s.stale[i]);
  }
  Object.assign(s, { t, v, stale, sorted: true });
}
