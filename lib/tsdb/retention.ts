/**
 * Retention: raw samples and rollups past their age limits are deleted, then series left with no
 * data at all. Chunks go whole once their newest sample is too old, as Prometheus drops blocks.
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { query } from "./sql-util";
import { DEFAULT_RETENTION_MS, DEFAULT_ROLLUP_RETENTION_MS, TsdbInputError, type RetentionOptions, type RetentionResult } from "./types";

function checkMs(name: string, v: number): number {
  if (!Number.isFinite(v) || v <= 0) throw new TsdbInputError(`${name} must be a positive number of ms, got ${v}`);
  return v;
}

/** Deletes data older than the retention periods before `now`; optionally VACUUMs afterwards. */
export async function applyRetentionAt(
  db: Db,
  now: number,
  opts: RetentionOptions & { vacuum?: boolean } = {},
): Promise<RetentionResult> {
  const rawCut = now - checkMs("retentionMs", opts.retentionMs ?? DEFAULT_RETENTION_MS);
  const rollupCut = now - checkMs("rollupRetentionMs", opts.rollupRetentionMs ?? DEFAULT_ROLLUP_RETENTION_MS);
  const result = await db.transaction(async (tx) => {
    const count = async (q: ReturnType<typeof sql>) => Number((await query<{ n: number }>(tx, q))[0].n);
    const chunksDeleted = await count(sql`WITH d AS (DELETE FROM tsdb_chunks WHERE max_t < ${rawCut} RETURNING 1) SELECT count(*)::int AS n FROM d`);
    const headSamplesDeleted = await count(sql`WITH d AS (DELETE FROM tsdb_head WHERE t < ${rawCut} RETURNING 1) SELECT count(*)::int AS n FROM d`);
    const rollupChunksDeleted = await count(
      sql`WITH d AS (DELETE FROM tsdb_rollup_chunks WHERE max_t < ${rollupCut} RETURNING 1) SELECT count(*)::int AS n FROM d`,
    );
    // SKIP LOCKED: a series an appender is writing to right now (its foreign key check holds a
    // share lock) is left for the next run rather than deleted under it.
    const seriesDeleted = await count(sql`WITH doomed AS (
        DELETE FROM tsdb_series WHERE id IN (
          SELECT s.id FROM tsdb_series s
          WHERE NOT EXISTS (SELECT 1 FROM tsdb_head h WHERE h.series_id = s.id)
            AND NOT EXISTS (SELECT 1 FROM tsdb_chunks c WHERE c.series_id = s.id)
            AND NOT EXISTS (SELECT 1 FROM tsdb_rollup_chunks r WHERE r.series_id = s.id)
          FOR UPDATE SKIP LOCKED)
        RETURNING id),
      p AS (DELETE FROM tsdb_postings USING doomed WHERE tsdb_postings.series_id = doomed.id)
      SELECT count(*)::int AS n FROM doomed`);
    return { chunksDeleted, headSamplesDeleted, rollupChunksDeleted, seriesDeleted };
  });
  if (opts.vacuum ?? true) {
    if (result.chunksDeleted > 0) await db.execute(sql`VACUUM tsdb_chunks`);
    if (result.headSamplesDeleted > 0) await db.execute(sql`VACUUM tsdb_head`);
    if (result.rollupChunksDeleted > 0) await db.execute(sql`VACUUM tsdb_rollup_chunks`);
    if (result.seriesDeleted > 0) await db.execute(sql`VACUUM tsdb_series, tsdb_postings`);
  }
  return result;
}
