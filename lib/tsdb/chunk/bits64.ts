/**
 * 64-bit helpers over `hi:lo` pairs of unsigned 32-bit numbers: float bits, bit counts, shifts,
 * and the integer encodings (varints, small two's complement fields) the chunk format uses.
 */
import { STALE_NAN_HI, STALE_NAN_LO } from "@/lib/model";
import { BitReader, BitWriter, ChunkFormatError } from "./bit-stream";

const scratch = new DataView(new ArrayBuffer(8));

/** A mutable 64-bit value as two unsigned 32-bit halves. */
export interface U64 {
  hi: number;
  lo: number;
}

/** Writes the bits of `v` into `out`; stale markers get Prometheus's StaleNaN, other NaNs one canonical NaN. */
export function floatBits(v: number, stale: boolean, out: U64): void {
  if (stale) {
    out.hi = STALE_NAN_HI;
    out.lo = STALE_NAN_LO;
  } else if (v !== v) {
    // A NaN's payload is not reliable in JavaScript; never let one alias the stale marker.
    out.hi = 0x7ff80000;
    out.lo = 0;
  } else {
    scratch.setFloat64(0, v);
    out.hi = scratch.getUint32(0);
    out.lo = scratch.getUint32(4);
  }
}

/** The float64 whose bits are `hi:lo`. */
export function bitsToFloat(hi: number, lo: number): number {
  scratch.setUint32(0, hi);
  scratch.setUint32(4, lo);
  return scratch.getFloat64(0);
}

/** True when `hi:lo` are exactly the staleness marker's bits. */
export function isStaleBits(hi: number, lo: number): boolean {
  return hi === STALE_NAN_HI && lo === STALE_NAN_LO;
}

function ctz32(x: number): number {
  return x === 0 ? 32 : 31 - Math.clz32(x & -x);
}

/** Leading zero bits of a 64-bit value (64 for zero). */
export function clz64(hi: number, lo: number): number {
  return hi !== 0 ? Math.clz32(hi) : 32 + Math.clz32(lo);
}

/** Trailing zero bits of a 64-bit value (64 for zero). */
export function ctz64(hi: number, lo: number): number {
  return lo !== 0 ? ctz32(lo) : 32 + ctz32(hi);
}

/** Logical right shift by 0..63, into `out`. */
export function shr64(hi: number, lo: number, s: number, out: U64): void {
  if (s === 0) {
    out.hi = hi;
    out.lo = lo;
  } else if (s < 32) {
    out.lo = ((lo >>> s) | (hi << (32 - s))) >>> 0;
    out.hi = hi >>> s;
  } else {
    out.lo = hi >>> (s - 32);
    out.hi = 0;
  }
}

/** Left shift by 0..63, into `out`. */
export function shl64(hi: number, lo: number, s: number, out: U64): void {
  if (s === 0) {
    out.hi = hi;
    out.lo = lo;
  } else if (s < 32) {
    out.hi = ((hi << s) | (lo >>> (32 - s))) >>> 0;
    out.lo = (lo << s) >>> 0;
  } else {
    out.hi = (lo << (s - 32)) >>> 0;
    out.lo = 0;
  }
}

/** Writes a non-negative safe integer as a little-endian base-128 varint (Go's Uvarint). */
export function writeUvarint(w: BitWriter, x: number): void {
  while (x >= 128) {
    w.writeBits((x % 128) | 128, 8);
    x = Math.floor(x / 128);
  }
  w.writeBits(x, 8);
}

/** Reads a varint written by writeUvarint. */
export function readUvarint(r: BitReader): number {
  let x = 0;
  let scale = 1;
  for (let i = 0; i < 9; i++) {
    const b = r.readBits(8);
    x += (b & 127) * scale;
    if (b < 128) return x;
    scale *= 128;
  }
  throw new ChunkFormatError("varint too long");
}

/** Zigzag-encodes a signed integer (|x| <= 2^52) so small magnitudes stay small. */
export function zigzag(x: number): number {
  return x >= 0 ? 2 * x : -2 * x - 1;
}

/** Inverse of zigzag. */
export function unzigzag(z: number): number {
  return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
}

/** Writes a signed integer of magnitude <= 2^53 as 64-bit two's complement. */
export function writeInt64(w: BitWriter, x: number): void {
  const hi = Math.floor(x / 4294967296);
  const lo = x - hi * 4294967296;
  w.writeBits(hi >>> 0, 32);
  w.writeBits(lo, 32);
}

/** Reads what writeInt64 wrote. */
export function readInt64(r: BitReader): number {
  const hi = r.readBits(32) | 0;
  const lo = r.readBits(32);
  return hi * 4294967296 + lo;
}
