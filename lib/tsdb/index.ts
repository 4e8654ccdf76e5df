/**
 * lib/tsdb: an embedded time-series store inside PostgreSQL (PGlite or a server). Scrapes are
 * appended to the head (one row per scrape), compacted into Gorilla-compressed chunks, rolled up into 5-minute
 * buckets and expired by retention. See docs/storage.md.
 */
export { Tsdb, createTsdb, type TsdbOptions } from "./store";
export type { CompactOptions } from "./compact";
export { DEFAULT_CHUNK_CACHE_BYTES, type ChunkCacheOptions, type ChunkCacheStats } from "./chunk-cache";
export type { RollupOptions } from "./rollup";
export type { StorageStats } from "./stats";
export {
  CHUNK_RANGE_MS,
  DEFAULT_HEAD_GRACE_MS,
  DEFAULT_RETENTION_MS,
  DEFAULT_ROLLUP_GRACE_MS,
  DEFAULT_ROLLUP_RETENTION_MS,
  ROLLUP_CHUNK_RANGE_MS,
  ROLLUP_STEP_MS,
  TsdbInputError,
  type AppendResult,
  type AppendSample,
  type CompactResult,
  type MatcherCompiler,
  type MetricMetadata,
  type Queryable,
  type RetentionOptions,
  type RetentionResult,
  type RollupResult,
  type RollupSeries,
  type ScrapeBatch,
  type SeriesMemo,
} from "./types";
