/**
 * The head cache: the last stretch of every series kept in memory, as Prometheus keeps its head
 * block, so dashboard queries over recent data never touch the database. The database stays the
 * source of truth: the cache is filled from committed appends and, once at start, from the
 * database. It is only correct while this process is the store's only writer (the embedded
 * PGlite default, whose data directory is locked to one process).
 */
import { sql } from "drizzle-orm";
import { mergeRuns, type SampleRun } from "./merge";
import { isStaleRow, type HeadRows } from "./head-batch";
import { HeadSamples } from "./head-samples";
import { headBatches } from "./head-read";
import { readChunkRuns } from "./select";
import { query, type Executor } from "./sql-util";

/** Head cache settings. */
export interface HeadCacheOptions {
  /** How far back from now samples are kept in memory, ms. */
  spanMs: number;
  /** The clock (tests pass their own). */
  now?: () => number;
  /** Series read per query while warming (default 500). */
  batchSeries?: number;
}

const TRIM_EVERY_MS = 60_000;

/** Recent samples per series id; authoritative for timestamps at or after `coveredFrom`. */
export class HeadCache {
  private readonly samples = new HeadSamples();
  private readonly now: () => number;
  /** Every committed sample with a timestamp at or after this is here; Infinity until warmed. */
  private covered = Infinity;
  /** Appended samples older than this are not kept (they are before the warmed range). */
  private floor = -Infinity;
  private lastTrim = 0;
  private warming: Promise<void> | null = null;
  /** Appends committed while warming, applied again when it ends; null when not warming. */
  private duringWarm: HeadRows[] | null = null;
  private generation = 0;

  constructor(private readonly opts: HeadCacheOptions) {
    if (!(opts.spanMs > 0)) throw new Error(`head cache span must be a positive number of ms, got ${opts.spanMs}`);
    this.now = opts.now ?? Date.now;
  }

  /** The start of the time range the cache answers for by itself (Infinity while warming). */
  get coveredFrom(): number {
    return this.covered;
  }

  /** Series and samples held, for /metrics and tests. */
  size(): { series: number; samples: number } {
    return { series: this.samples.series, samples: this.samples.samples };
  }

  /** Records the rows of a committed append (a later append wins on equal timestamps). */
  apply(rows: HeadRows): void {
    this.put(rows);
    this.duringWarm?.push(rows);
    const now = this.now();
    if (now - this.lastTrim >= TRIM_EVERY_MS) this.trim(now);
  }

  private put(rows: HeadRows): void {
    for (let i = 0; i < rows.sid.length; i++) {
      if (rows.t[i] < this.floor) continue;
      this.samples.put(rows.sid[i], rows.t[i], isStaleRow(rows, i) ? null : rows.v[i], true);
    }
  }

  /** Drops samples that fell out of the span, and series left with none. */
  trim(now = this.now()): void {
    this.lastTrim = now;
    if (this.covered === Infinity) return; // still warming: the warm-up range must stay whole
    const cut = now - this.opts.spanMs;
    if (cut <= this.covered) return;
    this.covered = cut;
    this.floor = cut;
    this.samples.dropBefore(cut);
  }

  /**
   * Loads the span from the database once; until it finishes, `coveredFrom` is Infinity and
   * readers go to the database. Appends arriving meanwhile win over what is loaded.
   */
  warm(ex: Executor): Promise<void> {
    this.warming ??= this.load(ex).catch((err) => {
      this.warming = null;
      this.duringWarm = null;
      throw err;
    });
    return this.warming;
  }

  /** Forgets everything: readers go to the database until the next warm-up has finished. */
  reset(): void {
    this.generation++;
    this.samples.clear();
    this.covered = Infinity;
    this.floor = -Infinity;
    this.warming = null;
    this.duringWarm = null;
  }

  private async load(ex: Executor): Promise<void> {
    const generation = this.generation;
    const from = this.now() - this.opts.spanMs;
    this.floor = from;
    this.duringWarm = [];
    const range = { minT: from, maxT: 2 ** 53 };
    // Chunks first, then head rows in commit order, each replacing what came before on equal
    // times; appends committed meanwhile are applied once more at the end, so they win.
    const idRows = await query<{ id: number }>(ex, sql`SELECT DISTINCT series_id AS id FROM tsdb_chunks WHERE max_t >= ${from}`);
    const ids = idRows.map((r) => Number(r.id)).sort((a, b) => a - b);
    const batch = this.opts.batchSeries ?? 500;
    for (let k = 0; k < ids.length; k += batch) {
      const runs = await readChunkRuns(ex, ids.slice(k, k + batch), range);
      if (generation !== this.generation) return; // reset meanwhile: this load is void
      for (const [id, list] of runs) {
        const m = mergeRuns(list, from, 2 ** 53);
        for (let i = 0; i < m.timestamps.length; i++) this.samples.put(id, m.timestamps[i], m.stale?.[i] === 1 ? null : m.values[i], true);
      }
    }
    for await (const hb of headBatches(ex, range)) {
      if (generation !== this.generation) return;
      for (let i = 0; i < hb.n; i++) {
        const t = hb.times[i];
        if (t < from) continue;
        this.samples.put(hb.sids[i], t, hb.stale?.[i] === 1 ? null : hb.values[i], true);
      }
    }
    if (generation !== this.generation) return;
    const pending = this.duringWarm;
    this.duringWarm = null;
    for (const rows of pending) this.put(rows);
    this.covered = from;
  }

  /** The cached samples of a series within [minT, maxT] (callers keep minT >= coveredFrom). */
  run(id: number, minT: number, maxT: number): SampleRun | null {
    return this.samples.slice(id, minT, maxT);
  }
}
