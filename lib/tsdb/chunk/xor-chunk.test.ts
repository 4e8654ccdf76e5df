import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { STALE_NAN_HI, STALE_NAN_LO } from "@/lib/model";
import { BitReader } from "./bit-stream";
import { bitsToFloat } from "./bits64";
import { ChunkEncoder, ChunkFormatError, chunkHeader, decodeChunk } from "./index";

interface Sample {
  t: number;
  v: number;
  stale: boolean;
}

function encode(samples: Sample[]): Uint8Array {
  const enc = new ChunkEncoder();
  for (const s of samples) enc.append(s.t, s.v, s.stale);
  return enc.finish();
}

function expectRoundTrip(samples: Sample[]): Uint8Array {
  const data = encode(samples);
  const d = decodeChunk(data);
  expect(Array.from(d.timestamps)).toEqual(samples.map((s) => s.t));
  for (let i = 0; i < samples.length; i++) {
    const { v, stale } = samples[i];
    expect(d.stale?.[i] ?? 0).toBe(stale ? 1 : 0);
    if (stale) expect(d.columns[0][i]).toBeNaN();
    else expect(Object.is(d.columns[0][i], v) || (Number.isNaN(v) && Number.isNaN(d.columns[0][i]))).toBe(true);
  }
  return data;
}

const T0 = 1_767_225_600_000; // 2026-01-01T00:00:00Z

describe("XOR chunk", () => {
  it("encodes an empty chunk as a header only", () => {
    const data = new ChunkEncoder().finish();
    expect(chunkHeader(data)).toEqual({ columns: 1, count: 0 });
    expect(decodeChunk(data).timestamps.length).toBe(0);
  });

  it("round-trips one sample and two samples", () => {
    expectRoundTrip([{ t: T0, v: 1.5, stale: false }]);
    expectRoundTrip([
      { t: -5, v: -2, stale: false },
      { t: 10, v: 3, stale: true },
    ]);
  });

  it("spends about two bits per sample on a regular, constant series", () => {
    const samples = Array.from({ length: 120 }, (_, i) => ({ t: T0 + i * 15_000, v: 1, stale: false }));
    const data = expectRoundTrip(samples);
    // header 4 + t0 varint 6 + v0 8 + delta varint 2 + 118 * 2 bits = 50 bytes
    expect(data.length).toBeLessThanOrEqual(50);
  });

  it("keeps special values exactly: NaN, ±Inf, -0, extremes", () => {
    const values = [NaN, Infinity, -Infinity, -0, 0, 5e-324, -5e-324, Number.MAX_VALUE, -Number.MAX_VALUE, 1, NaN, -0];
    expectRoundTrip(values.map((v, i) => ({ t: T0 + i, v, stale: false })));
  });

  it("stores staleness markers as the exact StaleNaN bits", () => {
    const data = expectRoundTrip([
      { t: T0, v: NaN, stale: true },
      { t: T0 + 1, v: NaN, stale: false },
      { t: T0 + 2, v: NaN, stale: true },
    ]);
    const r = new BitReader(data, 4);
    r.readBits(8 * 6); // t0 varint: zigzag(T0) needs 6 bytes
    expect([r.readBits(32), r.readBits(32)]).toEqual([STALE_NAN_HI, STALE_NAN_LO]);
    const d = decodeChunk(data);
    expect(Array.from(d.stale!)).toEqual([1, 0, 1]);
  });

  it("never turns a NaN that happens to carry StaleNaN's payload into a marker", () => {
    const lookalike = bitsToFloat(STALE_NAN_HI, STALE_NAN_LO);
    const d = decodeChunk(encode([{ t: 1, v: lookalike, stale: false }]));
    expect(d.stale).toBeNull();
    expect(d.columns[0][0]).toBeNaN();
  });

  it("round-trips every delta-of-delta bucket boundary and huge gaps", () => {
    const dods = [0, 1, -1, 8191, -8191, 8192, -8192, 8193, 65535, -65535, 65536, 65537, -65536, 524287, 524288, 524289, -524287, -524288, 2 ** 40, -(2 ** 39)];
    let t = -(2 ** 50);
    let delta = 2 ** 41;
    const samples: Sample[] = [{ t, v: 0, stale: false }];
    for (const dod of dods) {
      delta += dod;
      t += delta;
      samples.push({ t, v: samples.length, stale: false });
    }
    expect(samples.every((s, i) => i === 0 || s.t > samples[i - 1].t)).toBe(true);
    expectRoundTrip(samples);
  });

  it("round-trips irregular, jittered scrape timestamps", () => {
    const samples: Sample[] = [];
    let t = T0;
    for (let i = 0; i < 500; i++) {
      t += 15_000 + ((i * 7919) % 41) - 20;
      samples.push({ t, v: Math.sin(i / 10) * 100, stale: i % 97 === 0 });
    }
    expectRoundTrip(samples);
  });

  it("rejects non-increasing, fractional and out-of-range timestamps", () => {
    const enc = new ChunkEncoder();
    enc.append(10, 1);
    expect(() => enc.append(10, 1)).toThrow(RangeError);
    expect(() => enc.append(9, 1)).toThrow(RangeError);
    expect(() => enc.append(11.5, 1)).toThrow(RangeError);
    expect(() => enc.append(2 ** 52, 1)).toThrow(RangeError);
    enc.append(11, 2); // still usable after refusals
    expect(decodeChunk(enc.finish()).timestamps.length).toBe(2);
  });

  it("fails on truncated or foreign bytes", () => {
    const data = encode(Array.from({ length: 20 }, (_, i) => ({ t: i * 1000, v: i * 1.1, stale: false })));
    expect(() => decodeChunk(data.subarray(0, data.length - 3))).toThrow(ChunkFormatError);
    expect(() => decodeChunk(new Uint8Array([9, 1, 0, 0]))).toThrow(ChunkFormatError);
    expect(() => decodeChunk(new Uint8Array([1]))).toThrow(ChunkFormatError);
  });

  it("round-trips multi-column rows", () => {
    const enc = new ChunkEncoder(3);
    enc.appendRow(0, [1, 2, 3]);
    enc.appendRow(300_000, [1, NaN, -Infinity]);
    enc.appendRow(600_000, [4, 2.5, 3]);
    const d = decodeChunk(enc.finish());
    expect(Array.from(d.timestamps)).toEqual([0, 300_000, 600_000]);
    expect(Array.from(d.columns[0])).toEqual([1, 1, 4]);
    expect(Array.from(d.columns[1])).toEqual([2, NaN, 2.5]);
    expect(Array.from(d.columns[2])).toEqual([3, -Infinity, 3]);
    expect(d.stale).toBeNull();
    expect(() => enc.append(1, 1)).toThrow(RangeError);
  });
});

describe("XOR chunk properties", () => {
  const sample = fc.record({
    gap: fc.oneof(fc.integer({ min: 1, max: 30_000 }), fc.constant(15_000), fc.integer({ min: 1, max: 2 ** 40 })),
    v: fc.oneof(fc.double(), fc.constantFrom(NaN, Infinity, -Infinity, -0, 0, 1), fc.integer().map((x) => x / 4)),
    stale: fc.boolean(),
  });

  it("round-trips arbitrary samples bit-exactly", () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 45), max: 2 ** 45 }), fc.array(sample, { maxLength: 300 }), (start, raw) => {
        let t = start;
        const samples = raw.map((s) => ({ t: (t += s.gap), v: s.v, stale: s.stale }));
        expectRoundTrip(samples);
      }),
      { numRuns: 300 },
    );
  });

  it("round-trips arbitrary float bit patterns (non-NaN)", () => {
    const bits = fc.tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 0xffffffff }));
    fc.assert(
      fc.property(fc.array(bits, { minLength: 1, maxLength: 200 }), (pairs) => {
        const samples = pairs.map(([hi, lo], i) => ({ t: i, v: bitsToFloat(hi, lo), stale: false }));
        expectRoundTrip(samples);
      }),
    );
  });

  it("round-trips arbitrary multi-column rows", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.array(fc.array(fc.double(), { minLength: 6, maxLength: 6 }), { maxLength: 100 }), (cols, rows) => {
        const enc = new ChunkEncoder(cols);
        rows.forEach((r, i) => enc.appendRow(i * 300_000, r.slice(0, cols)));
        const d = decodeChunk(enc.finish());
        for (let c = 0; c < cols; c++) {
          expect(Array.from(d.columns[c])).toEqual(rows.map((r) => r[c]));
        }
      }),
    );
  });
});
