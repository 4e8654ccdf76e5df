/**
 * Retention: raw samples and rollups past their age limits are deleted, then series left with no
 * data at all. Chunks go whole once their newest sample is too old, as Prometheus drops blocks.
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { headSpans, inSpans, SERIES_LOCK_KEY } from "./series-index";
import { insertHeadBatch } from "./append";
import { COMPACT_LOCK_KEY } from "./compact";
import { decodeBatch } from "./head-batch";
import { bytes, query, type Executor } from "./sql-util";
import { DEFAULT_RETENTION_MS, DEFAULT_ROLLUP_RETENTION_MS, TsdbInputError, type RetentionOptions, type RetentionResult } from "./types";

function checkMs(name: string, v: number): number {
  if (!Number.isFinite(v) || v <= 0) throw new TsdbInputError(`${name} must be a positive number of ms, got ${v}`);
  return v;
}

/** Rewrites head rows with samples on both sides of `cut` without the older ones; returns how many went. */
async function trimStraddling(tx: Executor, cut: number): Promise<number> {
  const rows = await query<{ data: unknown }>(
    tx,
    sql`DELETE FROM tsdb_head_batches WHERE min_t < ${cut} AND max_t >= ${cut} RETURNING data`,
  );
  let dropped = 0;
  for (const r of rows) {
    const b = decodeBatch(bytes(r.data));
    const kept: { sid: number[]; t: number[]; v: (number | null)[] } = { sid: [], t: [], v: [] };
    for (let i = 0; i < b.n; i++) {
      if (b.times[i] < cut) {
        dropped++;
        continue;
      }
      kept.sid.push(b.sids[i]);
      kept.t.push(b.times[i]);
      kept.v.push(b.stale?.[i] === 1 ? null : b.values[i]);
    }
    await insertHeadBatch(tx, kept);
  }
  return dropped;
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
    // Every statement on tsdb_chunks bumps the chunks generation (a row of tsdb_state) and holds
    // that row until commit. Compaction takes its lock, then head rows, then that row: taking the
    // compaction lock first here keeps one order, so the two never deadlock.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${COMPACT_LOCK_KEY})`);
    // Only a statement that has something to delete: an empty one would still empty chunk caches.
    const expired = await query(tx, sql`SELECT 1 AS x FROM tsdb_chunks WHERE max_t < ${rawCut} LIMIT 1`);
    const chunksDeleted =
      expired.length === 0 ? 0 : await count(sql`WITH d AS (DELETE FROM tsdb_chunks WHERE max_t < ${rawCut} RETURNING 1) SELECT count(*)::int AS n FROM d`);
    // Head rows go whole once their newest sample is too old; the few that straddle the cut
    // (from targets with their own timestamps) are rewritten without their old samples.
    let headSamplesDeleted = await count(
      sql`WITH d AS (DELETE FROM tsdb_head_batches WHERE max_t < ${rawCut} RETURNING n) SELECT coalesce(sum(n), 0)::int AS n FROM d`,
    );
    headSamplesDeleted += await trimStraddling(tx, rawCut);
    const rollupChunksDeleted = await count(
      sql`WITH d AS (DELETE FROM tsdb_rollup_chunks WHERE max_t < ${rollupCut} RETURNING 1) SELECT count(*)::int AS n FROM d`,
    );
    // Appends that look series up hold this lock shared until they commit: a series one of them
    // just found is in its batch before the check below can run.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${SERIES_LOCK_KEY})`);
    const spans = await headSpans(tx, undefined);
    const inHead = spans.length > 0 ? inSpans(spans) : sql`false`;
    const seriesDeleted = await count(sql`WITH doomed AS (
        DELETE FROM tsdb_series WHERE id IN (
          SELECT s.id FROM tsdb_series s
          WHERE NOT ${inHead}
            AND NOT EXISTS (SELECT 1 FROM tsdb_chunks c WHERE c.series_id = s.id)
            AND NOT EXISTS (SELECT 1 FROM tsdb_rollup_chunks r WHERE r.series_id = s.id)
          FOR UPDATE)
        RETURNING id),
      p AS (DELETE FROM tsdb_postings USING doomed WHERE tsdb_postings.series_id = doomed.id)
      SELECT count(*)::int AS n FROM doomed`);
    return { chunksDeleted, headSamplesDeleted, rollupChunksDeleted, seriesDeleted };
  });
  if (opts.vacuum ?? true) {
    if (result.chunksDeleted > 0) await db.execute(sql`VACUUM tsdb_chunks`);
    if (result.headSamplesDeleted > 0) await db.execute(sql`VACUUM tsdb_head_batches`);
    if (result.rollupChunksDeleted > 0) await db.execute(sql`VACUUM tsdb_rollup_chunks`);
    if (result.seriesDeleted > 0) await db.execute(sql`VACUUM tsdb_series, tsdb_postings`);
  }
  return result;
}
