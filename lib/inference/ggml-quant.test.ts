import { describe, expect, it } from "vitest";
import { f16BitsToF32 } from "./f16";
import { Q4_0_BYTES, Q8_0_BYTES, decodeQ4_0, decodeQ8_0, encodeF16, encodeQ4_0, encodeQ8_0 } from "./ggml-quant";
import { createRng, fillUniform } from "./rng";

function random(n: number, seed: number, scale = 1): Float32Array {
  const out = new Float32Array(n);
  fillUniform(out, createRng(seed), scale);
  return out;
}

const scaleOf = (bytes: Uint8Array, at: number) => f16BitsToF32(bytes[at] | (bytes[at + 1] << 8));

describe("Q8_0", () => {
  it("writes an f16 scale max|x|/127 then 32 int8 per block", () => {
    const x = Float32Array.from({ length: 32 }, (_, j) => (j - 16) / 4); // -4 .. 3.75
    const out = new Uint8Array(Q8_0_BYTES);
    expect(encodeQ8_0(x, out)).toBe(Q8_0_BYTES);
    expect(scaleOf(out, 0)).toBeCloseTo(4 / 127, 4);
    expect((out[2] << 24) >> 24).toBe(-127); // x[0] = -4 is the extreme
    expect(out[2 + 16]).toBe(0); // x[16] = 0
  });

  it("round-trips within half a step per value", () => {
    const x = random(32 * 64, 1, 3);
    const out = new Uint8Array(64 * Q8_0_BYTES);
    encodeQ8_0(x, out);
    const y = decodeQ8_0(out, x.length);
    for (let b = 0; b < 64; b++) {
      const d = scaleOf(out, b * Q8_0_BYTES);
      for (let j = 0; j < 32; j++) {
        const i = b * 32 + j;
        // Half a step, plus the error of storing the scale in f16 (up to 127 steps of it).
        expect(Math.abs(y[i] - x[i])).toBeLessThanOrEqual(d / 2 + 127 * d * 2 ** -11 + 1e-7);
      }
    }
  });

  it("encodes an all-zero block as zeros", () => {
    const out = new Uint8Array(Q8_0_BYTES).fill(7);
    encodeQ8_0(new Float32Array(32), out);
    expect([...out].every((b) => b === 0)).toBe(true);
  });
});

describe("Q4_0", () => {
  it("puts value j in the low nibble and value j+16 in the high nibble of byte j", () => {
    // The extreme is -8 (so d = 1): each value v is stored as v + 8.
    const x = Float32Array.from({ length: 32 }, (_, j) => (j < 16 ? (j % 16) - 8 : 7 - (j - 16) % 16));
    const out = new Uint8Array(Q4_0_BYTES);
    encodeQ4_0(x, out);
    expect(scaleOf(out, 0)).toBe(1);
    for (let j = 0; j < 16; j++) {
      expect(out[2 + j] & 0x0f).toBe(x[j] + 8);
      expect(out[2 + j] >>> 4).toBe(x[j + 16] + 8);
    }
    expect([...decodeQ4_0(out, 32)]).toEqual([...x]);
  });

  it("uses d = m / -8 with m the signed value of largest magnitude", () => {
    const x = new Float32Array(32).fill(0.5);
    x[3] = 2;
    const out = new Uint8Array(Q4_0_BYTES);
    encodeQ4_0(x, out);
    expect(scaleOf(out, 0)).toBe(-0.25);
    expect(decodeQ4_0(out, 32)[3]).toBe(2);
  });

  it("round-trips within one step (half a step unless clamped at +7)", () => {
    const x = random(32 * 64, 2);
    const out = new Uint8Array(64 * Q4_0_BYTES);
    encodeQ4_0(x, out);
    const y = decodeQ4_0(out, x.length);
    let withinHalf = 0;
    for (let b = 0; b < 64; b++) {
      const d = Math.abs(scaleOf(out, b * Q4_0_BYTES));
      for (let j = 0; j < 32; j++) {
        const err = Math.abs(y[b * 32 + j] - x[b * 32 + j]);
        expect(err).toBeLessThanOrEqual(d * (1 + 2 ** -9) + 1e-7);
        if (err <= d / 2 + d * 2 ** -9) withinHalf++;
      }
    }
    expect(withinHalf / x.length).toBeGreaterThan(0.95);
  });
});

describe("encodeF16", () => {
  it("writes little-endian half values", () => {
    const out = new Uint8Array(4);
    expect(encodeF16(Float32Array.of(1, -2), out)).toBe(4);
    expect([...out]).toEqual([0x00, 0x3c, 0x00, 0xc0]);
  });
});
