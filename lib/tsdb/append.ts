/**
 * Appending one scrape: one transaction creates unseen series, writes every sample to the head and
 * upserts metadata, so a scrape is either wholly visible or not at all.
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { MAX_ABS_TIMESTAMP } from "./chunk";
import { resolveSeries, seriesRef, type SeriesRef } from "./series-index";
import { floatArray, intArray, pgErrorCode, type Executor } from "./sql-util";
import { TsdbInputError, type AppendResult, type MetricMetadata, type ScrapeBatch } from "./types";

const MAX_CACHED_SERIES = 1_000_000;

/** Per-process memory of series ids and written metadata, updated only after a commit. */
export class AppendCache {
  readonly series = new Map<string, number>();
  readonly metadata = new Map<string, string>();

  /** Forgets everything (after a retention run, or when an id turned out stale). */
  clear(): void {
    this.series.clear();
    this.metadata.clear();
  }
}

interface Prepared {
  refs: SeriesRef[]; // distinct series of the batch
  seriesIdx: Int32Array; // per sample: index into refs
  timestamps: number[];
  values: (number | null)[]; // null: staleness marker
  metadata: MetricMetadata[];
}

function prepare(batch: ScrapeBatch): Prepared {
  if (!batch || !Array.isArray(batch.samples)) throw new TsdbInputError("batch.samples must be an array");
  const byKey = new Map<string, number>();
  const refs: SeriesRef[] = [];
  const n = batch.samples.length;
  const seriesIdx = new Int32Array(n);
  const timestamps: number[] = new Array(n);
  const values: (number | null)[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const s = batch.samples[i];
    const where = `samples[${i}]`;
    const t = s?.timestamp;
    if (!Number.isSafeInteger(t) || Math.abs(t) > MAX_ABS_TIMESTAMP) {
      throw new TsdbInputError(`${where}: timestamp must be an integer number of ms within ±2^51, got ${String(t)}`);
    }
    if (!s.stale && typeof s.value !== "number") throw new TsdbInputError(`${where}: value must be a number`);
    const ref = seriesRef(s.labels, where);
    let k = byKey.get(ref.key);
    if (k === undefined) {
      k = refs.push(ref) - 1;
      byKey.set(ref.key, k);
    }
    seriesIdx[i] = k;
    timestamps[i] = t;
    values[i] = s.stale ? null : s.value;
  }
  const metadata = (batch.metadata ?? []).map((m, i) => {
    if (!m || typeof m.metric !== "string" || m.metric === "" || typeof m.type !== "string" || typeof m.help !== "string") {
      throw new TsdbInputError(`metadata[${i}]: needs a metric name, a type and a help string`);
    }
    return { metric: m.metric, type: m.type, help: m.help, unit: m.unit ?? "" };
  });
  return { refs, seriesIdx, timestamps, values, metadata };
}

/** Sorted by (series, time), last of equal pairs kept: the order all appenders lock rows in. */
function headRows(p: Prepared, ids: Int32Array): { sid: number[]; t: number[]; v: (number | null)[] } {
  const order = Array.from({ length: p.timestamps.length }, (_, i) => i);
  order.sort((a, b) => ids[p.seriesIdx[a]] - ids[p.seriesIdx[b]] || p.timestamps[a] - p.timestamps[b] || a - b);
  const sid: number[] = [];
  const t: number[] = [];
  const v: (number | null)[] = [];
  for (let j = 0; j < order.length; j++) {
    const i = order[j];
    const next = order[j + 1];
    if (next !== undefined && ids[p.seriesIdx[next]] === ids[p.seriesIdx[i]] && p.timestamps[next] === p.timestamps[i]) continue;
    sid.push(ids[p.seriesIdx[i]]);
    t.push(p.timestamps[i]);
    v.push(p.values[i]);
  }
  return { sid, t, v };
}

async function writeMetadata(tx: Executor, cache: AppendCache, metadata: MetricMetadata[]): Promise<Map<string, string>> {
  const changed = new Map<string, MetricMetadata>();
  for (const m of metadata) {
    if (cache.metadata.get(m.metric) !== JSON.stringify(m)) changed.set(m.metric, m);
  }
  if (changed.size === 0) return new Map();
  const rows = [...changed.values()].sort((a, b) => (a.metric < b.metric ? -1 : a.metric > b.metric ? 1 : 0));
  await tx.execute(sql`INSERT INTO tsdb_metadata (metric, type, help, unit)
    SELECT x.metric, x.type, x.help, x.unit FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      AS x(metric text, type text, help text, unit text)
    ON CONFLICT (metric) DO UPDATE SET type = EXCLUDED.type, help = EXCLUDED.help, unit = EXCLUDED.unit
    WHERE (tsdb_metadata.type, tsdb_metadata.help, tsdb_metadata.unit) IS DISTINCT FROM (EXCLUDED.type, EXCLUDED.help, EXCLUDED.unit)`);
  return new Map(rows.map((m) => [m.metric, JSON.stringify(m)]));
}

/** Called with the head rows of each committed append (the head cache follows the store this way). */
export type CommitObserver = (rows: { sid: number[]; t: number[]; v: (number | null)[] }, result: AppendResult) => void;

async function attempt(db: Db, cache: AppendCache, p: Prepared, onCommit?: CommitObserver): Promise<AppendResult> {
  let committed = null as ReturnType<typeof headRows> | null;
  const learned = new Map<string, number>();
  let learnedMeta = new Map<string, string>();
  const result = await db.transaction(async (tx) => {
    const ids = new Int32Array(p.refs.length);
    const missing: SeriesRef[] = [];
    p.refs.forEach((r, k) => {
      const id = cache.series.get(r.key);
      if (id === undefined) missing.push(r);
      else ids[k] = id;
    });
    const { ids: fresh, created } = await resolveSeries(tx, missing);
    p.refs.forEach((r, k) => {
      const id = fresh.get(r.key);
      if (id !== undefined) {
        ids[k] = id;
        learned.set(r.key, id);
      }
    });
    const rows = headRows(p, ids);
    committed = rows;
    if (rows.sid.length > 0) {
      await tx.execute(
        sql`INSERT INTO tsdb_head (series_id, t, v)
          SELECT * FROM unnest(${intArray(rows.sid)}::int4[], ${intArray(rows.t)}::int8[], ${floatArray(rows.v)}::float8[])
          ON CONFLICT (series_id, t) DO UPDATE SET v = EXCLUDED.v`,
      );
    }
    learnedMeta = await writeMetadata(tx, cache, p.metadata);
    return { samples: rows.sid.length, seriesCreated: created };
  });
  // Only now: ids seen inside a rolled-back transaction may not exist.
  if (cache.series.size + learned.size > MAX_CACHED_SERIES) cache.series.clear();
  for (const [k, id] of learned) cache.series.set(k, id);
  for (const [k, m] of learnedMeta) cache.metadata.set(k, m);
  if (onCommit && committed) onCommit(committed, result);
  return result;
}

/** Appends one scrape in one transaction; validates everything before writing anything. */
export async function appendScrape(db: Db, cache: AppendCache, batch: ScrapeBatch, onCommit?: CommitObserver): Promise<AppendResult> {
  const prepared = prepare(batch);
  try {
    return await attempt(db, cache, prepared, onCommit);
  } catch (err) {
    // 23503: a cached series id was deleted by retention in another process; look ids up afresh.
    if (pgErrorCode(err) !== "23503") throw err;
    cache.clear();
    return attempt(db, cache, prepared, onCommit);
  }
}
