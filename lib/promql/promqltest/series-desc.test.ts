import { describe, expect, it } from "vitest";
import { parseSeriesDesc, parseValues } from "./series-desc";

function show(s: string): string {
  return parseValues(s)
    .map((v) => (v.kind === "float" ? String(v.v) : v.kind))
    .join(" ");
}

describe("series values", () => {
  it.each([
    ["1 2 3", "1 2 3"],
    ["1+1x3", "1 2 3 4"],
    ["10-2x2", "10 8 6"],
    ["5x2", "5 5 5"],
    ["_ _x2 stale", "omitted omitted omitted stale"],
    ["Inf -Inf NaN +Inf", "Infinity -Infinity NaN Infinity"],
    ["1e3 -1.5e-2 .5", "1000 -0.015 0.5"],
    ["{{schema:0 sum:1 count:1}}x2 {{sum:1}}+{{sum:2}}x1 3", "histogram histogram histogram histogram histogram 3"],
  ])("%s", (s, want) => {
    expect(show(s)).toBe(want);
  });

  it("accumulates by repeated addition, as Prometheus does", () => {
    const v = parseValues("0+1.33x3").map((x) => (x.kind === "float" ? x.v : NaN));
    expect(v).toEqual([0, 1.33, 1.33 + 1.33, 1.33 + 1.33 + 1.33]);
  });

  it.each(["1x", "abc", "1+x3", "{{unterminated"])("rejects %j", (s) => {
    expect(() => parseValues(s)).toThrow();
  });
});

describe("series descriptions", () => {
  it.each([
    ['up{job="a", instance="b"} 1', { __name__: "up", job: "a", instance: "b" }],
    ["ns:metric:rate5m 1", { __name__: "ns:metric:rate5m" }],
    ["{} 1", {}],
    ['{__name__="x", a=""} 1', { __name__: "x" }],
    ['{"utf.name", "a b"="c"} 1', { __name__: "utf.name", "a b": "c" }],
    ['x{a="q\\"uote"} 1', { __name__: "x", a: 'q"uote' }],
  ])("%s", (line, labels) => {
    expect(parseSeriesDesc(line).labels).toEqual(labels);
  });
});
