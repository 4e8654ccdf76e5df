import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatGoE, formatGoF, formatGoG, goQuote, isValidUtf8, parseGoFloat, unquoteString } from "./strings";

describe("unquoteString", () => {
  it.each([
    ['"abc"', "abc"],
    ["'abc'", "abc"],
    ["`a\\nb`", "a\\nb"],
    ['"a\\nb\\t\\"c\\""', 'a\nb\t"c"'],
    ["'it\\'s'", "it's"],
    ['"\\x41\\101\\u00e9\\U0001F600"', "AAé😀"],
    ['"\\xc3\\xa9"', "é"],
  ])("%s", (lit, want) => {
    expect(unquoteString(lit)).toBe(want);
  });

  it("keeps invalid UTF-8 bytes as escapes that quote back", () => {
    const s = unquoteString('"a\\xc5z"');
    expect(isValidUtf8(s)).toBe(false);
    expect(goQuote(s)).toBe('"a\\xc5z"');
  });

  it.each(['"abc', '"\\q"', '"\\x4"', '"\\400"'])("rejects %s", (lit) => {
    expect(() => unquoteString(lit)).toThrow();
  });
});

describe("Go float formatting", () => {
  it.each([
    [0, "0", "0e+00", "0"],
    [1, "1", "1e+00", "1"],
    [0.1, "0.1", "1e-01", "0.1"],
    [1234567, "1234567", "1.234567e+06", "1234567"],
    [1e21, "1000000000000000000000", "1e+21", "1e+21"],
    [1.5e-7, "0.00000015", "1.5e-07", "1.5e-07"],
    [-2.5, "-2.5", "-2.5e+00", "-2.5"],
    [NaN, "NaN", "NaN", "NaN"],
    [Infinity, "+Inf", "+Inf", "+Inf"],
    [-Infinity, "-Inf", "-Inf", "-Inf"],
  ])("%d", (v, f, e, g) => {
    expect(formatGoF(v)).toBe(f);
    expect(formatGoE(v)).toBe(e);
    expect(formatGoG(v)).toBe(g);
  });

  it("formatGoF round-trips", () => {
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (v) => Object.is(Number(formatGoF(v)), v) || v === 0));
  });
});

describe("parseGoFloat", () => {
  it.each([
    ["0.1", 0.1],
    [".2", 0.2],
    ["-.2", -0.2],
    ["1e0", 1],
    ["2.0e-1", 0.2],
    ["+Inf", Infinity],
    ["+inf", Infinity],
    ["-Infinity", -Infinity],
    ["NaN", NaN],
    ["0x1p-2", 0.25],
  ])("%s", (s, want) => {
    expect(parseGoFloat(s)).toBe(want);
  });

  it.each(["", "Hello World", "1,5", "0x10", "1e"])("rejects %j", (s) => {
    expect(parseGoFloat(s)).toBeUndefined();
  });
});
