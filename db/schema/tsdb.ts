import { bigint, bigserial, customType, index, integer, jsonb, pgTable, primaryKey, serial, text } from "drizzle-orm/pg-core";

// Column order is chosen for row size: 8-byte columns first, so PostgreSQL adds no padding.

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => "bytea" });

/** One row per label set; `key_hash` is sha256 of lib/model's labelsKey, so any size of label set is indexable. */
export const tsdbSeries = pgTable("tsdb_series", {
  id: serial("id").primaryKey(),
  keyHash: bytea("key_hash").notNull().unique("tsdb_series_key_hash_key"),
  labels: jsonb("labels").$type<Record<string, string>>().notNull(),
});

/** Inverted index as in Prometheus's postings: (label name, value) -> series ids. */
export const tsdbPostings = pgTable(
  "tsdb_postings",
  {
    name: text("name").notNull(),
    value: text("value").notNull(),
    seriesId: integer("series_id").notNull(),
  },
  (t) => [primaryKey({ name: "tsdb_postings_pkey", columns: [t.name, t.value, t.seriesId] })],
);

/**
 * The head: one row per committed append, its samples encoded by lib/tsdb/head-batch.ts and
 * sorted by (series id, time). Readers find rows by time and by the span of series ids they
 * hold; compaction moves finished 2h windows into chunks. No foreign key: rows never change,
 * and retention keeps every series whose id lies in a row's span (lib/tsdb/retention.ts).
 */
export const tsdbHeadBatches = pgTable(
  "tsdb_head_batches",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    minT: bigint("min_t", { mode: "number" }).notNull(),
    maxT: bigint("max_t", { mode: "number" }).notNull(),
    sidMin: integer("sid_min").notNull(),
    sidMax: integer("sid_max").notNull(),
    n: integer("n").notNull(),
    data: bytea("data").notNull(),
  },
  (t) => [index("tsdb_head_batches_max_t_idx").on(t.maxT)],
);

/**
 * Compressed samples (lib/tsdb/chunk), at most one 2h window per chunk, chunks never overlap within a series.
 * A statement-level trigger (migration 0008) bumps tsdb_state's `chunks_generation` on every write,
 * which is how chunk caches (lib/tsdb/chunk-cache.ts) learn of changes.
 */
export const tsdbChunks = pgTable(
  "tsdb_chunks",
  {
    minT: bigint("min_t", { mode: "number" }).notNull(),
    maxT: bigint("max_t", { mode: "number" }).notNull(),
    seriesId: integer("series_id").notNull(),
    data: bytea("data").notNull(),
  },
  (t) => [primaryKey({ name: "tsdb_chunks_pkey", columns: [t.seriesId, t.minT] })],
);

/** 5-minute rollups (count, sum, min, max, last per bucket) as multi-column chunks, one UTC day at most each. */
export const tsdbRollupChunks = pgTable(
  "tsdb_rollup_chunks",
  {
    minT: bigint("min_t", { mode: "number" }).notNull(),
    maxT: bigint("max_t", { mode: "number" }).notNull(),
    seriesId: integer("series_id").notNull(),
    data: bytea("data").notNull(),
  },
  (t) => [primaryKey({ name: "tsdb_rollup_chunks_pkey", columns: [t.seriesId, t.minT] })],
);

/** Metric metadata (TYPE, HELP, UNIT) per metric name, for /api/v1/metadata. */
export const tsdbMetadata = pgTable("tsdb_metadata", {
  metric: text("metric").primaryKey(),
  type: text("type").notNull(),
  help: text("help").notNull().default(""),
  unit: text("unit").notNull().default(""),
});

/** Small named counters of the store: how far rollups have been computed, the chunks generation. */
export const tsdbState = pgTable("tsdb_state", {
  key: text("key").primaryKey(),
  value: bigint("value", { mode: "number" }).notNull(),
});
