/**
 * GGUF (v3) header encoding: magic, version, counts, metadata key/values and tensor infos, all
 * little-endian, strings as a u64 byte length followed by UTF-8 bytes without a terminator.
 */

/** The GGUF metadata value types, numbered as in the file format. */
export const GgufValueType = {
  UINT8: 0, INT8: 1, UINT16: 2, INT16: 3, UINT32: 4, INT32: 5, FLOAT32: 6, BOOL: 7,
  STRING: 8, ARRAY: 9, UINT64: 10, INT64: 11, FLOAT64: 12,
} as const;

/** A scalar metadata value type. */
export type GgufScalarType = Exclude<(typeof GgufValueType)[keyof typeof GgufValueType], 9>;

/** One metadata entry: a scalar, or an array of scalars of one type. */
export type GgufKv =
  | { key: string; type: GgufScalarType; value: number | bigint | boolean | string }
  | { key: string; type: 9; itemType: GgufScalarType; values: readonly (number | bigint | boolean | string)[] };

/** One tensor's header entry; dims are in ggml order (ne0, the contiguous one, first). */
export interface GgufTensorInfo {
  name: string;
  dims: readonly number[];
  type: number;
  /** Byte offset of the data from the start of the data section; a multiple of the alignment. */
  offset: number;
}

/** The GGUF magic, "GGUF" read as a little-endian u32. */
export const GGUF_MAGIC = 0x46554747;
/** The alignment llama.cpp assumes when general.alignment is absent. */
export const DEFAULT_ALIGNMENT = 32;

/** Rounds `n` up to a multiple of `alignment`. */
export function alignUp(n: number, alignment: number): number {
  return Math.ceil(n / alignment) * alignment;
}

/** A growable little-endian byte buffer. */
class ByteSink {
  private buf = Buffer.alloc(1 << 16);
  length = 0;

  private reserve(n: number): number {
    if (this.length + n > this.buf.length) {
      const next = Buffer.alloc(Math.max(this.buf.length * 2, this.length + n));
      this.buf.copy(next, 0, 0, this.length);
      this.buf = next;
    }
    const at = this.length;
    this.length += n;
    return at;
  }
  // reserve() may swap the buffer, so it must run before this.buf is read.
  private put(n: number, write: (buf: Buffer, at: number) => unknown): void {
    const at = this.reserve(n);
    write(this.buf, at);
  }
  u8(v: number) { this.put(1, (b, at) => b.writeUInt8(v, at)); }
  i8(v: number) { this.put(1, (b, at) => b.writeInt8(v, at)); }
  u16(v: number) { this.put(2, (b, at) => b.writeUInt16LE(v, at)); }
  i16(v: number) { this.put(2, (b, at) => b.writeInt16LE(v, at)); }
  u32(v: number) { this.put(4, (b, at) => b.writeUInt32LE(v, at)); }
  i32(v: number) { this.put(4, (b, at) => b.writeInt32LE(v, at)); }
  f32(v: number) { this.put(4, (b, at) => b.writeFloatLE(v, at)); }
  f64(v: number) { this.put(8, (b, at) => b.writeDoubleLE(v, at)); }
  u64(v: number | bigint) { this.put(8, (b, at) => b.writeBigUInt64LE(BigInt(v), at)); }
  i64(v: number | bigint) { this.put(8, (b, at) => b.writeBigInt64LE(BigInt(v), at)); }
  str(s: string) {
    const bytes = Buffer.from(s, "utf8");
    this.u64(bytes.length);
    this.put(bytes.length, (b, at) => bytes.copy(b, at));
  }
  zeros(n: number) { this.put(n, (b, at) => b.fill(0, at, at + n)); }
  bytes(): Buffer { return this.buf.subarray(0, this.length); }
}

function writeScalar(out: ByteSink, type: GgufScalarType, v: number | bigint | boolean | string): void {
  switch (type) {
    case 0: return out.u8(Number(v));
    case 1: return out.i8(Number(v));
    case 2: return out.u16(Number(v));
    case 3: return out.i16(Number(v));
    case 4: return out.u32(Number(v));
    case 5: return out.i32(Number(v));
    case 6: return out.f32(Number(v));
    case 7: return out.u8(v ? 1 : 0);
    case 8: return out.str(String(v));
    case 10: return out.u64(typeof v === "bigint" ? v : Number(v));
    case 11: return out.i64(typeof v === "bigint" ? v : Number(v));
    case 12: return out.f64(Number(v));
  }
}

/** Encodes one metadata entry (key, value type, value). */
export function encodeKv(kv: GgufKv): Buffer {
  const out = new ByteSink();
  writeKv(out, kv);
  return Buffer.from(out.bytes());
}

function writeKv(out: ByteSink, kv: GgufKv): void {
  out.str(kv.key);
  out.u32(kv.type);
  if (kv.type === GgufValueType.ARRAY) {
    out.u32(kv.itemType);
    out.u64(kv.values.length);
    for (const v of kv.values) writeScalar(out, kv.itemType, v);
  } else {
    writeScalar(out, kv.type, kv.value);
  }
}

/**
 * Encodes everything before the tensor data: header, metadata, tensor infos and the padding
 * up to the aligned start of the data section.
 */
export function encodeGgufHeader(kvs: readonly GgufKv[], tensors: readonly GgufTensorInfo[], alignment: number): Buffer {
  const out = new ByteSink();
  out.u32(GGUF_MAGIC);
  out.u32(3);
  out.u64(tensors.length);
  out.u64(kvs.length);
  for (const kv of kvs) writeKv(out, kv);
  for (const t of tensors) {
    if (t.offset % alignment !== 0) throw new Error(`tensor ${t.name}: offset ${t.offset} is not aligned to ${alignment}`);
    out.str(t.name);
    out.u32(t.dims.length);
    for (const d of t.dims) out.u64(d);
    out.u32(t.type);
    out.u64(t.offset);
  }
  out.zeros(alignUp(out.length, alignment) - out.length);
  return Buffer.from(out.bytes());
}
