import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { rangeQuery } from "./engine";
import { TooManySamplesError } from "./errors";
import { MemoryStorage } from "./memory-storage";
import { storageFrom } from "./test-helpers";
import type { QueryValue } from "./values";

const s = 1000;
const m = 60 * s;

/**
 * The same query evaluated step by step: a unary plus around the inner call is the identity,
 * but the aggregation no longer has the shape by-series.ts computes, so it runs per step.
 */
function stepwise(expr: string): string {
  return expr.replace(/\((i?rate|increase|i?delta)\(/, "(+$1(");
}

async function both(storage: MemoryStorage, expr: string, start: number, end: number, step: number): Promise<[QueryValue, QueryValue]> {
  const a = await rangeQuery(storage, expr, start, end, step);
  const b = await rangeQuery(storage, stepwise(expr), start, end, step);
  return [a.value, b.value];
}

/** Values compared exactly, NaN and -0 included (toEqual treats -0 and 0 as different). */
function expectSame(a: QueryValue, b: QueryValue) {
  expect(a).toEqual(b);
}

describe("series-by-series aggregation in range queries", () => {
  const data = storageFrom(15 * s, [
    'reqs_total{job="a",code="200",instance="1"} 0+10x40',
    'reqs_total{job="a",code="500",instance="1"} 0+1x10 2 3 _ _ _ 4+2x20',
    'reqs_total{job="b",code="200",instance="2"} 5+3x15 0+3x20 stale',
    'reqs_total{job="b",code="500",instance="2"} 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1',
    'reqs_total{job="c",code="200",instance="3"} _ _ _ _ _ _ _ _ _ _ 0+1e308x5 NaN 7',
  ]);

  it.each([
    "sum by (code) (rate(reqs_total[1m]))",
    "sum(rate(reqs_total[2m]))",
    "avg by (job) (increase(reqs_total[90s]))",
    "count without (instance) (irate(reqs_total[1m]))",
    "group by (job) (delta(reqs_total[1m]))",
    "min by (code) (idelta(reqs_total[1m]))",
    "max by (code) (rate(reqs_total[1m] offset 30s))",
    "stddev by (job) (rate(reqs_total[1m]))",
    "stdvar(rate(reqs_total[2m] @ 300))",
    "sum by (__name__, code) (rate(reqs_total[1m]))",
    "sum by (code) ((rate((reqs_total[1m]))))",
    "histogram_quantile(0.9, sum by (le) (rate(reqs_total[1m])))",
    "sum by (code) (rate(reqs_total[1m])) / ignoring(code) group_left sum(rate(reqs_total[1m]))",
  ])("%s gives what step-by-step evaluation gives", async (expr) => {
    const [a, b] = await both(data, expr, 0, 10 * m, 15 * s);
    expectSame(a, b);
    // Off the sample grid, and a step that does not divide the sample interval.
    const [c, d] = await both(data, expr, 7 * s, 10 * m + 7 * s, 37 * s);
    expectSame(c, d);
  });

  it("adds within a step in series order, so Kahan-compensated sums agree to the bit", async () => {
    const st = new MemoryStorage();
    const rnd = fc.sample(fc.double({ min: 0, max: 1e6, noNaN: true }), 40 * 30);
    for (let i = 0; i < 40; i++) {
      let v = 0;
      for (let k = 0; k < 30; k++) st.append({ __name__: "x_total", i: String(i).padStart(2, "0"), g: String(i % 3) }, k * 15 * s, (v += rnd[i * 30 + k]));
    }
    for (const expr of ["sum by (g) (rate(x_total[1m]))", "avg(rate(x_total[1m]))", "sum(increase(x_total[45s]))"]) {
      const [a, b] = await both(st, expr, 0, 7 * m, 15 * s);
      expectSame(a, b);
    }
  });

  it("matches step-by-step evaluation on random series, gaps and counter resets included", async () => {
    const series = fc.array(
      fc.array(fc.option(fc.oneof(fc.integer({ min: 0, max: 50 }), fc.constant(-1)), { nil: undefined, freq: 4 }), { minLength: 1, maxLength: 30 }),
      { minLength: 1, maxLength: 6 },
    );
    const ops = fc.constantFrom("sum", "avg", "count", "min", "max", "stddev", "group");
    const fns = fc.constantFrom("rate", "increase", "delta", "irate", "idelta");
    await fc.assert(
      fc.asyncProperty(series, ops, fns, fc.integer({ min: 5, max: 60 }), fc.integer({ min: 20, max: 120 }), fc.boolean(), async (ss, op, fn, stepS, rangeS, bare) => {
        const st = new MemoryStorage();
        ss.forEach((pts, i) => {
          let v = 0;
          pts.forEach((p, k) => {
            if (p === undefined) return;
            v = p < 0 ? 0 : v + p; // -1: a counter reset
            st.append({ __name__: "c_total", i: String(i), g: String(i % 2) }, k * 15 * s, v);
          });
        });
        if (bare) {
          // The function alone, put together series by series, against the step evaluator.
          const expr = `${fn}(c_total[${rangeS}s])`;
          expectSame((await rangeQuery(st, expr, 0, 8 * m, stepS * s)).value, (await rangeQuery(st, `+${expr}`, 0, 8 * m, stepS * s)).value);
          return;
        }
        const expr = `${op} by (g) (${fn}(c_total[${rangeS}s]))`;
        const [a, b] = await both(st, expr, 0, 8 * m, stepS * s);
        expectSame(a, b);
      }),
      { numRuns: 150 },
    );
  });

  it("keeps the step evaluator's per-step sample limit", async () => {
    // 10 series of 21 samples: 210 loaded; per step up to 40 window points and 10 result points.
    const st = storageFrom(15 * s, Array.from({ length: 10 }, (_, i) => `a_total{i="${i}"} 0+1x20`));
    const smallestLimit = async (expr: string) => {
      for (let limit = 210; limit < 300; limit++) {
        const ok = await rangeQuery(st, expr, 0, 5 * m, 15 * s, { maxSamples: limit }).then(
          () => true,
          (err) => {
            if (!(err instanceof TooManySamplesError)) throw err;
            return false;
          },
        );
        if (ok) return limit;
      }
      return Infinity;
    };
    const bySeries = await smallestLimit("sum by (i) (rate(a_total[1m]))");
    expect(bySeries).toBeGreaterThan(210); // the limit is reached while evaluating, not loading
    expect(bySeries).toBe(await smallestLimit(stepwise("sum by (i) (rate(a_total[1m]))")));
  });

  it("leaves non-counter names to the step evaluator, which reports them", async () => {
    const st = storageFrom(15 * s, ["temperature 1+1x20"]);
    const r = await rangeQuery(st, "sum(rate(temperature[1m]))", 0, 4 * m, 15 * s);
    expect(r.infos.join("\n")).toContain("metric might not be a counter");
    expect(r.value.resultType === "matrix" && r.value.result[0].v.length).toBeGreaterThan(10);
  });

  it("runs aggregations inside subqueries at the subquery's own times", async () => {
    const [a, b] = await both(data, "max_over_time(sum by (code) (rate(reqs_total[1m]))[3m:20s])", 0, 10 * m, 45 * s);
    expectSame(a, b);
  });

  it.each([
    "rate(reqs_total[1m])",
    "irate(reqs_total[1m])",
    "(delta(reqs_total[1m] offset 30s))",
    "increase(reqs_total[2m] @ 300)",
    "idelta((reqs_total[45s]))",
  ])("a query that is just %s gives what step-by-step evaluation gives", async (expr) => {
    for (const [start, end, step] of [[0, 10 * m, 15 * s], [7 * s, 10 * m + 7 * s, 37 * s]]) {
      const a = await rangeQuery(data, expr, start, end, step);
      const b = await rangeQuery(data, `+${expr}`, start, end, step);
      expect(a.value).toEqual(b.value);
    }
  });

  it("leaves series that lose their names to the same labels to the step evaluator", async () => {
    const st = storageFrom(15 * s, ['a_total{i="1"} 0+1x20', 'b_total{i="1"} _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ 0+1x4']);
    const expr = 'rate({__name__=~"a_total|b_total"}[1m])';
    // Apart in time: both series come out, in one result series.
    const early = await rangeQuery(st, expr, 0, 3 * m, 15 * s);
    expect(early.value).toEqual((await rangeQuery(st, `+${expr}`, 0, 3 * m, 15 * s)).value);
    // Together on a step: the error the step evaluator gives.
    await expect(rangeQuery(st, expr, 0, 5 * m, 15 * s)).rejects.toThrow("vector cannot contain metrics with the same labelset");
  });

  it("keeps the step evaluator's sample limit when the query is just a rate", async () => {
    const st = storageFrom(15 * s, Array.from({ length: 10 }, (_, i) => `a_total{i="${i}"} 0+1x20`));
    const smallest = async (expr: string) => {
      for (let limit = 210; limit < 300; limit++) {
        if (await rangeQuery(st, expr, 0, 5 * m, 15 * s, { maxSamples: limit }).then(() => true, () => false)) return limit;
      }
      return Infinity;
    };
    const direct = await smallest("rate(a_total[1m])");
    expect(direct).toBeGreaterThan(210);
    expect(direct).toBe(await smallest("+rate(a_total[1m])"));
  });

  it("fails a rate whose result passes the sample limit, whichever way it is evaluated", async () => {
    // 2 series, 30,001 steps of 10 ms: about 58,000 result points against a limit of 1,000.
    const st = storageFrom(15 * s, ['a_total{i="1"} 0+1x20', 'a_total{i="2"} 0+1x20']);
    const opts = { maxSamples: 1000, maxPointsPerSeries: 1e6 };
    await expect(rangeQuery(st, "rate(a_total[1m])", 0, 5 * m, 10, opts)).rejects.toThrow(TooManySamplesError);
    await expect(rangeQuery(st, "rate(a_total[1m])", 0, 5 * m, 10, { ...opts, maxSamples: 100_000 })).resolves.toBeDefined();
  });
});
