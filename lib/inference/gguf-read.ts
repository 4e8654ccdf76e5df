/**
 * A GGUF header reader: enough to tell a model file from garbage, read its metadata and check
 * that every tensor's data lies inside the file, before llama.cpp (which may abort() the whole
 * process on a malformed file) ever sees it.
 */
import { DEFAULT_ALIGNMENT, GGUF_MAGIC, alignUp, type GgufTensorInfo } from "./gguf-encode";
import { tensorBytes } from "./ggml-types";

/** A GGUF metadata value as read: arrays become JS arrays, 64-bit integers bigint when huge. */
export type GgufValue = number | bigint | boolean | string | GgufValue[];

/** The parsed header of a GGUF file. */
export interface GgufHeader {
  version: number;
  metadata: Map<string, GgufValue>;
  tensors: GgufTensorInfo[];
  alignment: number;
  /** File offset where the tensor data section starts. */
  dataOffset: number;
  /** Bytes the file must have to hold every tensor of a known type. */
  requiredBytes: number;
}

/** Thrown by parseGgufHeader when the buffer ends before the header does. */
export class NeedMoreBytes extends Error {
  constructor() {
    super("GGUF header continues past the bytes given");
  }
}

/** A file that is not a readable GGUF model; the message names what is wrong. */
export class GgufFormatError extends Error {}

// Guards against absurd counts in a corrupt header, which would otherwise allocate forever.
const MAX_COUNT = 10_000_000;

class Cursor {
  pos = 0;
  constructor(private readonly buf: Buffer) {}
  need(n: number) {
    if (this.pos + n > this.buf.length) throw new NeedMoreBytes();
  }
  u8() { this.need(1); return this.buf.readUInt8(this.pos++); }
  u32() { this.need(4); const v = this.buf.readUInt32LE(this.pos); this.pos += 4; return v; }
  u64(): number | bigint {
    this.need(8);
    const v = this.buf.readBigUInt64LE(this.pos);
    this.pos += 8;
    return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
  }
  count(what: string): number {
    const n = this.u64();
    if (typeof n !== "number" || n > MAX_COUNT) throw new GgufFormatError(`implausible ${what} count ${n}`);
    return n;
  }
  str(): string {
    const n = this.count("string length");
    this.need(n);
    const s = this.buf.toString("utf8", this.pos, this.pos + n);
    this.pos += n;
    return s;
  }
  scalar(type: number, key: string): GgufValue {
    const b = this.buf;
    const at = (n: number) => { this.need(n); const p = this.pos; this.pos += n; return p; };
    switch (type) {
      case 0: return b.readUInt8(at(1));
      case 1: return b.readInt8(at(1));
      case 2: return b.readUInt16LE(at(2));
      case 3: return b.readInt16LE(at(2));
      case 4: return b.readUInt32LE(at(4));
      case 5: return b.readInt32LE(at(4));
      case 6: return b.readFloatLE(at(4));
      case 7: return b.readUInt8(at(1)) !== 0;
      case 8: return this.str();
      case 10: return this.u64();
      case 11: { const v = b.readBigInt64LE(at(8)); return Number.isSafeInteger(Number(v)) ? Number(v) : v; }
      case 12: return b.readDoubleLE(at(8));
      default: throw new GgufFormatError(`metadata ${key}: unknown value type ${type}`);
    }
  }
}

/** Parses a GGUF header from the first bytes of a file; throws NeedMoreBytes if they are too few. */
export function parseGgufHeader(buf: Buffer): GgufHeader {
  const c = new Cursor(buf);
  if (buf.length >= 4 && buf.readUInt32LE(0) !== GGUF_MAGIC) throw new GgufFormatError("not a GGUF file");
  c.u32();
  const version = c.u32();
  if (version < 2 || version > 3) throw new GgufFormatError(`unsupported GGUF version ${version}`);
  const tensorCount = c.count("tensor");
  const kvCount = c.count("metadata");
  const metadata = new Map<string, GgufValue>();
  for (let i = 0; i < kvCount; i++) {
    const key = c.str();
    const type = c.u32();
    if (type === 9) {
      const itemType = c.u32();
      if (itemType === 9) throw new GgufFormatError(`metadata ${key}: nested arrays are not supported`);
      const n = c.count(`metadata ${key} array`);
      const values: GgufValue[] = new Array(n);
      for (let j = 0; j < n; j++) values[j] = c.scalar(itemType, key);
      metadata.set(key, values);
    } else {
      metadata.set(key, c.scalar(type, key));
    }
  }
  const alignment = Number(metadata.get("general.alignment") ?? DEFAULT_ALIGNMENT);
  if (!Number.isInteger(alignment) || alignment <= 0 || (alignment & (alignment - 1)) !== 0)
    throw new GgufFormatError(`general.alignment ${alignment} is not a power of two`);
  const tensors: GgufTensorInfo[] = [];
  for (let i = 0; i < tensorCount; i++) {
    const name = c.str();
    const nDims = c.u32();
    if (nDims < 1 || nDims > 4) throw new GgufFormatError(`tensor ${name}: ${nDims} dimensions`);
    const dims: number[] = [];
    for (let d = 0; d < nDims; d++) dims.push(Number(c.u64()));
    const type = c.u32();
    const offset = Number(c.u64());
    if (offset % alignment !== 0) throw new GgufFormatError(`tensor ${name}: data offset ${offset} is not aligned`);
    tensors.push({ name, dims, type, offset });
  }
  const dataOffset = alignUp(c.pos, alignment);
  let requiredBytes = dataOffset;
  for (const t of tensors) {
    const bytes = tensorBytes(t.type, t.dims.reduce((a, b) => a * b, 1));
    if (bytes !== null) requiredBytes = Math.max(requiredBytes, dataOffset + t.offset + bytes);
  }
  return { version, metadata, tensors, alignment, dataOffset, requiredBytes };
}
