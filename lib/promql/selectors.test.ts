import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { SeriesSamples } from "@/lib/model";
import { instantQuery, rangeQuery } from "./engine";
import { MemoryStorage } from "./memory-storage";
import { InstantCursor, instantSamples, RangeCursor, rangeWindows } from "./selectors";
import type { MatrixValue } from "./values";

/** The obvious definition: every sample in (ref - range, ref] that is not a staleness marker. */
function reference(series: SeriesSamples[], ref: number, range: number): { labels: string; t: number[]; v: number[] }[] {
  const out = [];
  for (const s of series) {
    const t: number[] = [];
    const v: number[] = [];
    for (let i = 0; i < s.timestamps.length; i++) {
      if (s.timestamps[i] <= ref - range || s.timestamps[i] > ref || s.stale?.[i]) continue;
      t.push(s.timestamps[i]);
      v.push(s.values[i]);
    }
    if (t.length) out.push({ labels: JSON.stringify(s.labels), t, v });
  }
  return out;
}

function windows(m: MatrixValue) {
  return m.series.map((s) => ({ labels: JSON.stringify(s.labels), t: Array.from(s.t.subarray(s.lo, s.hi)), v: Array.from(s.v.subarray(s.lo, s.hi)) }));
}

/**
 * Series with irregular gaps (sometimes long), staleness markers and NaN values. Times, ranges
 * and moves are multiples of 5 so that samples often sit exactly on a window's edges.
 */
const seriesArb = fc.array(
  fc.array(fc.record({ gap: fc.oneof(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 7, max: 80 })).map((g) => g * 5), stale: fc.integer({ min: 0, max: 9 }).map((x) => x === 0), v: fc.double({ noDefaultInfinity: true }) }), { maxLength: 120, size: "max" }),
  { maxLength: 6 },
).map((all) =>
  all.map((points, k): SeriesSamples => {
    const timestamps = new Float64Array(points.length);
    const values = new Float64Array(points.length);
    const stale = new Uint8Array(points.length);
    let t = -200 + k * 5;
    points.forEach((p, i) => {
      t += p.gap;
      timestamps[i] = t;
      values[i] = p.stale ? NaN : p.v;
      stale[i] = p.stale ? 1 : 0;
    });
    return { labels: { __name__: "m", k: String(k) }, timestamps, values, ...(stale.includes(1) ? { stale } : {}) };
  }),
);

/** Evaluation times as a range query, a subquery that restarts, or @ and offsets produce them. */
const refsArb = fc.array(
  fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: 0, max: 8 }).map((d) => ({ kind: "forward" as const, d: d * 5 })) },
    { weight: 1, arbitrary: fc.integer({ min: 9, max: 400 }).map((d) => ({ kind: "forward" as const, d: d * 5 })) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 120 }).map((d) => ({ kind: "back" as const, d: d * 5 })) },
  ),
  { maxLength: 80, size: "max" },
);

describe("RangeCursor", () => {
  it("gives the windows of a fresh search at every time, forwards, repeated, backwards or jumping", () => {
    fc.assert(
      fc.property(seriesArb, fc.integer({ min: 1, max: 60 }), fc.integer({ min: -60, max: 60 }), refsArb, (series, range5, start5, moves) => {
        const range = range5 * 5;
        const start = start5 * 5;
        const cursor = new RangeCursor(series, range);
        let ref = start;
        for (const mv of [{ kind: "forward" as const, d: 0 }, ...moves]) {
          ref += mv.kind === "forward" ? mv.d : -mv.d;
          const m = cursor.at(ref);
          const want = reference(series, ref, range);
          expect(windows(m)).toEqual(want);
          expect(cursor.points).toBe(want.reduce((n, s) => n + s.t.length, 0));
          expect([m.rangeStart, m.rangeEnd, m.range]).toEqual([ref - range, ref, range]);
          expect(windows(rangeWindows(series, ref, range))).toEqual(want);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("leaves out series made only of staleness markers", () => {
    const s: SeriesSamples = { labels: { a: "1" }, timestamps: Float64Array.of(10, 20), values: Float64Array.of(NaN, NaN), stale: Uint8Array.of(1, 1) };
    const c = new RangeCursor([s], 100);
    expect(c.at(50).series).toEqual([]);
    expect(c.points).toBe(0);
  });
});

/** The obvious definition: the latest sample in (ref - lookback, ref], unless it is a staleness marker. */
function latest(series: SeriesSamples[], ref: number, lookback: number): { labels: string; v: number; t: number }[] {
  const out = [];
  for (const s of series) {
    let i = s.timestamps.length - 1;
    while (i >= 0 && s.timestamps[i] > ref) i--;
    if (i < 0 || s.timestamps[i] <= ref - lookback || s.stale?.[i]) continue;
    out.push({ labels: JSON.stringify(s.labels), v: s.values[i], t: s.timestamps[i] });
  }
  return out;
}

describe("InstantCursor", () => {
  it("gives the samples of a fresh search at every time, forwards, repeated, backwards or jumping", () => {
    fc.assert(
      fc.property(seriesArb, fc.integer({ min: 1, max: 60 }), fc.integer({ min: -60, max: 60 }), refsArb, (series, lookback5, start5, moves) => {
        const lookback = lookback5 * 5;
        const cursor = new InstantCursor(series);
        let ref = start5 * 5;
        for (const mv of [{ kind: "forward" as const, d: 0 }, ...moves]) {
          ref += mv.kind === "forward" ? mv.d : -mv.d;
          const want = latest(series, ref, lookback);
          const rows = (xs: { labels: object; value: number; t?: number }[]) => xs.map((x) => ({ labels: JSON.stringify(x.labels), v: x.value, t: x.t }));
          expect(rows(cursor.at(ref, lookback))).toEqual(want);
          expect(rows(instantSamples(series, ref, lookback))).toEqual(want);
        }
      }),
      { numRuns: 300 },
    );
  });
});

// Range queries carry each selector's window from step to step; instant queries search afresh.
// Every step of a range query must equal the instant query at that time.
const QUERIES = [
  "rate(m[2m])",
  "increase(m[90s])",
  "delta(m[1m])",
  "irate(m[2m])",
  "idelta(m[2m])",
  "deriv(m[3m])",
  "predict_linear(m[3m], 60)",
  "double_exponential_smoothing(m[3m], 0.5, 0.4)",
  "avg_over_time(m[2m])",
  "sum_over_time(m[2m])",
  "count_over_time(m[45s])",
  "min_over_time(m[2m])",
  "max_over_time(m[2m])",
  "stddev_over_time(m[2m])",
  "quantile_over_time(0.3, m[2m])",
  "mad_over_time(m[2m])",
  "first_over_time(m[2m])",
  "last_over_time(m[2m])",
  "ts_of_max_over_time(m[2m])",
  "changes(m[3m])",
  "resets(m[3m])",
  "present_over_time(m[1m])",
  "absent_over_time(m[1m])",
  "rate(m[2m] offset 1m)",
  "avg_over_time(m[2m] offset -1m)",
  "rate(m[2m] @ 300)",
  "max_over_time(m[1m] @ 200 offset 30s)",
  "max_over_time(rate(m[2m])[4m:30s])",
  "min_over_time(m[5m:1m] offset 30s)",
  "sum_over_time(increase(m[1m])[3m:45s] @ 420)",
  "sum by (g) (rate(m[2m]))",
  "rate(m[2m]) / on(k) group_left rate(m[1m])",
  "m",
  "m offset 45s",
  "m @ 400",
  "timestamp(m)",
  "sum by (g) (m)",
  "m - m offset 1m",
  "max_over_time(m[2m:20s])",
  "max_over_time((m - m offset 30s)[3m:15s] offset 1m)",
];

/** Random data at mostly 15 s, with gaps, restarts, NaN and staleness markers. */
function storage(seed: number): MemoryStorage {
  let x = seed;
  const r = () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
  const s = new MemoryStorage();
  for (let k = 0; k < 5; k++) {
    const labels = { __name__: "m", k: String(k), g: String(k % 2) };
    let v = r() * 100;
    // Times on a 5 s grid, so that samples often sit exactly on a window's edges.
    for (let t = 5_000 * Math.floor(r() * 6); t < 900_000; t += r() < 0.1 ? 60_000 + 5_000 * Math.floor(r() * 40) : 15_000) {
      const u = r();
      if (u < 0.05) s.appendStale(labels, t);
      else if (u < 0.08) s.append(labels, t, NaN);
      else {
        v = u < 0.12 ? r() * 5 : v + r() * 10;
        s.append(labels, t, v);
      }
    }
  }
  return s;
}

describe("range queries equal instant queries at every step", () => {
  it.each(QUERIES)("%s", async (q) => {
    for (const [seed, step, start] of [[1, 15_000, 0], [2, 10_000, 7_500], [3, 45_000, 100_000], [4, 300_000, 0], [5, 7_000, 333_000]]) {
      const data = storage(seed);
      const end = 900_000;
      const got = await rangeQuery(data, q, start, end, step);
      const want = new Map<string, { t: number[]; v: number[] }>();
      for (let t = start; t <= end; t += step) {
        const r = await instantQuery(data, q, t);
        if (r.value.resultType !== "vector") throw new Error(`not a vector: ${q}`);
        for (const s of r.value.result) {
          const k = JSON.stringify(s.metric);
          const e = want.get(k) ?? { t: [], v: [] };
          e.t.push(t);
          e.v.push(s.v);
          want.set(k, e);
        }
      }
      if (got.value.resultType !== "matrix") throw new Error("not a matrix");
      const gotMap = new Map(got.value.result.map((s) => [JSON.stringify(s.metric), { t: s.t, v: s.v }]));
      expect(gotMap).toEqual(want);
    }
  });
});
