import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatSampleValue, toApiData } from "./format";
import { formatGoE, formatGoF } from "./strings";

describe("formatSampleValue", () => {
  it.each([
    [1, "1"],
    [0.1, "0.1"],
    [-2.5, "-2.5"],
    [1234567.891, "1234567.891"],
    [1e-6, "0.000001"],
    [1e-7, "1e-07"],
    [1.5e21, "1.5e+21"],
    [1e20, "100000000000000000000"],
    [NaN, "NaN"],
    [Infinity, "+Inf"],
    [-Infinity, "-Inf"],
    [0, "0"],
  ])("%d -> %s", (v, s) => {
    expect(formatSampleValue(v)).toBe(s);
  });

  it("writes what Go's 'f' and 'e' formats write, switching at 1e-6 and 1e21", () => {
    const goStyle = (v: number) => {
      const abs = Math.abs(v);
      return abs !== 0 && (abs < 1e-6 || abs >= 1e21) ? formatGoE(v) : formatGoF(v);
    };
    const edges = [1e-6, 9.999999999999999e-7, 1e21, 999999999999999900000, -0, 5e-324, Number.MAX_VALUE, 0.1 + 0.2, 123456789012345680000];
    for (const v of [...edges, ...edges.map((x) => -x)]) expect(formatSampleValue(v)).toBe(goStyle(v));
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (v) => formatSampleValue(v) === goStyle(v)), { numRuns: 5000 });
  });

  it("round-trips every finite float", () => {
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (v) => Number(formatSampleValue(v)) === v));
  });
});

describe("toApiData", () => {
  it("shapes every result type like the Prometheus API", () => {
    expect(toApiData({ resultType: "scalar", result: { t: 1500, v: 2 } })).toEqual({ resultType: "scalar", result: [1.5, "2"] });
    expect(toApiData({ resultType: "string", result: { t: 0, v: "x" } })).toEqual({ resultType: "string", result: [0, "x"] });
    expect(toApiData({ resultType: "vector", result: [{ metric: { a: "b" }, t: 1000, v: NaN }] })).toEqual({
      resultType: "vector",
      result: [{ metric: { a: "b" }, value: [1, "NaN"] }],
    });
    expect(toApiData({ resultType: "matrix", result: [{ metric: {}, t: [0, 60_000], v: [1, 2] }] })).toEqual({
      resultType: "matrix",
      result: [{ metric: {}, values: [[0, "1"], [60, "2"]] }],
    });
  });
});
