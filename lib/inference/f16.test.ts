import { describe, expect, it } from "vitest";
import { f16BitsToF32, f32ToF16Bits, roundToF16 } from "./f16";

describe("f32ToF16Bits", () => {
  it.each([
    [0, 0x0000],
    [-0, 0x8000],
    [1, 0x3c00],
    [-2, 0xc000],
    [0.5, 0x3800],
    [65504, 0x7bff], // largest finite half
    [65520, 0x7c00], // rounds up to infinity
    [Infinity, 0x7c00],
    [-Infinity, 0xfc00],
    [2 ** -14, 0x0400], // smallest normal
    [2 ** -24, 0x0001], // smallest subnormal
    [2 ** -25, 0x0000], // a tie between 0 and the smallest subnormal goes to even (0)
    [3 * 2 ** -25, 0x0002], // a tie between 1 and 2 subnormal steps goes to even (2)
    [1 + 2 ** -11, 0x3c00], // a tie below goes to even
    [1 + 3 * 2 ** -11, 0x3c02], // a tie above goes to even
    [0.1, 0x2e66],
  ])("%s -> %s", (v, bits) => {
    expect(f32ToF16Bits(v)).toBe(bits);
  });

  it("keeps NaN a NaN", () => {
    expect(Number.isNaN(f16BitsToF32(f32ToF16Bits(NaN)))).toBe(true);
  });

  it("round-trips every finite half value exactly", () => {
    const wrong: number[] = [];
    for (let h = 0; h < 0x10000; h++) {
      if ((h & 0x7c00) !== 0x7c00 && f32ToF16Bits(f16BitsToF32(h)) !== h) wrong.push(h);
    }
    expect(wrong).toEqual([]);
  });

  it("rounds to the nearest half value", () => {
    for (const v of [0.333, -1234.567, 3.14159, 1e-5, -7e-7]) {
      const r = roundToF16(v);
      const ulp = Math.max(2 ** -24, 2 ** (Math.floor(Math.log2(Math.abs(v))) - 10));
      expect(Math.abs(r - v)).toBeLessThanOrEqual(ulp / 2);
    }
  });
});
