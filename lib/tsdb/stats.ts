/** Storage figures for the Settings page and perf/tsdb-bytes-per-sample.ts. */
import { sql } from "drizzle-orm";
import { num, query, type Executor } from "./sql-util";

/** Row counts and on-disk sizes (pg_total_relation_size: heap, indexes and TOAST) of the store. */
export interface StorageStats {
  series: number;
  headSamples: number;
  chunks: number;
  /** Samples held in chunks (from the chunk headers). */
  chunkSamples: number;
  /** Sum of the chunks' encoded lengths. */
  chunkDataBytes: number;
  rollupChunks: number;
  /** Bytes per table, indexes and TOAST included. */
  tableBytes: Record<string, number>;
}

const TABLES = ["tsdb_series", "tsdb_postings", "tsdb_head_batches", "tsdb_chunks", "tsdb_rollup_chunks", "tsdb_metadata", "tsdb_state"];

/** Measures the store. Scans the chunks table, so it is for occasional use. */
export async function storageStats(ex: Executor): Promise<StorageStats> {
  const [r] = await query<Record<string, unknown>>(
    ex,
    sql`SELECT (SELECT count(*) FROM tsdb_series) AS series,
      (SELECT coalesce(sum(n), 0) FROM tsdb_head_batches) AS head,
      (SELECT count(*) FROM tsdb_rollup_chunks) AS rollups,
      c.n AS chunks, c.samples, c.bytes
      FROM (SELECT count(*) AS n, coalesce(sum(get_byte(data, 2) * 256 + get_byte(data, 3)), 0) AS samples,
                   coalesce(sum(octet_length(data)), 0) AS bytes FROM tsdb_chunks) AS c`,
  );
  const tableBytes: Record<string, number> = {};
  for (const t of TABLES) {
    const [s] = await query<{ b: unknown }>(ex, sql`SELECT pg_total_relation_size(${t}::regclass) AS b`);
    tableBytes[t] = num(s.b);
  }
  return {
    series: num(r.series),
    headSamples: num(r.head),
    chunks: num(r.chunks),
    chunkSamples: num(r.samples),
    chunkDataBytes: num(r.bytes),
    rollupChunks: num(r.rollups),
    tableBytes,
  };
}
