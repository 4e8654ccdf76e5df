/**
 * ggml's Q8_0 and Q4_0 block formats, encoded the way llama.cpp's reference quantizers do, plus
 * small reference dequantizers used by the tests to check the round trip.
 *
 * Q8_0: per 32 values, an f16 scale d = max|x| / 127 and 32 int8 q with x ~ q * d (34 bytes).
 * Q4_0: per 32 values, an f16 scale d = m / -8 (m the value of largest magnitude, sign kept) and
 * 16 bytes where byte j holds value j in its low nibble and value j + 16 in its high nibble, each
 * stored as q + 8 with x ~ q * d (18 bytes).
 */
import { f16BitsToF32, f32ToF16Bits } from "./f16";

/** Values per Q8_0 or Q4_0 block. */
export const QK = 32;
/** Bytes per Q8_0 block. */
export const Q8_0_BYTES = 34;
/** Bytes per Q4_0 block. */
export const Q4_0_BYTES = 18;

/** Encodes `src` (length a multiple of 32) as Q8_0 blocks into `dst` at `offset`; returns the end. */
export function encodeQ8_0(src: Float32Array, dst: Uint8Array, offset = 0): number {
  let o = offset;
  for (let b = 0; b < src.length; b += QK) {
    let amax = 0;
    for (let j = 0; j < QK; j++) amax = Math.max(amax, Math.abs(src[b + j]));
    const d = amax / 127;
    const id = d ? 1 / d : 0;
    const h = f32ToF16Bits(d);
    dst[o] = h & 0xff;
    dst[o + 1] = h >>> 8;
    for (let j = 0; j < QK; j++) {
      const v = src[b + j] * id;
      // roundf() rounds halves away from zero; Math.round would round -2.5 to -2.
      dst[o + 2 + j] = (v < 0 ? -Math.round(-v) : Math.round(v)) & 0xff;
    }
    o += Q8_0_BYTES;
  }
  return o;
}

/** Encodes `src` (length a multiple of 32) as Q4_0 blocks into `dst` at `offset`; returns the end. */
export function encodeQ4_0(src: Float32Array, dst: Uint8Array, offset = 0): number {
  let o = offset;
  for (let b = 0; b < src.length; b += QK) {
    let amax = 0;
    let max = 0;
    for (let j = 0; j < QK; j++) {
      const v = src[b + j];
      if (Math.abs(v) > amax) {
        amax = Math.abs(v);
        max = v;
      }
    }
    const d = max / -8;
    const id = d ? 1 / d : 0;
    const h = f32ToF16Bits(d);
    dst[o] = h & 0xff;
    dst[o + 1] = h >>> 8;
    for (let j = 0; j < QK / 2; j++) {
      const lo = Math.min(15, Math.trunc(src[b + j] * id + 8.5));
      const hi = Math.min(15, Math.trunc(src[b + j + QK / 2] * id + 8.5));
      dst[o + 2 + j] = lo | (hi << 4);
    }
    o += Q4_0_BYTES;
  }
  return o;
}

/** Decodes `count` values of Q8_0 blocks (the reference the tests compare against). */
export function decodeQ8_0(src: Uint8Array, count: number, offset = 0): Float32Array {
  const out = new Float32Array(count);
  for (let b = 0, o = offset; b < count; b += QK, o += Q8_0_BYTES) {
    const d = f16BitsToF32(src[o] | (src[o + 1] << 8));
    for (let j = 0; j < QK; j++) out[b + j] = ((src[o + 2 + j] << 24) >> 24) * d;
  }
  return out;
}

/** Decodes `count` values of Q4_0 blocks (the reference the tests compare against). */
export function decodeQ4_0(src: Uint8Array, count: number, offset = 0): Float32Array {
  const out = new Float32Array(count);
  for (let b = 0, o = offset; b < count; b += QK, o += Q4_0_BYTES) {
    const d = f16BitsToF32(src[o] | (src[o + 1] << 8));
    for (let j = 0; j < QK / 2; j++) {
      out[b + j] = ((src[o + 2 + j] & 0x0f) - 8) * d;
      out[b + j + QK / 2] = ((src[o + 2 + j] >>> 4) - 8) * d;
    }
  }
  return out;
}

/** Encodes `src` as little-endian F16 into `dst` at `offset`; returns the end. */
export function encodeF16(src: Float32Array, dst: Uint8Array, offset = 0): number {
  let o = offset;
  for (let i = 0; i < src.length; i++, o += 2) {
    const h = f32ToF16Bits(src[i]);
    dst[o] = h & 0xff;
    dst[o + 1] = h >>> 8;
  }
  return o;
}
