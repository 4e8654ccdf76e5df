import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { apiJsonChunks, formatSampleValue, toApiData } from "./format";
import type { QueryValue } from "./values";
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

describe("apiJsonChunks", () => {
  const body = (value: QueryValue, warnings?: string[], infos?: string[]) => apiJsonChunks({ value, warnings, infos });
  const expected = (value: QueryValue, warnings?: string[], infos?: string[]) => JSON.stringify({ status: "success", data: toApiData(value), warnings, infos });

  it("writes exactly the text JSON.stringify of toApiData writes, for every result type", () => {
    const values: QueryValue[] = [
      { resultType: "scalar", result: { t: 1500, v: 2 } },
      { resultType: "string", result: { t: 0, v: 'a "quoted" \\ string' } },
      { resultType: "vector", result: [{ metric: { a: "b" }, t: 1000, v: NaN }] },
      { resultType: "matrix", result: [] },
      { resultType: "matrix", result: [{ metric: {}, t: [], v: [] }] },
      { resultType: "matrix", result: [{ metric: { __name__: "x", "a\"b": "<script>" }, t: [0, 60_000, 120_500], v: [1, -0, 1e-7] }] },
    ];
    for (const v of values) {
      expect([...body(v)].join("")).toBe(expected(v));
      expect([...body(v, ["w1"], ["i1", "i2"])].join("")).toBe(expected(v, ["w1"], ["i1", "i2"]));
    }
  });

  it("matches toApiData on any matrix, special values and shared or odd timestamps included", () => {
    const special = fc.constantFrom(NaN, Infinity, -Infinity, 0, -0, 1e-7, 1e21, -1e300, 5e-324, 0.1 + 0.2, 1e-6, 999999999999999900000);
    const value = fc.oneof(fc.double(), special);
    const series = fc.array(fc.tuple(fc.integer({ min: -1e13, max: 1e13 }), value), { maxLength: 40 }).map((pts) => ({
      t: pts.map(([t]) => t),
      v: pts.map(([, v]) => v),
    }));
    const matrix = fc.array(fc.tuple(fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 }), series), { maxLength: 6 });
    fc.assert(
      fc.property(matrix, fc.option(fc.array(fc.string(), { maxLength: 2 }), { nil: undefined }), (ms, warnings) => {
        const v: QueryValue = { resultType: "matrix", result: ms.map(([metric, s]) => ({ metric, ...s })) };
        const text = [...body(v, warnings)].join("");
        expect(text).toBe(expected(v, warnings));
        expect(JSON.parse(text).data).toEqual(toApiData(v));
      }),
      { numRuns: 500 },
    );
  });

  it("hands a large answer on in pieces, each ending on a whole series", () => {
    const result = Array.from({ length: 300 }, (_, k) => ({ metric: { k: String(k) }, t: Array.from({ length: 100 }, (_, i) => i * 15_000), v: Array.from({ length: 100 }, (_, i) => i / 3) }));
    const chunks = [...body({ resultType: "matrix", result })];
    expect(chunks.length).toBeGreaterThan(5);
    for (const c of chunks.slice(0, -1)) expect(c.endsWith("]}")).toBe(true);
    expect(chunks.join("")).toBe(expected({ resultType: "matrix", result }));
  });
});
