import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { clipRun, mergeRuns, type SampleRun } from "./merge";

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

describe("clipRun", () => {
  it("cuts typed-array runs as views and plain arrays as copies, keeping staleness flags", () => {
    const ts = new Float64Array([10, 20, 30, 40]);
    const run = { timestamps: ts, values: new Float64Array([1, 2, 3, 4]), stale: new Uint8Array([0, 1, 0, 0]) };
    const c = clipRun(run, 15, 30)!;
    expect(Array.from(c.timestamps)).toEqual([20, 30]);
    expect(Array.from(c.values)).toEqual([2, 3]);
    expect(Array.from(c.stale!)).toEqual([1, 0]);
    expect((c.timestamps as Float64Array).buffer).toBe(ts.buffer); // a view, not a copy
    expect(clipRun(run, 0, 100)).toBe(run);
    expect(clipRun(run, 41, 100)).toBeNull();
    const plain = clipRun({ timestamps: [1, 2, 3], values: [4, 5, 6], stale: null }, 2, 3)!;
    expect(plain).toEqual({ timestamps: [2, 3], values: [5, 6], stale: null });
  });
});
