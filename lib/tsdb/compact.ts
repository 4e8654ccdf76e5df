/**
 * Compaction: head samples of finished 2h windows become chunks. Each batch of series moves in
 * its own transaction, deleting exactly the head rows it encodes (DELETE ... RETURNING), so a
 * sample appended concurrently is never lost and a crash mid-way leaves the head intact.
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { decodeChunk, encodeSamples, type EncodedChunk } from "./chunk";
import { mergeRuns, type SampleRun } from "./merge";
import { alignDown, bytes, hex, intArray, num, query, textArray, type Executor } from "./sql-util";
import { CHUNK_RANGE_MS, DEFAULT_HEAD_GRACE_MS, type CompactResult } from "./types";

/** Advisory lock key serialising compactions across processes. */
export const COMPACT_LOCK_KEY = 7_270_414_101;

/** Compaction tuning. */
export interface CompactOptions {
  /** How long after a window ends it stays in the head for late samples (default 10 min). */
  graceMs?: number;
  /** Series per transaction (default 500). */
  batchSeries?: number;
  /** VACUUM the head afterwards so its space is reused; PGlite has no autovacuum (default true). */
  vacuum?: boolean;
}

interface Moved {
  series_id: number;
  ts: unknown[];
  vs: (number | null)[];
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

async function compactBatch(tx: Executor, ids: number[], cutoff: number): Promise<{ samples: number; chunks: number }> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${COMPACT_LOCK_KEY})`);
  const moved = await query<Moved>(
    tx,
    sql`WITH d AS (DELETE FROM tsdb_head WHERE series_id = ANY(${intArray(ids)}::int4[]) AND t < ${cutoff} RETURNING series_id, t, v)
        SELECT series_id, array_agg(t ORDER BY t) AS ts, array_agg(v ORDER BY t) AS vs FROM d GROUP BY series_id`,
  );
  if (moved.length === 0) return { samples: 0, chunks: 0 };
  const parsed = moved.map((m) => {
    const ts = Float64Array.from(m.ts, num);
    const vs = new Float64Array(ts.length);
    let stale: Uint8Array | null = null;
    m.vs.forEach((v, i) => {
      if (v === null) {
        stale ??= new Uint8Array(ts.length);
        stale[i] = 1;
        vs[i] = NaN;
      } else vs[i] = v;
    });
    return { sid: m.series_id, ts, vs, stale: stale as Uint8Array | null };
  });
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
    const d = decodeChunk(bytes(o.data));
    const key = `${o.series_id}:${alignDown(minT, CHUNK_RANGE_MS)}`;
    const list = existing.get(key) ?? [];
    list.push({ minT, run: { timestamps: d.timestamps, values: d.columns[0], stale: d.stale } });
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
  return { samples, chunks: out.sid.length };
}

/** Moves head samples of windows that ended at least `graceMs` before `now` into chunks. */
export async function compactHead(db: Db, now: number, opts: CompactOptions = {}): Promise<CompactResult> {
  const cutoff = alignDown(now - (opts.graceMs ?? DEFAULT_HEAD_GRACE_MS), CHUNK_RANGE_MS);
  const batchSize = Math.max(1, opts.batchSeries ?? 500);
  const idRows = await query<{ series_id: number }>(
    db,
    sql`SELECT DISTINCT series_id FROM tsdb_head WHERE t < ${cutoff} ORDER BY series_id`,
  );
  const ids = idRows.map((r) => r.series_id);
  const result: CompactResult = { samples: 0, chunksWritten: 0, series: 0, cutoff };
  for (let i = 0; i < ids.length; i += batchSize) {
    const batch = ids.slice(i, i + batchSize);
    const r = await db.transaction((tx) => compactBatch(tx, batch, cutoff));
    result.samples += r.samples;
    result.chunksWritten += r.chunks;
    result.series += batch.length;
  }
  if (result.samples > 0 && (opts.vacuum ?? true)) await db.execute(sql`VACUUM tsdb_head`);
  return result;
}
