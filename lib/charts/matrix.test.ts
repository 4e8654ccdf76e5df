import { describe, expect, it } from "vitest";
import { matrixToChart, numeric, seriesLabel } from "./matrix";

describe("matrixToChart", () => {
  const range = { startMs: 0, endMs: 30_000, stepMs: 10_000 };

  it("puts every step in a row and leaves missing points as gaps (null), not zeros", () => {
    const data = matrixToChart(
      [
        { metric: { __name__: "up", job: "a" }, values: [[0, "1"], [20, "1"], [30, "0"]] },
        { metric: { __name__: "up", job: "b" }, values: [[10, "1"]] },
      ],
      range,
    );
    expect(data.rows).toEqual([
      { t: 0, s0: 1, s1: null },
      { t: 10_000, s0: null, s1: 1 },
      { t: 20_000, s0: 1, s1: null },
      { t: 30_000, s0: 0, s1: null },
    ]);
    expect(data.series.map((s) => s.label)).toEqual(['up{job="a"}', 'up{job="b"}']);
  });

  it("keeps the top N series by peak value and says how many there were", () => {
    const result = Array.from({ length: 5 }, (_, i) => ({ metric: { i: String(i) }, values: [[0, String(i)]] as Array<[number, string]> }));
    const data = matrixToChart(result, range, 2);
    expect(data.series.map((s) => s.label)).toEqual(['{i="4"}', '{i="3"}']);
    expect([data.shown, data.total]).toEqual([2, 5]);
  });

  it("treats NaN and infinities as not plottable", () => {
    expect([numeric("NaN"), numeric("+Inf"), numeric("-Inf"), numeric("1e3")]).toEqual([null, null, null, 1000]);
  });

  it("labels series as Prometheus prints them", () => {
    expect(seriesLabel({ __name__: "x", b: "2", a: "1" })).toBe('x{a="1", b="2"}');
    expect(seriesLabel({})).toBe("{}");
  });
});
