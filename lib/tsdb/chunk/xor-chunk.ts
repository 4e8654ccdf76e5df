/**
 * A Gorilla-style chunk as in Prometheus's XOR chunk: delta-of-delta timestamps and XOR-compressed
 * float64 values. One timestamp stream carries one or more value columns (raw samples use one,
 * 5-minute rollups several). Layout: version byte, column count byte, uint16 sample count, bits.
 */
import { BitReader, BitWriter, ChunkFormatError } from "./bit-stream";
import {
  bitsToFloat,
  clz64,
  ctz64,
  floatBits,
  isStaleBits,
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

const VERSION = 1;
const HEADER_BYTES = 4;
/** Most samples one chunk can hold (the count is a uint16). */
export const MAX_CHUNK_SAMPLES = 65535;
/** Largest timestamp magnitude accepted, so every delta-of-delta stays an exact double. */
export const MAX_ABS_TIMESTAMP = 2 ** 51;
/** Most value columns one chunk can carry. */
export const MAX_CHUNK_COLUMNS = 16;

// Delta-of-delta buckets after Prometheus: prefix bits, then a field of this many bits.
const DOD_FIELDS = [14, 17, 20] as const;

function fitsSigned(x: number, bits: number): boolean {
  const half = 2 ** (bits - 1);
  return x >= -(half - 1) && x <= half;
}

/** Builds one chunk sample by sample; timestamps must strictly increase. */
export class ChunkEncoder {
  private readonly w = new BitWriter(256);
  private n = 0;
  private t = 0;
  private firstT = 0;
  private delta = 0;
  private readonly prevHi: Uint32Array;
  private readonly prevLo: Uint32Array;
  private readonly leading: Uint8Array;
  private readonly trailing: Uint8Array;
  private readonly bits: U64 = { hi: 0, lo: 0 };
  private readonly shifted: U64 = { hi: 0, lo: 0 };

  constructor(readonly columns = 1) {
    if (!Number.isInteger(columns) || columns < 1 || columns > MAX_CHUNK_COLUMNS) {
      throw new RangeError(`chunk columns must be 1..${MAX_CHUNK_COLUMNS}, got ${columns}`);
    }
    this.prevHi = new Uint32Array(columns);
    this.prevLo = new Uint32Array(columns);
    this.leading = new Uint8Array(columns).fill(0xff);
    this.trailing = new Uint8Array(columns);
    this.w.writeBits(VERSION, 8);
    this.w.writeBits(columns, 8);
    this.w.writeBits(0, 16); // sample count, patched in finish()
  }

  /** Samples appended so far. */
  get count(): number {
    return this.n;
  }

  /** Size of the chunk if finished now. */
  get byteLength(): number {
    return this.w.byteLength;
  }

  /** First timestamp (meaningless while empty). */
  get minT(): number {
    return this.firstT;
  }

  /** Last timestamp (meaningless while empty). */
  get maxT(): number {
    return this.t;
  }

  /** Appends a single-column sample; `stale` writes Prometheus's StaleNaN bits. */
  append(t: number, v: number, stale = false): void {
    if (this.columns !== 1) throw new RangeError("append() is for single-column chunks; use appendRow()");
    this.appendTime(t);
    this.appendValue(0, v, stale);
    this.n++;
  }

  /** Appends one timestamp with a value for every column. */
  appendRow(t: number, values: ArrayLike<number>): void {
    if (values.length !== this.columns) throw new RangeError(`expected ${this.columns} values, got ${values.length}`);
    this.appendTime(t);
    for (let c = 0; c < this.columns; c++) this.appendValue(c, values[c], false);
    this.n++;
  }

  /** The chunk's bytes. The encoder may keep being used afterwards. */
  finish(): Uint8Array {
    const out = this.w.bytes();
    out[2] = this.n >>> 8;
    out[3] = this.n & 0xff;
    return out;
  }

  private appendTime(t: number): void {
    if (!Number.isSafeInteger(t) || Math.abs(t) > MAX_ABS_TIMESTAMP) {
      throw new RangeError(`timestamp ${t} is not an integer within ±2^51 ms`);
    }
    if (this.n >= MAX_CHUNK_SAMPLES) throw new RangeError(`chunk is full (${MAX_CHUNK_SAMPLES} samples)`);
    const w = this.w;
    if (this.n === 0) {
      writeUvarint(w, zigzag(t));
      this.firstT = t;
    } else {
      if (t <= this.t) throw new RangeError(`timestamps must increase: ${t} after ${this.t}`);
      const delta = t - this.t;
      if (this.n === 1) {
        writeUvarint(w, delta);
      } else {
        this.writeDod(delta - this.delta);
      }
      this.delta = delta;
    }
    this.t = t;
  }

  private writeDod(dod: number): void {
    const w = this.w;
    if (dod === 0) {
      w.writeBit(0);
      return;
    }
    for (let i = 0; i < DOD_FIELDS.length; i++) {
      const bits = DOD_FIELDS[i];
      if (fitsSigned(dod, bits)) {
        // Prefix: i+1 ones then a zero ('10', '110', '1110').
        w.writeBits(((1 << (i + 2)) - 2) >>> 0, i + 2);
        w.writeBits(dod < 0 ? dod + 2 ** bits : dod, bits);
        return;
      }
    }
    w.writeBits(0b1111, 4);
    writeInt64(w, dod);
  }

  private appendValue(c: number, v: number, stale: boolean): void {
    const w = this.w;
    const b = this.bits;
    floatBits(v, stale, b);
    if (this.n === 0) {
      w.writeBits(b.hi, 32);
      w.writeBits(b.lo, 32);
    } else {
      const xh = (b.hi ^ this.prevHi[c]) >>> 0;
      const xl = (b.lo ^ this.prevLo[c]) >>> 0;
      if (xh === 0 && xl === 0) {
        w.writeBit(0);
      } else {
        w.writeBit(1);
        const lead = Math.min(clz64(xh, xl), 31); // 5-bit field
        const trail = ctz64(xh, xl);
        const pl = this.leading[c];
        const pt = this.trailing[c];
        if (pl !== 0xff && lead >= pl && trail >= pt) {
          // The change fits in the previous window of meaningful bits: reuse it.
          w.writeBit(0);
          shr64(xh, xl, pt, this.shifted);
          w.writeBits64(this.shifted.hi, this.shifted.lo, 64 - pl - pt);
        } else {
          w.writeBit(1);
          const sig = 64 - lead - trail;
          w.writeBits(lead, 5);
          w.writeBits(sig & 63, 6); // 64 is written as 0
          shr64(xh, xl, trail, this.shifted);
          w.writeBits64(this.shifted.hi, this.shifted.lo, sig);
          this.leading[c] = lead;
          this.trailing[c] = trail;
        }
      }
    }
    this.prevHi[c] = b.hi;
    this.prevLo[c] = b.lo;
  }
}

/** A chunk's samples: timestamps, one array per value column, and stale flags of column 0. */
export interface DecodedChunk {
  timestamps: Float64Array;
  columns: Float64Array[];
  /** 1 where column 0 holds a staleness marker; null when there is none. */
  stale: Uint8Array | null;
}

/** Sample and column counts from a chunk's header. */
export function chunkHeader(data: Uint8Array): { columns: number; count: number } {
  if (data.length < HEADER_BYTES || data[0] !== VERSION) throw new ChunkFormatError("not a version 1 chunk");
  const columns = data[1];
  if (columns < 1 || columns > MAX_CHUNK_COLUMNS) throw new ChunkFormatError(`bad column count ${columns}`);
  return { columns, count: (data[2] << 8) | data[3] };
}

/** Decodes a chunk written by ChunkEncoder, bit-exact (staleness markers flagged, not lost). */
export function decodeChunk(data: Uint8Array): DecodedChunk {
  const { columns, count } = chunkHeader(data);
  const r = new BitReader(data, HEADER_BYTES);
  const timestamps = new Float64Array(count);
  const cols: Float64Array[] = [];
  for (let c = 0; c < columns; c++) cols.push(new Float64Array(count));
  let stale: Uint8Array | null = null;
  const hi = new Uint32Array(columns);
  const lo = new Uint32Array(columns);
  const leading = new Uint8Array(columns);
  const trailing = new Uint8Array(columns);
  const tmp: U64 = { hi: 0, lo: 0 };
  let t = 0;
  let delta = 0;
  for (let i = 0; i < count; i++) {
    if (i === 0) {
      t = unzigzag(readUvarint(r));
    } else if (i === 1) {
      delta = readUvarint(r);
      t += delta;
    } else {
      delta += readDod(r);
      t += delta;
    }
    timestamps[i] = t;
    for (let c = 0; c < columns; c++) {
      if (i === 0) {
        hi[c] = r.readBits(32);
        lo[c] = r.readBits(32);
      } else if (r.readBit() === 1) {
        if (r.readBit() === 1) {
          leading[c] = r.readBits(5);
          const sig = r.readBits(6) || 64;
          if (leading[c] + sig > 64) throw new ChunkFormatError("bad XOR window");
          trailing[c] = 64 - leading[c] - sig;
        }
        const sig = 64 - leading[c] - trailing[c];
        const xh = sig > 32 ? r.readBits(sig - 32) : 0;
        const xl = r.readBits(sig > 32 ? 32 : sig);
        shl64(xh, xl, trailing[c], tmp);
        hi[c] = (hi[c] ^ tmp.hi) >>> 0;
        lo[c] = (lo[c] ^ tmp.lo) >>> 0;
      }
      if (c === 0 && isStaleBits(hi[0], lo[0])) {
        stale ??= new Uint8Array(count);
        stale[i] = 1;
        cols[0][i] = NaN;
      } else {
        cols[c][i] = bitsToFloat(hi[c], lo[c]);
      }
    }
  }
  return { timestamps, columns: cols, stale };
}

function readDod(r: BitReader): number {
  let ones = 0;
  while (ones < 4 && r.readBit() === 1) ones++;
  if (ones === 0) return 0;
  if (ones === 4) return readInt64(r);
  const bits = DOD_FIELDS[ones - 1];
  const raw = r.readBits(bits);
  return raw > 2 ** (bits - 1) ? raw - 2 ** bits : raw;
}
