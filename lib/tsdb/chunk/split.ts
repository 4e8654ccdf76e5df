/**
 * Cutting a run of samples into chunks small enough to stay inline in a PostgreSQL row: a row
 * over about 2 kB is TOASTed (compressed or moved out of line), which costs more than it saves.
 */
import { ChunkEncoder, MAX_CHUNK_SAMPLES } from "./xor-chunk";

/** Default byte budget per chunk; the row, with its ~50 bytes of overhead, stays under 2 kB. */
export const DEFAULT_CHUNK_BYTES = 1850;
/** The largest single sample a chunk can gain: prefix bits, a 64-bit dod and a 64-bit value. */
const WORST_SAMPLE_BYTES = 18;

/** One encoded chunk and the time range it covers. */
export interface EncodedChunk {
  minT: number;
  maxT: number;
  count: number;
  data: Uint8Array;
}

/**
 * Encodes samples (timestamps strictly increasing) into as few chunks as the byte budget allows;
 * `from`/`to` select a slice without copying.
 */
export function encodeSamples(
  timestamps: ArrayLike<number>,
  values: ArrayLike<number>,
  stale: ArrayLike<number> | null | undefined,
  opts: { from?: number; to?: number; maxBytes?: number } = {},
): EncodedChunk[] {
  const from = opts.from ?? 0;
  const to = opts.to ?? timestamps.length;
  const limit = (opts.maxBytes ?? DEFAULT_CHUNK_BYTES) - WORST_SAMPLE_BYTES;
  const out: EncodedChunk[] = [];
  let enc: ChunkEncoder | null = null;
  for (let i = from; i < to; i++) {
    if (enc && (enc.byteLength > limit || enc.count >= MAX_CHUNK_SAMPLES)) {
      out.push(done(enc));
      enc = null;
    }
    enc ??= new ChunkEncoder(1);
    enc.append(timestamps[i], values[i], stale ? stale[i] === 1 : false);
  }
  if (enc) out.push(done(enc));
  return out;
}

/** Like encodeSamples for multi-column rows (`columns[c][i]` is column c of row i). */
export function encodeRows(
  timestamps: ArrayLike<number>,
  columns: ArrayLike<number>[],
  opts: { maxBytes?: number } = {},
): EncodedChunk[] {
  const limit = (opts.maxBytes ?? DEFAULT_CHUNK_BYTES) - WORST_SAMPLE_BYTES * columns.length;
  const out: EncodedChunk[] = [];
  const row = new Float64Array(columns.length);
  let enc: ChunkEncoder | null = null;
  for (let i = 0; i < timestamps.length; i++) {
    if (enc && (enc.byteLength > limit || enc.count >= MAX_CHUNK_SAMPLES)) {
      out.push(done(enc));
      enc = null;
    }
    enc ??= new ChunkEncoder(columns.length);
    for (let c = 0; c < columns.length; c++) row[c] = columns[c][i];
    enc.appendRow(timestamps[i], row);
  }
  if (enc) out.push(done(enc));
  return out;
}

function done(enc: ChunkEncoder): EncodedChunk {
  return { minT: enc.minT, maxT: enc.maxT, count: enc.count, data: enc.finish() };
}
