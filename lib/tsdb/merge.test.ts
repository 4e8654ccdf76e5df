import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { mergeRuns, type SampleRun } from "./merge";

const run = (ts: number[], vs: number[], stale: number[] | null = null): SampleRun => ({ timestamps: ts, values: vs, stale });

describe("mergeRuns", () => {
  it("concatenates ordered runs and clips to the inclusive range", () => {
    const m = mergeRuns([run([1, 2, 3], [10, 20, 30]), run([4, 5], [40, 50], [0, 1])], 2, 5);
    expect(Array.from(m.timestamps)).toEqual([2, 3, 4, 5]);
    expect(Array.from(m.values)).toEqual([20, 30, 40, 50]);
    expect(Array.from(m.stale!)).toEqual([0, 0, 0, 1]);
  });

  it("lets the later run win on equal timestamps", () => {
    const m = mergeRuns([run([1, 2, 3], [10, 20, 30]), run([2, 4], [99, 40])], 0, 10);
    expect(Array.from(m.timestamps)).toEqual([1, 2, 3, 4]);
    expect(Array.from(m.values)).toEqual([10, 99, 30, 40]);
    expect(m.stale).toBeNull();
  });

  it("drops the stale flag when the winning sample is not stale", () => {
    const m = mergeRuns([run([1, 2], [NaN, 2], [1, 0]), run([1], [5])], 0, 10);
    expect(Array.from(m.values)).toEqual([5, 2]);
    expect(m.stale).toBeNull();
  });

  it("matches a reference merge for arbitrary runs", () => {
    const runArb = fc.uniqueArray(fc.integer({ min: 0, max: 50 }), { maxLength: 20 }).map((ts) => ts.sort((a, b) => a - b));
    fc.assert(
      fc.property(fc.array(runArb, { maxLength: 5 }), fc.integer({ min: -5, max: 55 }), fc.integer({ min: -5, max: 55 }), (tss, a, b) => {
        const runs = tss.map((ts, r) => run(ts, ts.map((t) => r * 1000 + t)));
        const expected = new Map<number, number>();
        runs.forEach((r) => Array.from(r.timestamps).forEach((t, i) => t >= a && t <= b && expected.set(t, r.values[i])));
        const sorted = [...expected.entries()].sort((x, y) => x[0] - y[0]);
        const m = mergeRuns(runs, a, b);
        expect(Array.from(m.timestamps)).toEqual(sorted.map((e) => e[0]));
        expect(Array.from(m.values)).toEqual(sorted.map((e) => e[1]));
      }),
    );
  });
});
