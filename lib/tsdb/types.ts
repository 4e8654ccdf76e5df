/** Types and constants of the embedded time-series store. */
import type { Labels, Matcher, SeriesSamples } from "@/lib/model";

/** Raw chunks never cross an aligned window of this size (Prometheus's 2h block range). */
export const CHUNK_RANGE_MS = 2 * 60 * 60 * 1000;
/** Rollup bucket width. */
export const ROLLUP_STEP_MS = 5 * 60 * 1000;
/** Rollup chunks never cross an aligned UTC day; rollups are computed a whole day at a time. */
export const ROLLUP_CHUNK_RANGE_MS = 24 * 60 * 60 * 1000;
/** Default raw-sample retention: 15 days, as Prometheus. */
export const DEFAULT_RETENTION_MS = 15 * 24 * 60 * 60 * 1000;
/** Default rollup retention: 90 days. */
export const DEFAULT_ROLLUP_RETENTION_MS = 90 * 24 * 60 * 60 * 1000;
/** Default time a 2h window stays open in the head after it ends, for late samples. */
export const DEFAULT_HEAD_GRACE_MS = 10 * 60 * 1000;
/** Default time a day stays open for rollups after it ends. */
export const DEFAULT_ROLLUP_GRACE_MS = 60 * 60 * 1000;

/** Turns a matcher into a predicate on label values; lets callers supply RE2 semantics. */
export type MatcherCompiler = (m: Matcher) => (value: string) => boolean;

/** What the PromQL engine reads through: samples of matching series, inclusive bounds in ms. */
export interface Queryable {
  select(matchers: Matcher[], minT: number, maxT: number): Promise<SeriesSamples[]>;
}

/** One sample of a scrape. `stale` makes it a staleness marker (its value is ignored). */
export interface AppendSample {
  labels: Labels;
  value: number;
  /** Milliseconds since the epoch, an integer. */
  timestamp: number;
  stale?: boolean;
  /**
   * A memo the caller keeps with this series across appends, as Prometheus's scrape cache keeps
   * series references: the store fills it in, and a steady scrape then skips hashing the label
   * set and looking up its id. It must only ever be passed with the same labels.
   */
  memo?: SeriesMemo;
}

/** What the store remembers about a series for one caller (see AppendSample.memo). */
export interface SeriesMemo {
  ref?: { key: string; hash: string; labels: Labels };
  id?: number;
  epoch?: number;
}

/** Metric metadata as exposed by targets (`# TYPE`, `# HELP`, `# UNIT`). */
export interface MetricMetadata {
  metric: string;
  type: string;
  help: string;
  unit?: string;
}

/** One scrape's worth of data: committed together or not at all. */
export interface ScrapeBatch {
  samples: readonly AppendSample[];
  metadata?: readonly MetricMetadata[];
  /**
   * Longest this append may wait to share a statement with others (group commit, when the store
   * has it on). A scraper passes a small part of its interval; absent, the store's own limit.
   */
  maxDelayMs?: number;
}

/** What an append did. */
export interface AppendResult {
  /** Samples written (after dropping exact (series, timestamp) duplicates within the batch). */
  samples: number;
  seriesCreated: number;
}

/** 5-minute rollups of one series; `timestamps` are bucket starts, each bucket covers [t, t+5m). */
export interface RollupSeries {
  labels: Labels;
  timestamps: Float64Array;
  count: Float64Array;
  sum: Float64Array;
  min: Float64Array;
  max: Float64Array;
  last: Float64Array;
}

/** Outcome of one compaction run. */
export interface CompactResult {
  /** Samples moved from the head into chunks. */
  samples: number;
  chunksWritten: number;
  series: number;
  /** Samples before this time (an aligned window start) are now in chunks. */
  cutoff: number;
}

/** Retention settings; both default as in DEFAULT_RETENTION_MS and DEFAULT_ROLLUP_RETENTION_MS. */
export interface RetentionOptions {
  retentionMs?: number;
  rollupRetentionMs?: number;
}

/** Outcome of one retention run. */
export interface RetentionResult {
  chunksDeleted: number;
  headSamplesDeleted: number;
  rollupChunksDeleted: number;
  seriesDeleted: number;
}

/** Outcome of one rollup run. */
export interface RollupResult {
  /** Days rolled up in this run. */
  days: number;
  buckets: number;
  /** Rollups are complete before this time. */
  until: number | null;
}

/** Bad input to the store: names the offending place, and nothing was written. */
export class TsdbInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TsdbInputError";
  }
}
