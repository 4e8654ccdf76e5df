import { describe, expect, it } from "vitest";
import type { Capacity } from "./capacity";
import { capacityMark, compareChart, formatFigure, sloMark, sweepChart, sweepPoints, type ChartLevel } from "./chart";
import { fakeSummary } from "./testing";

const level = (load: number | "inf", p: Parameters<typeof fakeSummary>[0] = {}): ChartLevel => ({ load, label: `c ${load}`, summary: fakeSummary(p) });
const cap = (p: Partial<Capacity> = {}): Capacity =>
  ({ kind: "concurrency", load: 2, requestsPerSecond: 9, outputTokensPerSecond: 72, atSweepTop: false, ...p }) as Capacity;

describe("sweepPoints", () => {
  it.each([
    ["sorted by load, not by position", [level(4, { requestThroughput: 12 }), level(1, { requestThroughput: 4 })], "requests", [4, 12]],
    ["output tokens on x", [level(1, { outputThroughput: 33 })], "output", [33]],
    ["inf last", [level("inf", { requestThroughput: 50 }), level(8, { requestThroughput: 30 })], "requests", [30, 50]],
  ] as const)("%s", (_, levels, axis, xs) => {
    expect(sweepPoints(levels, "ttft", "median", axis).map((p) => p.x)).toEqual(xs);
  });

  it("leaves a gap (null), not a zero, where a level has no latency figure", () => {
    const pts = sweepPoints([level(1), level(2, { completed: 0, failed: 10, ttftMs: null, requestThroughput: 0 }), level(4)], "ttft", "p99", "requests");
    expect(pts.map((p) => p.y)).toEqual([40, null, 40]);
    expect(pts[1]).toMatchObject({ x: 0, level: "c 2" });
  });

  it.each([
    ["ttft", "median", 20],
    ["tpot", "p90", 7.5],
    ["itl", "p95", 9],
    ["e2el", "p99", 120],
  ] as const)("%s %s", (metric, q, y) => {
    expect(sweepPoints([level(1)], metric, q, "requests")[0].y).toBeCloseTo(y, 9);
  });
});

describe("marks", () => {
  it.each([
    [cap(), "requests", { value: 9, label: "capacity" }],
    [cap({ atSweepTop: true }), "output", { value: 72, label: "capacity ≥" }],
    [null, "requests", null],
  ] as const)("capacity %#", (c, axis, want) => {
    expect(capacityMark(c, axis)).toEqual(want);
  });

  const withSlo = [level(1, { goodput: { slo: { ttftMs: 500, e2elMs: 9000 }, good: 10, ratio: 1, perSecond: 5 } })];
  it.each([
    ["ttft", { value: 500, label: "SLO TTFT 500 ms" }],
    ["e2el", { value: 9000, label: "SLO E2E 9000 ms" }],
    ["tpot", null],
    ["itl", null],
  ] as const)("SLO line for %s", (metric, want) => {
    expect(sloMark(withSlo, metric)).toEqual(want);
  });
});

describe("sweepChart and compareChart", () => {
  it("draws p50, p90, p95 and p99 of one run with its capacity", () => {
    const d = sweepChart([level(1), level(2)], { metric: "ttft", axis: "requests", capacity: cap() });
    expect(d.lines.map((l) => l.label)).toEqual(["TTFT p50", "TTFT p90", "TTFT p95", "TTFT p99"]);
    expect(d).toMatchObject({ xLabel: "requests/s", yLabel: "TTFT (ms)", xMarks: [{ value: 9 }], yMarks: [], empty: false });
  });

  it("says empty when no level has a figure", () => {
    expect(sweepChart([level(1, { ttftMs: null })], { metric: "ttft", axis: "requests", capacity: null }).empty).toBe(true);
  });

  it("overlays runs, one line each, an SLO line only when all share it", () => {
    const slo = (ttftMs: number) => ({ goodput: { slo: { ttftMs }, good: 1, ratio: 1, perSecond: 1 } });
    const runs = [
      { id: 1, name: "a", levels: [level(1, slo(300))], capacity: cap() },
      { id: 2, name: "b", levels: [level(1, slo(300))], capacity: null },
    ];
    const d = compareChart(runs, { metric: "ttft", quantile: "p99", axis: "requests" });
    expect(d.lines.map((l) => l.label)).toEqual(["#1 a", "#2 b"]);
    expect(d.xMarks).toEqual([{ value: 9, label: "#1 capacity" }]);
    expect(d.yMarks).toEqual([{ value: 300, label: "SLO TTFT 300 ms" }]);
    expect(compareChart([runs[0], { ...runs[1], levels: [level(1, slo(200))] }], { metric: "ttft", quantile: "p99", axis: "requests" }).yMarks).toEqual([]);
  });
});

describe("formatFigure", () => {
  it.each([
    [null, "—"],
    [Number.NaN, "—"],
    [Infinity, "inf"],
    [0, "0"],
    [0.012345, "0.0123"],
    [17.26, "17.3"],
    [999.4, "999"],
    [12345.6, "12,346"],
  ])("%s -> %s", (v, want) => {
    expect(formatFigure(v)).toBe(want);
  });
});
