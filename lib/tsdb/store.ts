/** The store object: one per database handle, holding only a cache of series ids. */
import type { Db } from "@/db/client";
import type { Labels, Matcher, SeriesSamples } from "@/lib/model";
import { AppendCache, appendScrape, type CommitObserver, type HeadWrite } from "./append";
import { headGroupCommit } from "./group-commit";
import type { GroupWriter } from "@/lib/async";
import type { HeadRows } from "./head-batch";
import { SeriesLookupCache, selectCached } from "./cached-select";
import { ChangeLog } from "./change-log";
import { ChunkCache, DEFAULT_CHUNK_CACHE_BYTES, type ChunkCacheOptions, type ChunkCacheStats } from "./chunk-cache";
import { HeadCache, type HeadCacheOptions } from "./head-cache";
import { compactHead, type CompactOptions } from "./compact";
import { listLabelNames, listLabelValues, listMetadata, listSeries } from "./labels";
import { applyRetentionAt } from "./retention";
import { rollupDays, selectRollupSeries, type RollupOptions } from "./rollup";
import { selectSamples } from "./select";
import { storageStats, type StorageStats } from "./stats";
import { DEFAULT_RETENTION_MS } from "./types";
import type {
  AppendResult,
  CompactResult,
  MatcherCompiler,
  MetricMetadata,
  Queryable,
  RetentionOptions,
  RetentionResult,
  RollupResult,
  RollupSeries,
  ScrapeBatch,
} from "./types";

/** Store-wide settings; per-call options override them. */
export interface TsdbOptions {
  compact?: CompactOptions;
  rollup?: RollupOptions;
  retention?: RetentionOptions;
  /** VACUUM after compaction and retention (default true; PGlite has no autovacuum). */
  vacuum?: boolean;
  /** How =~ and !~ matchers are compiled (default: lib/model's compileMatcher, RE2 as in Prometheus). */
  matcherPredicate?: MatcherCompiler;
  /**
   * Keep the last stretch of every series in memory for queries (see head-cache.ts). Only for a
   * store with a single writer: this process must make every append to the database.
   */
  headCache?: HeadCacheOptions;
  /**
   * Keep encoded chunks read by queries in memory, per series and 2h window, up to `maxBytes`
   * (default 256 MiB; 0 turns it off). Exact with any number of writers (see chunk-cache.ts).
   */
  chunkCache?: ChunkCacheOptions;
  /**
   * Group commit: steady appends wait up to this many ms (or their batch's `maxDelayMs`, if
   * smaller) to share one INSERT (see group-commit.ts). 0, the default, writes each at once.
   */
  groupCommitMs?: number;
}

/** The embedded time-series store over one database (PGlite or PostgreSQL). */
export class Tsdb implements Queryable {
  private readonly cache = new AppendCache();
  private readonly head: HeadCache | null;
  private readonly lookups = new SeriesLookupCache();
  private readonly chunks: ChunkCache;
  private readonly onCommit: CommitObserver | undefined;
  private readonly group: GroupWriter<HeadRows> | null;
  private readonly write: HeadWrite | undefined;
  /** What was written, when this process makes every write (with the head cache); else null. */
  private readonly changes: ChangeLog | null;

  constructor(
    private readonly db: Db,
    private readonly opts: TsdbOptions = {},
  ) {
    const head = opts.headCache ? new HeadCache(opts.headCache) : null;
    const group = (opts.groupCommitMs ?? 0) > 0 ? headGroupCommit(db, opts.groupCommitMs!) : null;
    this.group = group;
    this.write = group ? (rows, maxDelayMs) => group.add(rows, maxDelayMs) : undefined;
    this.chunks = new ChunkCache(opts.chunkCache?.maxBytes ?? DEFAULT_CHUNK_CACHE_BYTES);
    const changes = head ? new ChangeLog() : null;
    this.head = head;
    this.changes = changes;
    this.onCommit =
      head && changes
        ? (rows, result) => {
            if (result.seriesCreated > 0) this.lookups.invalidate();
            head.apply(rows);
            let minT = Infinity;
            for (const t of rows.t) if (t < minT) minT = t;
            if (rows.t.length > 0) changes.append(minT);
          }
        : undefined;
  }

  /** Appends one scrape atomically: all samples and metadata, or nothing (then it throws). */
  appendScrape(batch: ScrapeBatch): Promise<AppendResult> {
    return appendScrape(this.db, this.cache, batch, this.onCommit, this.write);
  }

  /** Writes appends waiting for a group commit now; call before closing the database. */
  flush(): Promise<void> {
    return this.group ? this.group.flush() : Promise.resolve();
  }

  /** Samples of matching series in [minT, maxT] ms, time-ordered, staleness markers flagged. */
  select(matchers: Matcher[], minT: number, maxT: number): Promise<SeriesSamples[]> {
    if (this.head && this.head.coveredFrom !== Infinity) {
      return selectCached(this.db, this.head, this.lookups, matchers, minT, maxT, this.opts.matcherPredicate, this.chunks);
    }
    return selectSamples(this.db, matchers, minT, maxT, this.opts.matcherPredicate, this.chunks);
  }

  /** Loads the head cache's span from the database; selects use memory once it resolves. */
  warmHeadCache(): Promise<void> {
    return this.head ? this.head.warm(this.db) : Promise.resolve();
  }

  /**
   * The version of the stored data, when this store sees every write (single-writer mode with the
   * head cache); null otherwise. Pair it with `changedSince` to reuse results exactly.
   */
  dataVersion(): number | null {
    return this.changes ? this.changes.version : null;
  }

  /** Whether samples at or before `maxT` may have changed since `version` (true when unknown). */
  changedSince(version: number, maxT: number): boolean {
    return this.changes ? this.changes.changedSince(version, maxT) : true;
  }

  /** The oldest sample time written since `version`: Infinity if none, -Infinity if unknown. */
  earliestChangeSince(version: number): number {
    return this.changes ? this.changes.earliestSince(version) : -Infinity;
  }

  /** Series and samples in the head cache, or null without one. */
  headCacheSize(): { series: number; samples: number; coveredFrom: number } | null {
    return this.head ? { ...this.head.size(), coveredFrom: this.head.coveredFrom } : null;
  }

  /** Entries, bytes and hit counts of the chunk cache (all zero when it is off). */
  chunkCacheSize(): ChunkCacheStats {
    return this.chunks.stats();
  }

  /** Label sets of matching series that have samples in the range (any time when omitted). */
  series(matchers: Matcher[], minT?: number, maxT?: number): Promise<Labels[]> {
    return listSeries(this.db, matchers, minT, maxT, this.opts.matcherPredicate);
  }

  /** Sorted label names, optionally restricted to matching series with samples in the range. */
  labelNames(matchers?: Matcher[], minT?: number, maxT?: number): Promise<string[]> {
    return listLabelNames(this.db, matchers, minT, maxT, this.opts.matcherPredicate);
  }

  /** Sorted values of a label, optionally restricted to matching series with samples in the range. */
  labelValues(name: string, matchers?: Matcher[], minT?: number, maxT?: number): Promise<string[]> {
    return listLabelValues(this.db, name, matchers, minT, maxT, this.opts.matcherPredicate);
  }

  /** Metric metadata, of one metric or all. */
  metadata(metric?: string): Promise<MetricMetadata[]> {
    return listMetadata(this.db, metric);
  }

  /** 5-minute rollups of matching series with bucket starts in [minT, maxT]. */
  selectRollups(matchers: Matcher[], minT: number, maxT: number): Promise<RollupSeries[]> {
    return selectRollupSeries(this.db, matchers, minT, maxT, this.opts.matcherPredicate);
  }

  /** Moves head samples of 2h windows finished before `now` (minus a grace period) into chunks. */
  compact(now: number, opts: CompactOptions = {}): Promise<CompactResult> {
    return compactHead(this.db, now, { vacuum: this.opts.vacuum, ...this.opts.compact, ...opts });
  }

  /** Computes 5-minute rollups of whole UTC days finished before `now` (minus a grace period). */
  rollup(now: number, opts: RollupOptions = {}): Promise<RollupResult> {
    return rollupDays(this.db, now, { ...this.opts.rollup, ...opts });
  }

  /** Deletes raw data older than retentionMs (15d) and rollups older than rollupRetentionMs (90d). */
  async applyRetention(now: number, opts: RetentionOptions = {}): Promise<RetentionResult> {
    const r = await applyRetentionAt(this.db, now, { vacuum: this.opts.vacuum, ...this.opts.retention, ...opts });
    if (r.seriesDeleted > 0) {
      this.cache.clear();
      this.lookups.invalidate();
    }
    if (r.chunksDeleted + r.headSamplesDeleted + r.rollupChunksDeleted + r.seriesDeleted > 0) this.changes?.reset();
    // Retention shorter than the cached span deleted samples memory still holds: load afresh.
    const cut = now - (opts.retentionMs ?? this.opts.retention?.retentionMs ?? DEFAULT_RETENTION_MS);
    if (this.head && cut > this.head.coveredFrom && r.chunksDeleted + r.headSamplesDeleted > 0) {
      this.head.reset();
      this.head.warm(this.db).catch(() => {}); // a failed warm-up leaves reads on the database
    }
    return r;
  }

  /** Row counts and table sizes. */
  stats(): Promise<StorageStats> {
    return storageStats(this.db);
  }
}

/** Creates the store over an open database (see db/client.ts's openDb). */
export function createTsdb(db: Db, opts: TsdbOptions = {}): Tsdb {
  return new Tsdb(db, opts);
}
