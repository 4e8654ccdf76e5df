/**
 * The chunk cache: encoded chunks kept in memory per (series, 2h window), so repeated queries over
 * the same old data do not read them from the database again, as Prometheus serves its blocks
 * from the page cache. Entries hold the chunk bytes as stored (about 1.7 bytes per sample) and are
 * decoded on every read; a byte budget bounds them, least recently used first out.
 *
 * Exactness across processes: every statement that writes tsdb_chunks (compaction, retention,
 * migrations, anyone) bumps the `chunks_generation` row of tsdb_state in its own transaction,
 * through a trigger (migration 0008). A reader reads the generation before it reads any chunk;
 * a generation other than the cache's empties the cache, and what a reader fetches is stored
 * tagged with the generation it read beforehand, and kept only while that is still the cache's.
 * So an entry is only ever used by a reader that saw the same committed generation, and every
 * chunk write committed before that reader's generation read had committed before the entry's
 * chunks were read (the generation grows by one per committed write, under a row lock). An entry
 * can also reflect a write committed after that generation read, as a direct read made a moment
 * later would; the next reader then sees the newer generation and drops it.
 */
import { sql } from "drizzle-orm";
import { decodeChunk } from "./chunk";
import type { SampleRun } from "./merge";
import type { TimeRange } from "./series-index";
import { alignDown, bytes, intArray, num, query, type Executor } from "./sql-util";
import { CHUNK_RANGE_MS } from "./types";

/** Chunk cache settings. */
export interface ChunkCacheOptions {
  /** Memory budget in bytes, chunk data plus bookkeeping (default 256 MiB); 0 turns the cache off. */
  maxBytes?: number;
}

/** Sizes and counters of a chunk cache. */
export interface ChunkCacheStats {
  /** (series, window) entries held, including windows known to hold no chunk. */
  entries: number;
  /** Bytes counted against the budget: chunk data plus a fixed overhead per entry and chunk. */
  bytes: number;
  maxBytes: number;
  /** (series, window) pairs served from memory since the store was created. */
  hits: number;
  /** (series, window) pairs read from the database since the store was created. */
  misses: number;
  /** Entries dropped to stay within the budget. */
  evictions: number;
  /** Times the cache was emptied because the stored chunks changed. */
  invalidations: number;
  /** The `chunks_generation` the entries belong to (null before the first read). */
  generation: number | null;
}

/** Default budget: 256 MiB, about 150 M samples of typical chunks. */
export const DEFAULT_CHUNK_CACHE_BYTES = 256 * 1024 * 1024;
/** The tsdb_state key of the counter that the trigger of migration 0008 bumps. */
export const CHUNKS_GENERATION_KEY = "chunks_generation";

// Bookkeeping per entry and per chunk beyond the chunk bytes, measured on Node 20 (a Map slot,
// the entry object and its array: ~117 bytes; a Uint8Array with its own backing store: ~270-320).
const ENTRY_OVERHEAD = 128;
const CHUNK_OVERHEAD = 320;
/** Ranges wider than this many windows (31 days) read the database directly. */
const MAX_WINDOWS = 372;
/** Distinct spans of missing windows read with one query each; more are read as their union. */
const MAX_MISS_QUERIES = 4;
/** Keys are sid * 2^22 + (window index mod 2^22); entries record their window to tell apart the rare clash. */
const WINDOW_SLOTS = 4_194_304;

/** One stored chunk: its time bounds and its encoded bytes (own copy). */
interface CachedChunk {
  minT: number;
  maxT: number;
  data: Uint8Array;
}

interface Entry {
  window: number;
  chunks: readonly CachedChunk[];
  bytes: number;
}

const NONE: readonly CachedChunk[] = Object.freeze([]);

function keyOf(sid: number, window: number): number {
  const slot = Math.round(window / CHUNK_RANGE_MS) % WINDOW_SLOTS;
  return sid * WINDOW_SLOTS + (slot < 0 ? slot + WINDOW_SLOTS : slot);
}

/** Encoded chunks per (series id, window start), least recently used first out. */
export class ChunkCache {
  // A Map iterates in insertion order: a hit is re-inserted, so the first key is the least recent.
  private readonly entries = new Map<number, Entry>();
  private used = 0;
  private gen: number | null = null;
  private hits = 0;
  private misses = 0;
  private evictions = 0;
  private invalidations = 0;

  constructor(readonly maxBytes: number = DEFAULT_CHUNK_CACHE_BYTES) {
    if (!(maxBytes >= 0) || !Number.isFinite(maxBytes)) throw new Error(`chunk cache maxBytes must be a number >= 0, got ${maxBytes}`);
  }

  get enabled(): boolean {
    return this.maxBytes > 0;
  }

  /** The generation the entries belong to. */
  get generation(): number | null {
    return this.gen;
  }

  /** Adopts the generation a reader has just read: any other than the cache's empties it. */
  sync(generation: number | null): void {
    if (generation === this.gen) return;
    if (this.entries.size > 0) this.invalidations++;
    this.clear();
    this.gen = generation;
  }

  /** Forgets every entry (counters stay). */
  clear(): void {
    this.entries.clear();
    this.used = 0;
  }

  /** The chunks of a series in the window starting at `window`, if held; marks them recently used. */
  get(sid: number, window: number): readonly CachedChunk[] | undefined {
    const key = keyOf(sid, window);
    const e = this.entries.get(key);
    if (!e || e.window !== window) return undefined;
    this.entries.delete(key);
    this.entries.set(key, e);
    return e.chunks;
  }

  /**
   * Stores what a reader fetched after reading `generation`; ignored unless that is still the
   * cache's (a newer one means the fetched chunks may already be out of date).
   */
  put(generation: number, sid: number, window: number, chunks: readonly CachedChunk[]): void {
    if (generation !== this.gen) return;
    let size = ENTRY_OVERHEAD;
    for (const c of chunks) size += c.data.byteLength + CHUNK_OVERHEAD;
    if (size > this.maxBytes) return;
    const key = keyOf(sid, window);
    const old = this.entries.get(key);
    if (old) {
      this.used -= old.bytes;
      this.entries.delete(key);
    }
    this.entries.set(key, { window, chunks, bytes: size });
    this.used += size;
    while (this.used > this.maxBytes) {
      const first = this.entries.entries().next().value!;
      this.entries.delete(first[0]);
      this.used -= first[1].bytes;
      this.evictions++;
    }
  }

  /** Counts pairs served from memory and read from the database. */
  count(hits: number, misses: number): void {
    this.hits += hits;
    this.misses += misses;
  }

  stats(): ChunkCacheStats {
    return {
      entries: this.entries.size,
      bytes: this.used,
      maxBytes: this.maxBytes,
      hits: this.hits,
      misses: this.misses,
      evictions: this.evictions,
      invalidations: this.invalidations,
      generation: this.gen,
    };
  }
}

/** The committed `chunks_generation`, or null if the row is missing. */
export async function readChunksGeneration(ex: Executor): Promise<number | null> {
  const rows = await query<{ value: unknown }>(ex, sql`SELECT value FROM tsdb_state WHERE key = ${CHUNKS_GENERATION_KEY}`);
  return rows.length > 0 ? num(rows[0].value) : null;
}

/** A stored raw chunk decoded as a sample run. */
export function chunkRun(data: Uint8Array): SampleRun {
  const d = decodeChunk(data);
  return { timestamps: d.timestamps, values: d.columns[0], stale: d.stale };
}

/**
 * Chunk runs per series id in the range, in time order, as readChunkRuns returns them, served
 * from the cache where it holds the (series, window) and read from the database (and stored)
 * where not. Returns null when the cache is not worth using for this read (a range of over 31
 * days, more entries than the budget, or no generation row); the caller then reads directly.
 *
 * Callers that also read the head must read it first (see readRuns): the generation is read here,
 * after the head, so a compaction that committed before the head read is also before this
 * generation read, and its chunks are in every entry this read may use.
 */
export async function readChunkRunsCached(
  ex: Executor,
  cache: ChunkCache,
  ids: readonly number[],
  range: TimeRange,
): Promise<Map<number, SampleRun[]> | null> {
  const runs = new Map<number, SampleRun[]>();
  const sids = [...new Set(ids)];
  if (sids.length === 0) return runs;
  const w0 = alignDown(range.minT, CHUNK_RANGE_MS);
  const nWin = Math.round((alignDown(range.maxT, CHUNK_RANGE_MS) - w0) / CHUNK_RANGE_MS) + 1;
  if (nWin > MAX_WINDOWS || sids.length * nWin * ENTRY_OVERHEAD > cache.maxBytes) return null;

  const generation = await readChunksGeneration(ex);
  cache.sync(generation);
  if (generation === null) return null;

  // Look up every pair, with no await since the sync: the entries used all belong to `generation`.
  const found: (readonly CachedChunk[] | undefined)[] = new Array(sids.length * nWin);
  const missing = new Uint8Array(sids.length * nWin);
  const spans = new Map<string, { lo: number; hi: number; idx: number[] }>();
  let hits = 0;
  let misses = 0;
  for (let i = 0; i < sids.length; i++) {
    let lo = -1;
    let hi = -1;
    for (let k = 0; k < nWin; k++) {
      const chunks = cache.get(sids[i], w0 + k * CHUNK_RANGE_MS);
      if (chunks) {
        found[i * nWin + k] = chunks;
        hits++;
      } else {
        missing[i * nWin + k] = 1;
        misses++;
        if (lo < 0) lo = k;
        hi = k;
      }
    }
    if (lo < 0) continue;
    const key = `${lo}:${hi}`;
    const span = spans.get(key);
    if (span) span.idx.push(i);
    else spans.set(key, { lo, hi, idx: [i] });
  }
  cache.count(hits, misses);

  if (misses > 0) {
    // Usually one span: every series misses the same windows (a first read, a range moved on).
    let groups = [...spans.values()];
    if (groups.length > MAX_MISS_QUERIES) {
      groups = [{ lo: Math.min(...groups.map((g) => g.lo)), hi: Math.max(...groups.map((g) => g.hi)), idx: groups.flatMap((g) => g.idx) }];
    }
    const pos = new Map<number, number>();
    for (let i = 0; i < sids.length; i++) pos.set(sids[i], i);
    const fetched = new Map<number, CachedChunk[]>();
    for (const g of groups) {
      const from = w0 + g.lo * CHUNK_RANGE_MS;
      const to = w0 + (g.hi + 1) * CHUNK_RANGE_MS;
      const rows = await query<{ series_id: number; min_t: unknown; max_t: unknown; data: unknown }>(
        ex,
        sql`SELECT series_id, min_t, max_t, data FROM tsdb_chunks
            WHERE series_id = ANY(${intArray(g.idx.map((i) => sids[i]))}::int4[]) AND min_t >= ${from} AND min_t < ${to}
            ORDER BY series_id, min_t`,
      );
      for (const r of rows) {
        const i = pos.get(Number(r.series_id));
        if (i === undefined) continue;
        const minT = num(r.min_t);
        const p = i * nWin + Math.round((alignDown(minT, CHUNK_RANGE_MS) - w0) / CHUNK_RANGE_MS);
        if (!missing[p]) continue; // held already (a union span reads some windows again)
        // A copy: the driver's array may be a view into a much larger buffer.
        const chunk = { minT, maxT: num(r.max_t), data: new Uint8Array(bytes(r.data)) };
        const list = fetched.get(p);
        if (list) list.push(chunk);
        else fetched.set(p, [chunk]);
      }
    }
    for (let p = 0; p < missing.length; p++) {
      if (!missing[p]) continue;
      const chunks = fetched.get(p) ?? NONE;
      found[p] = chunks;
      cache.put(generation, sids[Math.floor(p / nWin)], w0 + (p % nWin) * CHUNK_RANGE_MS, chunks);
    }
  }

  for (let i = 0; i < sids.length; i++) {
    let list: SampleRun[] | undefined;
    for (let k = 0; k < nWin; k++) {
      for (const c of found[i * nWin + k]!) {
        if (c.maxT < range.minT || c.minT > range.maxT) continue;
        (list ??= []).push(chunkRun(c.data));
      }
    }
    if (list) runs.set(sids[i], list);
  }
  return runs;
}
