import { describe, expect, it } from "vitest";
import { lastStep, spliceRange, stillValid, tailToEvaluate, type Extent } from "./range-extents";
import type { QueryResponse } from "./types";

const base: Extent = { version: 1, startMs: 0, lastStepMs: 60_000, stepMs: 15_000, response: { data: { resultType: "matrix", result: [] } } };

describe("tailToEvaluate", () => {
  it.each([
    { name: "the window moved one step", start: 15_000, end: 75_000, step: 15_000, want: { fromMs: 75_000, toMs: 75_000 } },
    { name: "same window", start: 0, end: 60_000, step: 15_000, want: { fromMs: 75_000, toMs: 60_000 } },
    { name: "end between steps", start: 15_000, end: 100_000, step: 15_000, want: { fromMs: 75_000, toMs: 90_000 } },
    { name: "another step", start: 15_000, end: 75_000, step: 30_000, want: null },
    { name: "another grid", start: 10_000, end: 70_000, step: 15_000, want: null },
    { name: "an earlier start", start: -15_000, end: 60_000, step: 15_000, want: null },
    { name: "an earlier end", start: 0, end: 45_000, step: 15_000, want: null },
    { name: "nothing shared", start: 75_000, end: 135_000, step: 15_000, want: null },
  ])("$name", ({ start, end, step, want }) => {
    expect(tailToEvaluate(base, start, end, step)).toEqual(want);
  });

  it("finds the last step on the grid", () => {
    expect(lastStep(0, 100, 30)).toBe(90);
    expect(lastStep(5, 5, 30)).toBe(5);
  });
});

describe("spliceRange", () => {
  const m = (name: string, points: [number, string][]) => ({ metric: { __name__: name }, values: points });
  it("drops steps before the new start, appends the tail's, keeps label order and drops emptied series", () => {
    const old: QueryResponse = {
      data: { resultType: "matrix", result: [m("a", [[0, "1"], [15, "2"]]), m("c", [[0, "9"]])] },
      warnings: ["w1"],
    };
    const tail: QueryResponse = { data: { resultType: "matrix", result: [m("a", [[30, "3"]]), m("b", [[30, "4"]])] }, warnings: ["w1", "w2"], infos: ["i"] };
    expect(spliceRange(old, tail, 15_000)).toEqual({
      data: { resultType: "matrix", result: [m("a", [[15, "2"], [30, "3"]]), m("b", [[30, "4"]])] },
      warnings: ["w1", "w2"],
      infos: ["i"],
    });
  });
  it("refuses anything but matrices", () => {
    expect(() => spliceRange({ data: { resultType: "scalar", result: [0, "1"] } }, null, 0)).toThrow(/matrices/);
  });
});

describe("stillValid", () => {
  it.each([
    { name: "nothing written", changed: Infinity, want: 60_000 },
    { name: "only after its last step", changed: 60_001, want: 60_000 },
    { name: "at its last step", changed: 60_000, want: 45_000 },
    { name: "between steps", changed: 40_000, want: 30_000 },
    { name: "at its first step", changed: 0, want: null },
    { name: "unknown", changed: -Infinity, want: null },
  ])("keeps the steps before the oldest write: $name", ({ changed, want }) => {
    expect(stillValid(base, changed)?.lastStepMs ?? null).toBe(want);
  });

  it("cuts the spliced base at its last valid step", () => {
    const old: QueryResponse = { data: { resultType: "matrix", result: [{ metric: { a: "1" }, values: [[0, "1"], [15, "2"], [30, "3"]] }] } };
    expect(spliceRange(old, null, 15_000, 15_000).data).toEqual({ resultType: "matrix", result: [{ metric: { a: "1" }, values: [[15, "2"]] }] });
  });
});
