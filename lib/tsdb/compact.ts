/**
 * Compaction: head samples of finished 2h windows become chunks. Head rows move a group at a time,
 * each group in its own transaction that deletes exactly the rows it read (DELETE ... RETURNING):
 * rows never change once written, so a sample appended concurrently is never lost, and a crash
 * mid-way leaves the head intact. A row moves once all its samples are before the cutoff; one
 * that straddles it (only targets with their own timestamps write such rows) waits for the next
 * window, and its older samples then merge into the chunks already written.
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { encodeSamples, type EncodedChunk } from "./chunk";
import { chunkRun } from "./chunk-cache";
import { mergeRuns, type SampleRun } from "./merge";
import { decodeBatch, type DecodedBatch } from "./head-batch";
import { ALL_TIME, collectFromBatch, RunBuilder } from "./head-read";
import { alignDown, bytes, hex, intArray, num, query, textArray, type Executor } from "./sql-util";
import { CHUNK_RANGE_MS, DEFAULT_HEAD_GRACE_MS, type CompactResult } from "./types";

/** Advisory lock key serialising compactions across processes. */
export const COMPACT_LOCK_KEY = 7_270_414_101;

/** Compaction tuning. */
export interface CompactOptions {
  /** How long after a window ends it stays in the head for late samples (default 10 min). */
  graceMs?: number;
  /**
   * Head samples per transaction (default 500,000). Rows of one series span (one target, in
   * practice) stay together, so each series is normally encoded once per window.
   */
  batchSamples?: number;
  /** VACUUM the head afterwards so its space is reused; PGlite has no autovacuum (default true). */
  vacuum?: boolean;
}


/** Splits one series' moved samples per window and merges each with chunks already there. */
function encodeSeries(
  sid: number,
  ts: Float64Array,
  vs: Float64Array,
  stale: Uint8Array | null,
  existing: Map<string, { minT: number; run: SampleRun }[]>,
): { chunks: EncodedChunk[]; replaced: number[] } {
  const chunks: EncodedChunk[] = [];
  const replaced: number[] = [];
  let from = 0;
  while (from < ts.length) {
    const win = alignDown(ts[from], CHUNK_RANGE_MS);
    let to = from;
    while (to < ts.length && ts[to] < win + CHUNK_RANGE_MS) to++;
    const old = existing.get(`${sid}:${win}`);
    if (!old) {
      chunks.push(...encodeSamples(ts, vs, stale, { from, to }));
    } else {
      // Late samples for a window already compacted: rewrite that window, the head winning ties.
      const head: SampleRun = { timestamps: ts.subarray(from, to), values: vs.subarray(from, to), stale: stale?.subarray(from, to) ?? null };
      const m = mergeRuns([...old.map((o) => o.run), head], win, win + CHUNK_RANGE_MS - 1);
      chunks.push(...encodeSamples(m.timestamps, m.values, m.stale));
      replaced.push(...old.map((o) => o.minT));
    }
    from = to;
  }
  return { chunks, replaced };
}

/** Per-series samples of the rows, read in row order (a later row wins on equal times). */
function perSeries(decoded: DecodedBatch[]): { sid: number; ts: Float64Array; vs: Float64Array; stale: Uint8Array | null }[] {
  const builders = new Map<number, RunBuilder>();
  for (const b of decoded) collectFromBatch(b, null, ALL_TIME, builders);
  return [...builders.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([sid, rb]) => {
      const run = rb.build();
      return { sid, ts: run.timestamps as Float64Array, vs: run.values as Float64Array, stale: run.stale as Uint8Array | null };
    });
}

async function compactRows(tx: Executor, rowIds: number[]): Promise<{ samples: number; chunks: number; series: number }> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${COMPACT_LOCK_KEY})`);
  const moved = await query<{ id: unknown; data: unknown }>(
    tx,
    sql`DELETE FROM tsdb_head_batches WHERE id = ANY(${intArray(rowIds)}::int8[]) RETURNING id, data`,
  );
  if (moved.length === 0) return { samples: 0, chunks: 0, series: 0 };
  moved.sort((a, b) => num(a.id) - num(b.id));
  const parsed = perSeries(moved.map((m) => decodeBatch(bytes(m.data))));
  // Windows touched per series, to find chunks already written for them (normally none).
  const wSid: number[] = [];
  const wStart: number[] = [];
  for (const p of parsed) {
    let last = NaN;
    for (const t of p.ts) {
      const w = alignDown(t, CHUNK_RANGE_MS);
      if (w !== last) {
        wSid.push(p.sid);
        wStart.push(w);
        last = w;
      }
    }
  }
  const old = await query<{ series_id: number; min_t: unknown; data: unknown }>(
    tx,
    sql`SELECT c.series_id, c.min_t, c.data FROM tsdb_chunks c
        JOIN unnest(${intArray(wSid)}::int4[], ${intArray(wStart)}::int8[]) AS w(sid, ws)
          ON c.series_id = w.sid AND c.min_t >= w.ws AND c.min_t < w.ws + ${CHUNK_RANGE_MS}
        ORDER BY c.series_id, c.min_t`,
  );
  const existing = new Map<string, { minT: number; run: SampleRun }[]>();
  for (const o of old) {
    const minT = num(o.min_t);
    const run = chunkRun(bytes(o.data));
    const key = `${o.series_id}:${alignDown(minT, CHUNK_RANGE_MS)}`;
    const list = existing.get(key) ?? [];
    list.push({ minT, run });
    existing.set(key, list);
  }
  const out = { minT: [] as number[], maxT: [] as number[], sid: [] as number[], data: [] as string[] };
  const del = { sid: [] as number[], minT: [] as number[] };
  let samples = 0;
  for (const p of parsed) {
    samples += p.ts.length;
    const { chunks, replaced } = encodeSeries(p.sid, p.ts, p.vs, p.stale, existing);
    for (const c of chunks) {
      out.minT.push(c.minT);
      out.maxT.push(c.maxT);
      out.sid.push(p.sid);
      out.data.push(hex(c.data));
    }
    for (const m of replaced) {
      del.sid.push(p.sid);
      del.minT.push(m);
    }
  }
  if (del.sid.length > 0) {
    await tx.execute(sql`DELETE FROM tsdb_chunks c USING unnest(${intArray(del.sid)}::int4[], ${intArray(del.minT)}::int8[]) AS d(sid, mt)
      WHERE c.series_id = d.sid AND c.min_t = d.mt`);
  }
  await tx.execute(sql`INSERT INTO tsdb_chunks (min_t, max_t, series_id, data)
    SELECT a, b, s, decode(d, 'hex') FROM unnest(${intArray(out.minT)}::int8[], ${intArray(out.maxT)}::int8[],
      ${intArray(out.sid)}::int4[], ${textArray(out.data)}::text[]) AS x(a, b, s, d)`);
  return { samples, chunks: out.sid.length, series: parsed.length };
}

/** Moves head samples of windows that ended at least `graceMs` before `now` into chunks. */
export async function compactHead(db: Db, now: number, opts: CompactOptions = {}): Promise<CompactResult> {
  const cutoff = alignDown(now - (opts.graceMs ?? DEFAULT_HEAD_GRACE_MS), CHUNK_RANGE_MS);
  const budget = Math.max(1, opts.batchSamples ?? 500_000);
  const rows = await query<{ id: unknown; sid_min: number; n: number }>(
    db,
    sql`SELECT id, sid_min, n FROM tsdb_head_batches WHERE max_t < ${cutoff} ORDER BY sid_min, id`,
  );
  const result: CompactResult = { samples: 0, chunksWritten: 0, series: 0, cutoff };
  let group: number[] = [];
  let size = 0;
  const flush = async () => {
    if (group.length === 0) return;
    const ids = group;
    group = [];
    size = 0;
    const r = await db.transaction((tx) => compactRows(tx, ids));
    result.samples += r.samples;
    result.chunksWritten += r.chunks;
    result.series += r.series;
  };
  for (let i = 0; i < rows.length; i++) {
    // A new group starts only where the span changes, unless one span alone exceeds the budget twice.
    if (size >= budget && (rows[i].sid_min !== rows[i - 1].sid_min || size >= 2 * budget)) await flush();
    group.push(num(rows[i].id));
    size += rows[i].n;
  }
  await flush();
  if (result.samples > 0 && (opts.vacuum ?? true)) await db.execute(sql`VACUUM tsdb_head_batches`);
  return result;
}
