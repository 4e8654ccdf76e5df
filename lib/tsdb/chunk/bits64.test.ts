import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { STALE_NAN_HI, STALE_NAN_LO } from "@/lib/model";
import { BitReader, BitWriter } from "./bit-stream";
import {
  bitsToFloat,
  clz64,
  ctz64,
  floatBits,
  readInt64,
  readUvarint,
  shl64,
  shr64,
  unzigzag,
  writeInt64,
  writeUvarint,
  zigzag,
  type U64,
} from "./bits64";

const u32 = fc.integer({ min: 0, max: 0xffffffff });

function toBig(hi: number, lo: number): bigint {
  return (BigInt(hi) << 32n) | BigInt(lo);
}

describe("64-bit helpers", () => {
  it("gives stale markers the exact StaleNaN bits and other NaNs a canonical NaN", () => {
    const b: U64 = { hi: 0, lo: 0 };
    floatBits(NaN, true, b);
    expect([b.hi, b.lo]).toEqual([STALE_NAN_HI, STALE_NAN_LO]);
    floatBits(bitsToFloat(STALE_NAN_HI, STALE_NAN_LO), false, b);
    expect([b.hi, b.lo]).toEqual([0x7ff80000, 0]);
    floatBits(-0, false, b);
    expect([b.hi, b.lo]).toEqual([0x80000000, 0]);
    floatBits(-Infinity, false, b);
    expect([b.hi, b.lo]).toEqual([0xfff00000, 0]);
  });

  it("counts leading and trailing zeros like a 64-bit integer", () => {
    fc.assert(
      fc.property(u32, u32, (hi, lo) => {
        const x = toBig(hi, lo);
        const bin = x.toString(2).padStart(64, "0");
        expect(clz64(hi, lo)).toBe(x === 0n ? 64 : bin.indexOf("1"));
        expect(ctz64(hi, lo)).toBe(x === 0n ? 64 : 63 - bin.lastIndexOf("1"));
      }),
    );
  });

  it("shifts like a 64-bit integer", () => {
    fc.assert(
      fc.property(u32, u32, fc.integer({ min: 0, max: 63 }), (hi, lo, s) => {
        const x = toBig(hi, lo);
        const out: U64 = { hi: 0, lo: 0 };
        shr64(hi, lo, s, out);
        expect(toBig(out.hi, out.lo)).toBe(x >> BigInt(s));
        shl64(hi, lo, s, out);
        expect(toBig(out.hi, out.lo)).toBe((x << BigInt(s)) & 0xffffffffffffffffn);
      }),
    );
  });

  it("round-trips varints, zigzag and 64-bit integers up to 2^53", () => {
    const int = fc.integer({ min: -(2 ** 51), max: 2 ** 51 });
    fc.assert(
      fc.property(int, fc.maxSafeNat(), fc.integer({ min: -(2 ** 53), max: 2 ** 53 }), (z, u, big) => {
        expect(unzigzag(zigzag(z))).toBe(z);
        const w = new BitWriter(1);
        w.writeBit(1); // misalign on purpose
        writeUvarint(w, u);
        writeInt64(w, big);
        const r = new BitReader(w.bytes());
        r.readBit();
        expect(readUvarint(r)).toBe(u);
        expect(readInt64(r)).toBe(big);
      }),
    );
  });
});
