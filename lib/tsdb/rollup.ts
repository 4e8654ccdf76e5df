/**
 * 5-minute rollups for long-range charts and forecasts, kept after raw samples expire. A whole UTC
 * day is rolled up once it is over (plus a grace period); raw retention is far longer than that
 * lag. Rewriting a day is idempotent, so a crashed or repeated run does no harm.
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { Matcher } from "@/lib/model";
import { decodeChunk, encodeRows } from "./chunk";
import { mergeRuns } from "./merge";
import { bucketize } from "./rollup-math";
import { readRuns, sortByLabels } from "./select";
import { clampRange, findSeries } from "./series-index";
import { alignDown, bytes, hex, intArray, num, query, textArray, type Executor } from "./sql-util";
import {
  DEFAULT_ROLLUP_GRACE_MS,
  ROLLUP_CHUNK_RANGE_MS,
  ROLLUP_STEP_MS,
  type MatcherCompiler,
  type RollupResult,
  type RollupSeries,
} from "./types";

/** Advisory lock key serialising rollup writes across processes. */
export const ROLLUP_LOCK_KEY = 7_270_414_102;
const WATERMARK = "rollup_until";
const DAY = ROLLUP_CHUNK_RANGE_MS;

/** Rollup tuning. */
export interface RollupOptions {
  /** How long after a UTC day ends before it is rolled up (default 1h). */
  graceMs?: number;
  /** Series per transaction (default 500). */
  batchSeries?: number;
  /** Most days to process in one call (default 31). */
  maxDays?: number;
}

async function rollupBatch(tx: Executor, ids: number[], day: number): Promise<number> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${ROLLUP_LOCK_KEY})`);
  const range = { minT: day, maxT: day + DAY - 1 };
  const runs = await readRuns(tx, ids, range);
  const out = { minT: [] as number[], maxT: [] as number[], sid: [] as number[], data: [] as string[] };
  let buckets = 0;
  for (const [sid, list] of runs) {
    const m = mergeRuns(list, range.minT, range.maxT);
    const b = bucketize(m.timestamps, m.values, m.stale, day, day + DAY, ROLLUP_STEP_MS);
    buckets += b.timestamps.length;
    for (const c of encodeRows(b.timestamps, [b.count, b.sum, b.min, b.max, b.last])) {
      out.minT.push(c.minT);
      out.maxT.push(c.maxT);
      out.sid.push(sid);
      out.data.push(hex(c.data));
    }
  }
  await tx.execute(sql`DELETE FROM tsdb_rollup_chunks WHERE series_id = ANY(${intArray(ids)}::int4[])
    AND min_t >= ${day} AND min_t < ${day + DAY}`);
  await tx.execute(sql`INSERT INTO tsdb_rollup_chunks (min_t, max_t, series_id, data)
    SELECT a, b, s, decode(d, 'hex') FROM unnest(${intArray(out.minT)}::int8[], ${intArray(out.maxT)}::int8[],
      ${intArray(out.sid)}::int4[], ${textArray(out.data)}::text[]) AS x(a, b, s, d)`);
  return buckets;
}

async function firstDay(db: Db): Promise<number | null> {
  const [r] = await query<{ c: unknown; h: unknown }>(
    db,
    sql`SELECT (SELECT min(min_t) FROM tsdb_chunks) AS c, (SELECT min(min_t) FROM tsdb_head_batches) AS h`,
  );
  const ts = [r.c, r.h].filter((x) => x !== null && x !== undefined).map(num);
  return ts.length === 0 ? null : alignDown(Math.min(...ts), DAY);
}

/** Rolls up every whole UTC day that ended `graceMs` before `now` and is not rolled up yet. */
export async function rollupDays(db: Db, now: number, opts: RollupOptions = {}): Promise<RollupResult> {
  const until = alignDown(now - (opts.graceMs ?? DEFAULT_ROLLUP_GRACE_MS), DAY);
  const batchSize = Math.max(1, opts.batchSeries ?? 500);
  const [wm] = await query<{ value: unknown }>(db, sql`SELECT value FROM tsdb_state WHERE key = ${WATERMARK}`);
  const earliest = await firstDay(db);
  const result: RollupResult = { days: 0, buckets: 0, until: wm ? num(wm.value) : null };
  if (earliest === null) return result;
  let day = wm ? Math.max(num(wm.value), earliest) : earliest;
  while (day < until && result.days < (opts.maxDays ?? 31)) {
    const ids = (await findSeries(db, [], { minT: day, maxT: day + DAY - 1 })).map((s) => s.id).sort((a, b) => a - b);
    for (let i = 0; i < ids.length; i += batchSize) {
      const batch = ids.slice(i, i + batchSize);
      result.buckets += await db.transaction((tx) => rollupBatch(tx, batch, day));
    }
    day += DAY;
    await db.execute(sql`INSERT INTO tsdb_state (key, value) VALUES (${WATERMARK}, ${day})
      ON CONFLICT (key) DO UPDATE SET value = GREATEST(tsdb_state.value, EXCLUDED.value)`);
    result.days++;
    result.until = day;
  }
  return result;
}

/** Rollup buckets of matching series whose start lies in [minT, maxT], sorted by labels. */
export async function selectRollupSeries(
  ex: Executor,
  matchers: readonly Matcher[],
  minT: number,
  maxT: number,
  compile?: MatcherCompiler,
): Promise<RollupSeries[]> {
  const range = clampRange(minT, maxT);
  const series = await findSeries(ex, matchers, undefined, compile);
  if (series.length === 0 || range.maxT < range.minT) return [];
  const rows = await query<{ series_id: number; data: unknown }>(
    ex,
    sql`SELECT series_id, data FROM tsdb_rollup_chunks
        WHERE series_id = ANY(${intArray(series.map((s) => s.id))}::int4[]) AND min_t <= ${range.maxT}
          AND min_t > ${range.minT - DAY} AND max_t >= ${range.minT}
        ORDER BY series_id, min_t`,
  );
  const cols = new Map<number, number[][]>(); // series id -> [t, count, sum, min, max, last]
  for (const r of rows) {
    const d = decodeChunk(bytes(r.data));
    const acc = cols.get(r.series_id) ?? [[], [], [], [], [], []];
    for (let i = 0; i < d.timestamps.length; i++) {
      const t = d.timestamps[i];
      if (t < range.minT || t > range.maxT) continue;
      acc[0].push(t);
      for (let c = 0; c < 5; c++) acc[c + 1].push(d.columns[c][i]);
    }
    cols.set(r.series_id, acc);
  }
  const out: RollupSeries[] = [];
  for (const s of series) {
    const acc = cols.get(s.id);
    if (!acc || acc[0].length === 0) continue;
    const [t, count, sum, min, max, last] = acc.map((a) => Float64Array.from(a));
    out.push({ labels: s.labels, timestamps: t, count, sum, min, max, last });
  }
  return sortByLabels(out);
}
