import { describe, expect, it } from "vitest";
import { GgufValueType as T, alignUp, encodeGgufHeader, encodeKv, type GgufKv } from "./gguf-encode";
import { GgufFormatError, NeedMoreBytes, parseGgufHeader } from "./gguf-read";

describe("encodeKv", () => {
  it("writes key, type and a u32 value little-endian", () => {
    const b = encodeKv({ key: "a.b", type: T.UINT32, value: 0x01020304 });
    expect([...b]).toEqual([3, 0, 0, 0, 0, 0, 0, 0, 0x61, 0x2e, 0x62, 4, 0, 0, 0, 4, 3, 2, 1]);
  });

  it("writes strings as a u64 byte length and UTF-8 without a terminator", () => {
    const b = encodeKv({ key: "k", type: T.STRING, value: "é" });
    expect([...b.subarray(13)]).toEqual([2, 0, 0, 0, 0, 0, 0, 0, 0xc3, 0xa9]);
  });

  it("writes arrays as item type, u64 count, then the items", () => {
    const b = encodeKv({ key: "k", type: T.ARRAY, itemType: T.INT32, values: [-1, 2] });
    expect([...b.subarray(9)]).toEqual([9, 0, 0, 0, 5, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 2, 0, 0, 0]);
  });

  it("writes bools as one byte and f32 as IEEE single", () => {
    expect([...encodeKv({ key: "k", type: T.BOOL, value: true }).subarray(13)]).toEqual([1]);
    expect(encodeKv({ key: "k", type: T.FLOAT32, value: 1e-5 }).readFloatLE(13)).toBeCloseTo(1e-5, 10);
  });
});

describe("encodeGgufHeader", () => {
  const kvs: GgufKv[] = [
    { key: "general.architecture", type: T.STRING, value: "llama" },
    { key: "general.alignment", type: T.UINT32, value: 32 },
    { key: "x.list", type: T.ARRAY, itemType: T.STRING, values: ["<s>", "▁a"] },
    { key: "x.f", type: T.FLOAT64, value: 0.25 },
    { key: "x.big", type: T.UINT64, value: 2n ** 60n },
  ];
  const tensors = [
    { name: "a.weight", dims: [64, 3], type: 8, offset: 0 },
    { name: "b.weight", dims: [64], type: 0, offset: 224 },
  ];

  it("starts with GGUF, version 3, tensor and metadata counts", () => {
    const h = encodeGgufHeader(kvs, tensors, 32);
    expect(h.subarray(0, 4).toString("latin1")).toBe("GGUF");
    expect(h.readUInt32LE(4)).toBe(3);
    expect(h.readBigUInt64LE(8)).toBe(2n);
    expect(h.readBigUInt64LE(16)).toBe(5n);
  });

  it("pads to the alignment so that the data section starts aligned", () => {
    for (const a of [32, 64, 4096]) expect(encodeGgufHeader(kvs, [tensors[0]], a).length % a).toBe(0);
  });

  it("refuses unaligned tensor offsets", () => {
    expect(() => encodeGgufHeader(kvs, [{ ...tensors[0], offset: 10 }], 32)).toThrow(/not aligned/);
  });

  it("parses back to the same metadata and tensors", () => {
    const h = parseGgufHeader(encodeGgufHeader(kvs, tensors, 32));
    expect(h.version).toBe(3);
    expect(h.metadata.get("general.architecture")).toBe("llama");
    expect(h.metadata.get("x.list")).toEqual(["<s>", "▁a"]);
    expect(h.metadata.get("x.f")).toBe(0.25);
    expect(h.metadata.get("x.big")).toBe(2n ** 60n);
    expect(h.tensors).toEqual(tensors);
    expect(h.dataOffset % 32).toBe(0);
    // b.weight: 64 f32 at offset 224 ends the data.
    expect(h.requiredBytes).toBe(h.dataOffset + 224 + 256);
  });

  it("grows past its first buffer (a 32000-token vocab is about 300 KB)", () => {
    const tokens = Array.from({ length: 32000 }, (_, i) => `tok${i}`);
    const h = parseGgufHeader(encodeGgufHeader([{ key: "tokenizer.ggml.tokens", type: T.ARRAY, itemType: T.STRING, values: tokens }], [], 32));
    expect(h.metadata.get("tokenizer.ggml.tokens")).toEqual(tokens);
  });

  it("rounds up to alignment", () => {
    expect([alignUp(0, 32), alignUp(1, 32), alignUp(32, 32), alignUp(33, 32)]).toEqual([0, 32, 32, 64]);
  });
});

describe("parseGgufHeader", () => {
  const good = encodeGgufHeader([{ key: "k", type: T.UINT8, value: 1 }], [{ name: "t", dims: [4], type: 0, offset: 0 }], 32);

  it("rejects other files", () => {
    expect(() => parseGgufHeader(Buffer.from("#!/bin/sh\necho hello world\n"))).toThrow(new GgufFormatError("not a GGUF file"));
  });

  it("asks for more bytes when the header is cut short", () => {
    expect(() => parseGgufHeader(good.subarray(0, 30))).toThrow(NeedMoreBytes);
  });

  it("rejects unsupported versions, unknown value types and absurd counts", () => {
    const v1 = Buffer.from(good);
    v1.writeUInt32LE(1, 4);
    expect(() => parseGgufHeader(v1)).toThrow(/unsupported GGUF version 1/);
    const badType = Buffer.from(good);
    badType.writeUInt32LE(77, 24 + 8 + 1); // the value type after key "k"
    expect(() => parseGgufHeader(badType)).toThrow(/metadata k: unknown value type 77/);
    const huge = Buffer.from(good);
    huge.writeBigUInt64LE(2n ** 40n, 8);
    expect(() => parseGgufHeader(huge)).toThrow(/implausible tensor count/);
  });
});
