import { describe, expect, it } from "vitest";
import { alignDown, float8Text, floatArray, intArray, pgErrorCode, textArray } from "./sql-util";

describe("sql-util", () => {
  it("writes array literals PostgreSQL parses back exactly", () => {
    expect(intArray([1, -2, 3])).toBe("{1,-2,3}");
    expect(floatArray([1.5, null, NaN, -0, Infinity, -Infinity, 5e-324])).toBe("{1.5,NULL,NaN,-0,Infinity,-Infinity,5e-324}");
    expect(textArray(['a"b', "c\\d", "", "NULL"])).toBe('{"a\\"b","c\\\\d","","NULL"}');
    expect(float8Text(-0)).toBe("-0");
  });

  it("aligns negative times down", () => {
    expect(alignDown(-1, 10)).toBe(-10);
    expect(alignDown(25, 10)).toBe(20);
  });

  it("finds error codes through wrappers", () => {
    expect(pgErrorCode({ message: "x", cause: { code: "23503" } })).toBe("23503");
    expect(pgErrorCode(new Error("plain"))).toBeUndefined();
  });
});
