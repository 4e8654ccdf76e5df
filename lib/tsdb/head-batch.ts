/**
 * The head's unit of storage: one row per committed append (normally one scrape), holding its
 * samples sorted by (series id, time) in a flat binary layout. Writing a scrape is then one row
 * and one index entry instead of one per sample, the same trade Prometheus makes with its WAL
 * records; compaction later turns the rows of a finished 2h window into per-series chunks.
 *
 * Layout, version 1 (little-endian, 8-byte aligned sections):
 *   u8 version=1 | u8 flags | u16 0 | u32 n | f64 t (flags & ONE_TIME: every sample's time) |
 *   i32[n] series ids, padded to 8 | f64[n] times (unless ONE_TIME) | f64[n] values |
 *   u8[ceil(n/8)] staleness bitmap (flags & HAS_STALE; a marker's value slot holds NaN)
 * Version 3, what appends write: the same 16-byte header with version 3, then everything after
 * it deflated (raw, level 1), with the series ids stored as differences from the previous id.
 * A scrape of 1,000 samples takes about 2.3 kB instead of 12 kB: the database then stores it
 * inline and the driver carries a sixth of the bytes, which is what an insert costs.
 * Version 2 is what migration 0007 built from the old per-sample head table in SQL: big-endian
 * records of (i32 series id, i64 time, f64 value, u8 stale), 21 bytes each, after u8 version=2
 * and u32 n.
 */
import zlib from "node:zlib";

const ONE_TIME = 1;
const HAS_STALE = 2;
const HEADER = 16;

/**
 * Samples sorted by (series id, time) with no repeated pair. A staleness marker is `v` null or,
 * in typed form (what appends build, so a scrape allocates no number per sample), 1 in `stale`.
 */
export interface HeadRows {
  sid: ArrayLike<number>;
  t: ArrayLike<number>;
  v: ArrayLike<number | null>;
  stale?: ArrayLike<number> | null;
}

/** Whether row i of `rows` is a staleness marker. */
export function isStaleRow(rows: HeadRows, i: number): boolean {
  return rows.v[i] === null || (rows.stale != null && rows.stale[i] === 1);
}

/** A decoded batch: parallel arrays sorted by (series id, time). */
export interface DecodedBatch {
  n: number;
  sids: Int32Array;
  times: Float64Array;
  values: Float64Array;
  /** 1 marks a staleness marker; null when the batch has none. */
  stale: Uint8Array | null;
}

/** An encoded batch with the bounds its row is indexed by. */
export interface EncodedBatch {
  data: Uint8Array;
  n: number;
  minT: number;
  maxT: number;
  sidMin: number;
  sidMax: number;
}

const pad8 = (x: number) => (x + 7) & ~7;

/** Encodes rows already sorted by (series id, time); throws on an empty batch. */
export function encodeBatch(rows: HeadRows, opts: { compress?: boolean } = {}): EncodedBatch {
  const n = rows.sid.length;
  if (n === 0) throw new RangeError("an empty head batch cannot be encoded");
  let minT = Infinity;
  let maxT = -Infinity;
  let anyStale = false;
  for (let i = 0; i < n; i++) {
    const t = rows.t[i];
    if (t < minT) minT = t;
    if (t > maxT) maxT = t;
    if (!anyStale && isStaleRow(rows, i)) anyStale = true;
  }
  const oneTime = minT === maxT;
  const sidBytes = pad8(4 * n);
  const size = HEADER + sidBytes + (oneTime ? 0 : 8 * n) + 8 * n + (anyStale ? (n + 7) >> 3 : 0);
  const buf = new ArrayBuffer(pad8(size));
  const view = new DataView(buf);
  view.setUint8(0, 1);
  view.setUint8(1, (oneTime ? ONE_TIME : 0) | (anyStale ? HAS_STALE : 0));
  view.setUint32(4, n, true);
  view.setFloat64(8, oneTime ? minT : 0, true);
  const sids = new Int32Array(buf, HEADER, n);
  for (let i = 0; i < n; i++) sids[i] = rows.sid[i];
  let off = HEADER + sidBytes;
  if (!oneTime) {
    const times = new Float64Array(buf, off, n);
    for (let i = 0; i < n; i++) times[i] = rows.t[i];
    off += 8 * n;
  }
  const values = new Float64Array(buf, off, n);
  off += 8 * n;
  const stale = anyStale ? new Uint8Array(buf, off, (n + 7) >> 3) : null;
  for (let i = 0; i < n; i++) {
    if (anyStale && isStaleRow(rows, i)) {
      values[i] = NaN;
      stale![i >> 3] |= 1 << (i & 7);
    } else {
      values[i] = rows.v[i] as number;
    }
  }
  const sidMin = sids[0];
  const sidMax = sids[n - 1];
  if (opts.compress === false) return { data: new Uint8Array(buf, 0, size), n, minT, maxT, sidMin, sidMax };
  for (let i = n - 1; i > 0; i--) sids[i] -= sids[i - 1];
  const body = zlib.deflateRawSync(new Uint8Array(buf, HEADER, size - HEADER), { level: 1 });
  const data = new Uint8Array(HEADER + body.byteLength);
  data.set(new Uint8Array(buf, 0, HEADER));
  data[0] = 3;
  data.set(body, HEADER);
  return { data, n, minT, maxT, sidMin, sidMax };
}

/** Decodes either version; the input may sit at any offset of any buffer. */
export function decodeBatch(input: Uint8Array): DecodedBatch {
  if (input.byteLength < 5) throw new RangeError("head batch: truncated header");
  const version = input[0];
  if (version === 2) return decodeLegacy(input);
  if (version === 3) return decodeFlat(inflated(input), true);
  if (version !== 1) throw new RangeError(`head batch: unknown version ${version}`);
  // Typed-array views need aligned offsets; drivers hand out slices of larger buffers.
  return decodeFlat(input.byteOffset % 8 === 0 ? input : input.slice(), false);
}

/** Version 3's header followed by its inflated body, in a fresh (aligned) buffer. */
function inflated(input: Uint8Array): Uint8Array {
  if (input.byteLength < HEADER) throw new RangeError("head batch: truncated header");
  let body: Buffer;
  try {
    body = zlib.inflateRawSync(input.subarray(HEADER));
  } catch (err) {
    throw new RangeError(`head batch: corrupt compressed body (${(err as Error).message})`);
  }
  const out = new Uint8Array(pad8(HEADER + body.byteLength)).subarray(0, HEADER + body.byteLength);
  out.set(input.subarray(0, HEADER));
  out.set(body, HEADER);
  return out;
}

function decodeFlat(bytes: Uint8Array, deltaIds: boolean): DecodedBatch {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const flags = view.getUint8(1);
  const n = view.getUint32(4, true);
  const oneTime = (flags & ONE_TIME) !== 0;
  const sidBytes = pad8(4 * n);
  const need = HEADER + sidBytes + (oneTime ? 0 : 8 * n) + 8 * n + (flags & HAS_STALE ? (n + 7) >> 3 : 0);
  if (bytes.byteLength < need) throw new RangeError(`head batch: ${bytes.byteLength} bytes, ${need} needed for ${n} samples`);
  const base = bytes.byteOffset;
  const sids = new Int32Array(bytes.buffer, base + HEADER, n);
  if (deltaIds) for (let i = 1; i < n; i++) sids[i] += sids[i - 1];
  let off = base + HEADER + sidBytes;
  let times: Float64Array;
  if (oneTime) {
    times = new Float64Array(n).fill(view.getFloat64(8, true));
  } else {
    times = new Float64Array(bytes.buffer, off, n);
    off += 8 * n;
  }
  const values = new Float64Array(bytes.buffer, off, n);
  off += 8 * n;
  let stale: Uint8Array | null = null;
  if (flags & HAS_STALE) {
    const bits = new Uint8Array(bytes.buffer, off, (n + 7) >> 3);
    stale = new Uint8Array(n);
    for (let i = 0; i < n; i++) stale[i] = (bits[i >> 3] >> (i & 7)) & 1;
  }
  return { n, sids, times, values, stale };
}

function decodeLegacy(input: Uint8Array): DecodedBatch {
  const view = new DataView(input.buffer, input.byteOffset, input.byteLength);
  const n = view.getUint32(1, false);
  if (input.byteLength < 5 + 21 * n) throw new RangeError(`head batch: ${input.byteLength} bytes, ${5 + 21 * n} needed for ${n} samples`);
  const sids = new Int32Array(n);
  const times = new Float64Array(n);
  const values = new Float64Array(n);
  let stale: Uint8Array | null = null;
  for (let i = 0, off = 5; i < n; i++, off += 21) {
    sids[i] = view.getInt32(off, false);
    times[i] = Number(view.getBigInt64(off + 4, false));
    values[i] = view.getFloat64(off + 12, false);
    if (view.getUint8(off + 20) !== 0) {
      stale ??= new Uint8Array(n);
      stale[i] = 1;
      values[i] = NaN;
    }
  }
  return { n, sids, times, values, stale };
}

/** First index in `sids` (sorted) whose id is >= `id`. */
export function lowerBoundId(sids: Int32Array, id: number, lo = 0, hi = sids.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sids[mid] < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
