import { describe, expect, it } from "vitest";
import { selectCapacity, type LevelOutcome } from "./capacity";
import type { LevelSummary } from "./summary";

const slo = { ttftMs: 500 };

function level(load: number, ratio: number | null, kind: LevelOutcome["kind"] = "concurrency", requests = 100): LevelOutcome {
  const summary = {
    requests,
    completed: requests,
    failed: 0,
    requestThroughput: load * 2,
    outputThroughput: load * 200,
    totalTokenThroughput: load * 300,
    inputTokens: requests * 50,
    outputTokens: requests * 100,
    goodput: ratio === null ? null : { slo, good: Math.round(ratio * requests), ratio, perSecond: load * 2 * ratio },
  } as unknown as LevelSummary;
  return { kind, load, summary };
}

describe("selectCapacity", () => {
  it.each([
    // levels (load, goodput ratio) -> capacity load, at sweep top
    ["monotone: the last passing level", [[1, 1], [2, 0.99], [4, 0.95], [8, 0.5]], 4, false],
    ["exactly at the threshold passes", [[1, 1], [2, 0.9], [4, 0.89]], 2, false],
    ["every level passes: the top, flagged", [[1, 1], [2, 1]], 2, true],
    ["a pass above a failure does not count", [[1, 1], [2, 0.5], [4, 0.95]], 1, false],
    ["levels given out of order are sorted", [[8, 0.1], [2, 1], [4, 0.95], [1, 1]], 4, false],
  ])("%s", (_name, spec, want, atTop) => {
    const r = selectCapacity((spec as number[][]).map(([l, ratio]) => level(l, ratio)), 0.9);
    expect(r.capacity?.load).toBe(want);
    expect(r.capacity?.atSweepTop).toBe(atTop);
  });

  it("carries the measured throughputs and the workload shape of the chosen level", () => {
    const r = selectCapacity([level(2, 1), level(4, 0.95), level(8, 0.2)], 0.9);
    expect(r.capacity).toEqual({
      kind: "concurrency",
      load: 4,
      requestsPerSecond: 8,
      goodputPerSecond: 7.6,
      outputTokensPerSecond: 800,
      totalTokensPerSecond: 1200,
      goodputRatio: 0.95,
      slo,
      minGoodputRatio: 0.9,
      meanInputTokens: 50,
      meanOutputTokens: 100,
      atSweepTop: false,
      firstFailingLoad: 8,
    });
    expect(r.reason).toBe("concurrency 4 meets ttft:500 for 95.0% of requests; concurrency 8 does not");
  });

  it("works for rate sweeps and honours the configured ratio", () => {
    const levels = [level(1, 1, "rate"), level(2, 0.97, "rate"), level(3, 0.93, "rate")];
    expect(selectCapacity(levels, 0.95).capacity).toMatchObject({ kind: "rate", load: 2 });
    expect(selectCapacity(levels, 0.9).capacity).toMatchObject({ kind: "rate", load: 3, atSweepTop: true });
  });

  it.each([
    ["no SLO", [level(1, null)], "no SLO given"],
    ["even the lowest level fails", [level(1, 0.5), level(2, 0.1)], "the lowest level (concurrency 1) already misses ttft:500: goodput ratio 0.500 < 0.9"],
    ["only a trace", [level(1, 1, "trace")], "no concurrency or rate levels"],
    ["a level without requests fails", [level(1, 1, "concurrency", 0)], "already misses"],
  ])("names no capacity when %s", (_name, levels, reason) => {
    const r = selectCapacity(levels, 0.9);
    expect(r.capacity).toBeNull();
    expect(r.reason).toContain(reason);
  });

  it("refuses a ratio outside (0, 1]", () => {
    expect(() => selectCapacity([], 0)).toThrow(RangeError);
    expect(() => selectCapacity([], 1.5)).toThrow(RangeError);
  });
});
