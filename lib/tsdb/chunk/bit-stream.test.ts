import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { BitReader, BitWriter, ChunkFormatError } from "./bit-stream";

describe("BitWriter / BitReader", () => {
  it("writes most significant bit first", () => {
    const w = new BitWriter();
    w.writeBits(0b101, 3);
    w.writeBits(0b11111, 5);
    w.writeBit(1);
    expect(Array.from(w.bytes())).toEqual([0b10111111, 0b10000000]);
    expect(w.bitLength).toBe(9);
    expect(w.byteLength).toBe(2);
  });

  it("round-trips full 32-bit and 64-bit fields across byte boundaries", () => {
    const w = new BitWriter(1);
    w.writeBit(1);
    w.writeBits(0xffffffff, 32);
    w.writeBits64(0x80000001, 0xdeadbeef, 64);
    w.writeBits64(0x1, 0x0, 33);
    const r = new BitReader(w.bytes());
    expect(r.readBit()).toBe(1);
    expect(r.readBits(32)).toBe(0xffffffff);
    expect(r.readBits(32)).toBe(0x80000001);
    expect(r.readBits(32)).toBe(0xdeadbeef);
    expect(r.readBits(1)).toBe(1);
    expect(r.readBits(32)).toBe(0);
  });

  it("fails past the end instead of reading zeros", () => {
    const r = new BitReader(new Uint8Array([0xff]));
    expect(r.readBits(8)).toBe(0xff);
    expect(() => r.readBit()).toThrow(ChunkFormatError);
  });

  it("round-trips arbitrary field sequences", () => {
    const field = fc.integer({ min: 0, max: 32 }).chain((n) =>
      fc.tuple(fc.constant(n), n === 0 ? fc.constant(0) : fc.integer({ min: 0, max: 2 ** n - 1 })),
    );
    fc.assert(
      fc.property(fc.array(field, { maxLength: 200 }), (fields) => {
        const w = new BitWriter(1);
        for (const [n, v] of fields) w.writeBits(v, n);
        const r = new BitReader(w.bytes());
        for (const [n, v] of fields) expect(r.readBits(n)).toBe(v);
      }),
    );
  });
});
