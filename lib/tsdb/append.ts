/**
 * Appending one scrape: its samples become one head batch row (head-batch.ts). A steady scrape,
 * whose series ids are all known and whose metadata is unchanged, is that single INSERT; one that
 * meets new series or new metadata writes them and the row in one transaction. Either way a
 * scrape is wholly visible or not at all.
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { MAX_ABS_TIMESTAMP } from "./chunk";
import { encodeBatch, type HeadRows } from "./head-batch";
import { resolveSeries, seriesRef, SERIES_LOCK_KEY, type SeriesRef } from "./series-index";
import { base64, pgliteExec, type Executor } from "./sql-util";
import { TsdbInputError, type AppendResult, type MetricMetadata, type ScrapeBatch, type SeriesMemo } from "./types";

const MAX_CACHED_SERIES = 1_000_000;
/**
 * How long a learned series id is used without asking the database again. Every id here was
 * written in a committed batch when learned, so retention (which keeps any series with data in
 * the head or in chunks) cannot delete it for at least the retention period; an hour is far
 * inside that.
 */
const DEFAULT_TRUST_MS = 60 * 60 * 1000;

// Epochs are unique in the process, so a memo filled by one store is never trusted by another.
let epochs = 0;

/** Per-process memory of series ids and written metadata, updated only after a commit. */
export class AppendCache {
  readonly series = new Map<string, number>();
  readonly metadata = new Map<string, string>();
  /** Renewed by clear(): series memos of another epoch are ignored. */
  epoch = ++epochs;
  private since: number;

  constructor(
    private readonly trustMs = DEFAULT_TRUST_MS,
    private readonly now: () => number = Date.now,
  ) {
    this.since = now();
  }

  /** Forgets everything (after a retention run, or when the ids are older than trusted). */
  clear(): void {
    this.series.clear();
    this.metadata.clear();
    this.epoch = ++epochs;
    this.since = this.now();
  }

  /** Clears the cache once its ids are older than trusted. */
  expire(): void {
    if (this.now() - this.since >= this.trustMs) this.clear();
  }
}

interface Prepared {
  refs: SeriesRef[]; // distinct series of the batch
  memos: (SeriesMemo | undefined)[]; // per distinct series: the caller's memo, if it gave one
  seriesIdx: Int32Array; // per sample: index into refs
  timestamps: number[];
  values: Float64Array;
  stale: Uint8Array | null; // 1: staleness marker
  metadata: MetricMetadata[];
}

function prepare(batch: ScrapeBatch): Prepared {
  if (!batch || !Array.isArray(batch.samples)) throw new TsdbInputError("batch.samples must be an array");
  const byKey = new Map<string, number>();
  const refs: SeriesRef[] = [];
  const memos: (SeriesMemo | undefined)[] = [];
  const n = batch.samples.length;
  const seriesIdx = new Int32Array(n);
  const timestamps: number[] = new Array(n);
  const values = new Float64Array(n);
  let stale: Uint8Array | null = null;
  for (let i = 0; i < n; i++) {
    const s = batch.samples[i];
    const where = `samples[${i}]`;
    const t = s?.timestamp;
    if (!Number.isSafeInteger(t) || Math.abs(t) > MAX_ABS_TIMESTAMP) {
      throw new TsdbInputError(`${where}: timestamp must be an integer number of ms within ±2^51, got ${String(t)}`);
    }
    if (!s.stale && typeof s.value !== "number") throw new TsdbInputError(`${where}: value must be a number`);
    const memo = s.memo;
    let ref = memo?.ref;
    if (!ref) {
      ref = seriesRef(s.labels, where);
      if (memo) memo.ref = ref;
    }
    let k = byKey.get(ref.key);
    if (k === undefined) {
      k = refs.push(ref) - 1;
      memos.push(memo);
      byKey.set(ref.key, k);
    }
    seriesIdx[i] = k;
    timestamps[i] = t;
    if (s.stale) (stale ??= new Uint8Array(n))[i] = 1;
    else values[i] = s.value;
  }
  const metadata = (batch.metadata ?? []).map((m, i) => {
    if (!m || typeof m.metric !== "string" || m.metric === "" || typeof m.type !== "string" || typeof m.help !== "string") {
      throw new TsdbInputError(`metadata[${i}]: needs a metric name, a type and a help string`);
    }
    return { metric: m.metric, type: m.type, help: m.help, unit: m.unit ?? "" };
  });
  return { refs, memos, seriesIdx, timestamps, values, stale, metadata };
}

/** Head rows as committed, in (series id, time) order, in typed arrays (1 in `stale`: a marker). */
type SortedRows = { sid: Int32Array; t: Float64Array; v: Float64Array; stale: Uint8Array | null };

/**
 * Rows sorted by (series id, time), the last of equal pairs kept: the order all appenders lock
 * rows in. `sid` gives each sample's series id; `stale` marks staleness markers (null: none).
 */
function sortedRows(sid: Int32Array, timestamps: ArrayLike<number>, values: ArrayLike<number>, stale: Uint8Array | null): SortedRows {
  const n = sid.length;
  const order = sampleOrder(sid, timestamps);
  const out = { sid: new Int32Array(n), t: new Float64Array(n), v: new Float64Array(n), stale: null as Uint8Array | null };
  let k = 0;
  for (let j = 0; j < n; j++) {
    const i = order[j];
    if (j + 1 < n) {
      const next = order[j + 1];
      if (sid[next] === sid[i] && timestamps[next] === timestamps[i]) continue;
    }
    out.sid[k] = sid[i];
    out.t[k] = timestamps[i];
    if (stale !== null && stale[i] === 1) {
      (out.stale ??= new Uint8Array(n))[k] = 1;
      out.v[k] = NaN;
    } else out.v[k] = values[i];
    k++;
  }
  if (k === n) return out;
  // Repeated (series, time) pairs were dropped: views of the rows kept.
  return { sid: out.sid.subarray(0, k), t: out.t.subarray(0, k), v: out.v.subarray(0, k), stale: out.stale?.subarray(0, k) ?? null };
}

/** Each sample's series id, from the batch's distinct series and their ids. */
function sampleIds(p: Prepared, ids: Int32Array): Int32Array {
  const sid = new Int32Array(p.seriesIdx.length);
  for (let i = 0; i < sid.length; i++) sid[i] = ids[p.seriesIdx[i]];
  return sid;
}

const INDEX_BITS = 2 ** 21;

/**
 * Sample indices sorted by (series id, time, index). Every scrape pays this, so the common case
 * sorts plain numbers (id * 2^21 + index, exact in a double) without a comparator, and only
 * series with several samples in the batch get their run sorted by time afterwards.
 */
function sampleOrder(sid: Int32Array, timestamps: ArrayLike<number>): ArrayLike<number> {
  const n = sid.length;
  let fits = n < INDEX_BITS;
  for (let i = 0; i < n && fits; i++) if (sid[i] < 0) fits = false;
  if (!fits) {
    const order = Array.from({ length: n }, (_, i) => i);
    order.sort((a, b) => sid[a] - sid[b] || timestamps[a] - timestamps[b] || a - b);
    return order;
  }
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = sid[i] * INDEX_BITS + i;
  keys.sort();
  const order = new Int32Array(n);
  for (let j = 0; j < n; j++) order[j] = keys[j] % INDEX_BITS;
  // Runs of one series: order by time (index order already breaks ties).
  for (let j = 0; j < n; ) {
    const id = sid[order[j]];
    let e = j + 1;
    while (e < n && sid[order[e]] === id) e++;
    if (e - j > 1) {
      const run = Array.from(order.subarray(j, e));
      run.sort((a, b) => timestamps[a] - timestamps[b] || a - b);
      order.set(run, j);
    }
    j = e;
  }
  return order;
}

/**
 * The steady state in one pass: every sample's memo holds a committed series id of this cache's
 * epoch and the metadata is unchanged, so no label set is looked at. Null when anything needs
 * the general path, which also reports invalid input.
 */
function steadyRows(batch: ScrapeBatch, cache: AppendCache): SortedRows | null {
  if (!batch || !Array.isArray(batch.samples)) return null;
  const samples = batch.samples;
  const n = samples.length;
  const epoch = cache.epoch;
  const sid = new Int32Array(n);
  const timestamps = new Float64Array(n);
  const values = new Float64Array(n);
  let stale: Uint8Array | null = null;
  for (let i = 0; i < n; i++) {
    const s = samples[i];
    const memo = s?.memo;
    if (memo === undefined || memo.epoch !== epoch || memo.id === undefined) return null;
    const t = s.timestamp;
    if (!Number.isSafeInteger(t) || Math.abs(t) > MAX_ABS_TIMESTAMP) return null;
    if (s.stale) (stale ??= new Uint8Array(n))[i] = 1;
    else if (typeof s.value === "number") values[i] = s.value;
    else return null;
    sid[i] = memo.id;
    timestamps[i] = t;
  }
  const metadata = batch.metadata ?? [];
  for (const m of metadata) {
    if (!m || typeof m.metric !== "string" || typeof m.type !== "string" || typeof m.help !== "string") return null;
    if (cache.metadata.get(m.metric) !== metadataKey(m)) return null;
  }
  return sortedRows(sid, timestamps, values, stale);
}

/** What AppendCache.metadata remembers of a metric's metadata, to tell whether it changed. */
function metadataKey(m: MetricMetadata): string {
  return JSON.stringify({ metric: m.metric, type: m.type, help: m.help, unit: m.unit ?? "" });
}

function changedMetadata(cache: AppendCache, metadata: MetricMetadata[]): Map<string, MetricMetadata> {
  const changed = new Map<string, MetricMetadata>();
  for (const m of metadata) {
    if (cache.metadata.get(m.metric) !== metadataKey(m)) changed.set(m.metric, m);
  }
  return changed;
}

async function writeMetadata(tx: Executor, changed: Map<string, MetricMetadata>): Promise<Map<string, string>> {
  if (changed.size === 0) return new Map();
  const rows = [...changed.values()].sort((a, b) => (a.metric < b.metric ? -1 : a.metric > b.metric ? 1 : 0));
  await tx.execute(sql`INSERT INTO tsdb_metadata (metric, type, help, unit)
    SELECT x.metric, x.type, x.help, x.unit FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      AS x(metric text, type text, help text, unit text)
    ON CONFLICT (metric) DO UPDATE SET type = EXCLUDED.type, help = EXCLUDED.help, unit = EXCLUDED.unit
    WHERE (tsdb_metadata.type, tsdb_metadata.help, tsdb_metadata.unit) IS DISTINCT FROM (EXCLUDED.type, EXCLUDED.help, EXCLUDED.unit)`);
  return new Map(rows.map((m) => [m.metric, metadataKey(m)]));
}

/** Called with the head rows of each committed append (the head cache follows the store this way). */
export type CommitObserver = (rows: SortedRows, result: AppendResult) => void;

/** Writes rows sorted by (series id, time) as one head row; nothing when there are none. */
export function insertHeadBatch(ex: Executor, rows: HeadRows): Promise<void> {
  return insertHeadBatches(ex, [rows]);
}

/** Writes several appends' rows, one head row each, in one statement (so all or none). */
export async function insertHeadBatches(ex: Executor, list: readonly HeadRows[]): Promise<void> {
  const encoded = list.filter((rows) => rows.sid.length > 0).map((rows) => encodeBatch(rows));
  if (encoded.length === 0) return;
  const exec = pgliteExec(ex);
  if (exec) {
    // Integers and base64 only, so nothing here needs quoting beyond the literal's quotes.
    const values = encoded.map((b) => `(${b.minT}, ${b.maxT}, ${b.sidMin}, ${b.sidMax}, ${b.n}, decode('${base64(b.data)}', 'base64'))`);
    await exec(`INSERT INTO tsdb_head_batches (min_t, max_t, sid_min, sid_max, n, data) VALUES ${values.join(", ")}`);
    return;
  }
  const values = encoded.map((b) => sql`(${b.minT}, ${b.maxT}, ${b.sidMin}, ${b.sidMax}, ${b.n}, decode(${base64(b.data)}, 'base64'))`);
  await ex.execute(sql`INSERT INTO tsdb_head_batches (min_t, max_t, sid_min, sid_max, n, data) VALUES ${sql.join(values, sql`, `)}`);
}

/** Writes a steady append's head row: alone, or through a group commit that shares statements. */
export type HeadWrite = (rows: HeadRows, maxDelayMs?: number) => Promise<void>;

async function attempt(db: Db, cache: AppendCache, p: Prepared, write: HeadWrite, maxDelayMs: number, onCommit?: CommitObserver): Promise<AppendResult> {
  cache.expire();
  const ids = new Int32Array(p.refs.length);
  const missing: SeriesRef[] = [];
  p.refs.forEach((r, k) => {
    const memo = p.memos[k];
    if (memo && memo.epoch === cache.epoch && memo.id !== undefined) {
      ids[k] = memo.id;
      return;
    }
    const id = cache.series.get(r.key);
    if (id === undefined) missing.push(r);
    else ids[k] = id;
  });
  const changedMeta = changedMetadata(cache, p.metadata);
  const learned = new Map<string, number>();
  let learnedMeta = new Map<string, string>();
  let rows: SortedRows;
  let result: AppendResult;
  if (missing.length === 0 && changedMeta.size === 0) {
    // The steady state: one statement, atomic by itself.
    rows = sortedRows(sampleIds(p, ids), p.timestamps, p.values, p.stale);
    await write(rows, maxDelayMs);
    result = { samples: rows.sid.length, seriesCreated: 0 };
  } else {
    const out = await db.transaction(async (tx) => {
      // Retention deletes series under the exclusive form of this lock, so none found here can
      // vanish before this batch, which names it, commits.
      await tx.execute(sql`SELECT pg_advisory_xact_lock_shared(${SERIES_LOCK_KEY})`);
      const { ids: fresh, created } = await resolveSeries(tx, missing);
      p.refs.forEach((r, k) => {
        const id = fresh.get(r.key);
        if (id !== undefined) {
          ids[k] = id;
          // A series with a memo keeps its id there; the map is for callers without one.
          if (!p.memos[k]) learned.set(r.key, id);
        }
      });
      const headRowsOut = sortedRows(sampleIds(p, ids), p.timestamps, p.values, p.stale);
      await insertHeadBatch(tx, headRowsOut);
      learnedMeta = await writeMetadata(tx, changedMeta);
      return { rows: headRowsOut, result: { samples: headRowsOut.sid.length, seriesCreated: created } };
    });
    rows = out.rows;
    result = out.result;
  }
  // Only now: ids seen inside a rolled-back transaction may not exist.
  if (cache.series.size + learned.size > MAX_CACHED_SERIES) cache.clear();
  for (const [k, id] of learned) cache.series.set(k, id);
  for (const [k, m] of learnedMeta) cache.metadata.set(k, m);
  for (let k = 0; k < p.memos.length; k++) {
    const memo = p.memos[k];
    if (memo) {
      memo.id = ids[k];
      memo.epoch = cache.epoch;
      // The id is all a steady append needs: the label key, hash and copy go (a third of what a
      // scraped series otherwise keeps in memory) and are made again if the epoch changes.
      memo.ref = undefined;
    }
  }
  if (onCommit) onCommit(rows, result);
  return result;
}

/** Appends one scrape atomically; validates everything before writing anything. */
export async function appendScrape(
  db: Db,
  cache: AppendCache,
  batch: ScrapeBatch,
  onCommit?: CommitObserver,
  write: HeadWrite = (rows) => insertHeadBatch(db, rows),
): Promise<AppendResult> {
  cache.expire();
  const maxDelayMs = batch?.maxDelayMs ?? Infinity;
  const rows = steadyRows(batch, cache);
  if (rows === null) return attempt(db, cache, prepare(batch), write, maxDelayMs, onCommit);
  await write(rows, maxDelayMs);
  const result = { samples: rows.sid.length, seriesCreated: 0 };
  if (onCommit) onCommit(rows, result);
  return result;
}
