import { describe, expect, it } from "vitest";
import { codesOf } from "./codes";
import { detectFormat } from "./content-type";
import { formatPromFloat, parseGoFloat, parseIntTimestamp, parseOmTimestamp } from "./float";

const goFloat = (s: string) => parseGoFloat(codesOf(s), s, 0, s.length);

describe("parseGoFloat (Go's strconv.ParseFloat as Prometheus uses it)", () => {
  it.each([
    ["1", 1], ["-2.5", -2.5], ["+3", 3], ["1e3", 1000], ["1E-3", 0.001], ["1.", 1], [".25", 0.25], ["00012", 12],
    ["NaN", NaN], ["nAn", NaN], ["Inf", Infinity], ["-inf", -Infinity], ["+Infinity", Infinity], ["infinity", Infinity],
    ["0.1", 0.1], ["9007199254740993", 9007199254740992], ["1.7976931348623157e308", 1.7976931348623157e308],
    ["123456789.123456789e-5", 1234.56789123456789], ["1e-330", 0],
  ])("accepts %s", (s, want) => {
    expect(Object.is(goFloat(s), want)).toBe(true);
  });

  it.each(["", "+", "-", ".", "e5", "1e", "1e+", "1.2.3", "0x1p3", "0x10", "1_000", "+nan", "-NaN", "infin", "inf1", " 1", "1 ", "1e400", "-1e400"])(
    "rejects %j",
    (s) => {
      expect(goFloat(s)).toBeUndefined();
    },
  );

  it("agrees with Number() on many random decimals", () => {
    for (let i = 0; i < 2000; i++) {
      const v = (Math.random() - 0.5) * 10 ** Math.floor(Math.random() * 40 - 20);
      for (const s of [String(v), v.toExponential(), v.toFixed(6), v.toPrecision(8)]) expect(goFloat(s)).toBe(Number(s));
    }
  });
});

describe("timestamps", () => {
  const ints = (s: string) => parseIntTimestamp(codesOf(s), 0, s.length);
  const secs = (s: string) => parseOmTimestamp(codesOf(s), s, 0, s.length);
  it.each([["0", 0], ["1700000000000", 1700000000000], ["-5", -5]])("text %s ms", (s, want) => expect(ints(s)).toBe(want));
  it.each(["", "-", "1.5", "1e3", "x", "99999999999999999999"])("text rejects %j", (s) => expect(ints(s)).toBeUndefined());
  it.each([["1", 1000], ["0.001", 1], ["1.0019", 1001], ["1e-3", 1], ["12.5e1", 125000], ["-0.5", -500], ["+2", 2000]])("openmetrics %s s", (s, want) =>
    expect(secs(s)).toBe(want),
  );
  it.each(["NaN", "Inf", "-Inf", "x", "", "1e400"])("openmetrics rejects %j", (s) => expect(secs(s)).toBeUndefined());
});

describe("formatPromFloat (Go's 'g' format plus '.0', as Prometheus normalizes le/quantile)", () => {
  it.each([
    [1, "1.0"], [0, "0.0"], [-0, "-0.0"], [0.5, "0.5"], [2.5, "2.5"], [100000, "100000.0"], [1e6, "1e+06"], [1234567, "1.234567e+06"],
    [0.0001, "0.0001"], [0.00001, "1e-05"], [1.5e-10, "1.5e-10"], [1e100, "1e+100"], [-3, "-3.0"], [8.999999999999998, "8.999999999999998"],
    [NaN, "NaN"], [Infinity, "+Inf"], [-Infinity, "-Inf"],
  ])("%d -> %s", (f, want) => {
    expect(formatPromFloat(f)).toBe(want);
  });
});

describe("detectFormat", () => {
  it.each([
    ["application/openmetrics-text; version=1.0.0; charset=utf-8", "openmetrics"],
    ["application/openmetrics-text;version=0.0.1", "openmetrics"],
    ["Application/OpenMetrics-Text", "openmetrics"],
    ["text/plain; version=0.0.4; charset=utf-8", "text"],
    ["text/plain", "text"],
    ["application/json", "text"],
    ["", "text"],
    [null, "text"],
    [undefined, "text"],
  ])("%j -> %s", (contentType, want) => {
    expect(detectFormat(contentType)).toBe(want);
  });
});
