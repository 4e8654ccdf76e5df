/**
 * Series identity and selection: label sets become ids (created on first sight, safely across
 * processes), and matchers become SQL over the postings table.
 */
import { createHash } from "node:crypto";
import { sql, type SQL } from "drizzle-orm";
import { compileMatcher, labelsKey, type Labels, type Matcher } from "@/lib/model";
import { intArray, query, textArray, type Executor } from "./sql-util";
import { CHUNK_RANGE_MS, TsdbInputError, type MatcherCompiler } from "./types";

/**
 * Advisory lock key: appends that look series up hold it shared, retention's series deletion
 * exclusively, so a series found by an append is not deleted before the append commits.
 */
export const SERIES_LOCK_KEY = 7_270_414_102;

/** A label set ready for storage: empty values dropped (Prometheus treats them as absent). */
export interface SeriesRef {
  key: string;
  hash: string;
  labels: Labels;
}

/** Normalizes a label set and computes its key and hash; `where` names it in errors. */
export function seriesRef(labels: Labels, where: string): SeriesRef {
  if (labels === null || typeof labels !== "object") throw new TsdbInputError(`${where}: labels must be an object`);
  const clean: Record<string, string> = {};
  let n = 0;
  for (const [name, value] of Object.entries(labels)) {
    if (typeof value !== "string") throw new TsdbInputError(`${where}: label "${name}" must be a string`);
    if (name === "") throw new TsdbInputError(`${where}: empty label name`);
    if (value === "") continue;
    clean[name] = value;
    n++;
  }
  if (n === 0) throw new TsdbInputError(`${where}: the label set is empty`);
  const key = labelsKey(clean);
  return { key, hash: createHash("sha256").update(key).digest("hex"), labels: clean };
}

/**
 * Returns ids for the given series, creating missing ones with their postings. Sorted inserts
 * keep lock order the same in every process, so concurrent first sights cannot deadlock.
 */
export async function resolveSeries(ex: Executor, refs: SeriesRef[]): Promise<{ ids: Map<string, number>; created: number }> {
  const ids = new Map<string, number>();
  if (refs.length === 0) return { ids, created: 0 };
  const input = JSON.stringify(refs.map((r) => ({ h: r.hash, l: r.labels })));
  const [{ created }] = await query<{ created: number }>(
    ex,
    sql`WITH input AS (SELECT x.h, x.l FROM jsonb_to_recordset(${input}::jsonb) AS x(h text, l jsonb)),
      ins AS (INSERT INTO tsdb_series (key_hash, labels)
              SELECT decode(h, 'hex'), l FROM input ORDER BY h
              ON CONFLICT (key_hash) DO NOTHING RETURNING id, labels),
      post AS (INSERT INTO tsdb_postings (name, value, series_id)
               SELECT e.key, e.value, ins.id FROM ins CROSS JOIN LATERAL jsonb_each_text(ins.labels) AS e)
      SELECT count(*)::int AS created FROM ins`,
  );
  const rows = await query<{ h: string; id: number }>(
    ex,
    sql`SELECT encode(s.key_hash, 'hex') AS h, s.id FROM tsdb_series s
        WHERE s.key_hash = ANY(SELECT decode(x, 'hex') FROM unnest(${textArray(refs.map((r) => r.hash))}::text[]) AS x)`,
  );
  const byHash = new Map(rows.map((r) => [r.h, r.id]));
  for (const r of refs) {
    const id = byHash.get(r.hash);
    if (id === undefined) throw new Error(`series ${r.key} vanished while being created`);
    ids.set(r.key, id);
  }
  return { ids, created: Number(created) };
}

/** An inclusive time range in ms. */
export interface TimeRange {
  minT: number;
  maxT: number;
}

/** Clamps query bounds to what int8 parameters and the chunk codec accept. */
export function clampRange(minT: number, maxT: number): TimeRange {
  const lim = 2 ** 53;
  const lo = Number.isNaN(minT) ? -lim : Math.max(-lim, Math.ceil(minT));
  const hi = Number.isNaN(maxT) ? lim : Math.min(lim, Math.floor(maxT));
  return { minT: lo, maxT: hi };
}

/**
 * The series-id spans of the head batches (in the range, if given), overlapping spans merged:
 * every series with a head sample lies in one of them.
 */
export async function headSpans(ex: Executor, range?: TimeRange): Promise<[number, number][]> {
  const where = range ? sql` WHERE max_t >= ${range.minT} AND min_t <= ${range.maxT}` : sql``;
  const rows = await query<{ lo: number; hi: number }>(
    ex,
    sql`SELECT sid_min AS lo, max(sid_max) AS hi FROM tsdb_head_batches${where} GROUP BY sid_min ORDER BY sid_min`,
  );
  const merged: [number, number][] = [];
  for (const { lo, hi } of rows) {
    const last = merged[merged.length - 1];
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else merged.push([lo, hi]);
  }
  return merged;
}

/** SQL that is true when `s.id` lies in one of the spans. */
export function inSpans(spans: [number, number][]): SQL {
  const lo = intArray(spans.map((m) => m[0]));
  const hi = intArray(spans.map((m) => m[1]));
  return sql`EXISTS (SELECT 1 FROM unnest(${lo}::int4[], ${hi}::int4[]) AS h(lo, hi) WHERE s.id BETWEEN h.lo AND h.hi)`;
}

/**
 * SQL that is true when series `s` has a raw sample in the range, as far as the store can tell
 * without decoding: exactly for chunks; for the head, when `s` lies within the series-id span of
 * a batch in the range. Like Prometheus, whose head answers such lookups for every series it
 * holds, this may include a series of a target that has stopped exposing it.
 */
export async function hasSamplesIn(ex: Executor, range: TimeRange): Promise<SQL> {
  const spans = await headSpans(ex, range);
  // Chunks stay inside one aligned window, so min_t > minT - window bounds the index scan.
  const chunk = sql`EXISTS (SELECT 1 FROM tsdb_chunks c WHERE c.series_id = s.id AND c.min_t <= ${range.maxT}
               AND c.min_t > ${range.minT - CHUNK_RANGE_MS} AND c.max_t >= ${range.minT})`;
  if (spans.length === 0) return sql`(${chunk})`;
  return sql`(${inSpans(spans)} OR ${chunk})`;
}

/** Turns matchers into conditions on `s.id`; returns null when no series can match. */
async function matcherConditions(ex: Executor, matchers: readonly Matcher[], compile: MatcherCompiler): Promise<SQL[] | null> {
  const conds: SQL[] = [];
  const valuesOf = new Map<string, string[]>();
  for (const m of matchers) {
    const posting = (values: SQL | null) =>
      sql`SELECT p.series_id FROM tsdb_postings p WHERE p.name = ${m.name}${values ?? sql``}`;
    if (m.type === "=" || m.type === "!=") {
      // `="x"` needs the label; `=""` and `!="x"` accept series without it.
      const wantsLabel = (m.type === "=") !== (m.value === "");
      const filter = m.value === "" ? null : sql` AND p.value = ${m.value}`;
      conds.push(wantsLabel ? sql`s.id IN (${posting(filter)})` : sql`s.id NOT IN (${posting(filter)})`);
      continue;
    }
    let pred: (v: string) => boolean;
    try {
      pred = compile(m);
    } catch (err) {
      throw new TsdbInputError(`matcher ${m.name}${m.type}"${m.value}": ${(err as Error).message}`);
    }
    let values = valuesOf.get(m.name);
    if (!values) {
      const rows = await query<{ value: string }>(ex, sql`SELECT DISTINCT value FROM tsdb_postings WHERE name = ${m.name}`);
      values = rows.map((r) => r.value);
      valuesOf.set(m.name, values);
    }
    if (pred("")) {
      const rejected = values.filter((v) => !pred(v));
      if (rejected.length > 0) conds.push(sql`s.id NOT IN (${posting(sql` AND p.value = ANY(${textArray(rejected)}::text[])`)})`);
    } else {
      const accepted = values.filter(pred);
      if (accepted.length === 0) return null;
      const filter = accepted.length === values.length ? null : sql` AND p.value = ANY(${textArray(accepted)}::text[])`;
      conds.push(sql`s.id IN (${posting(filter)})`);
    }
  }
  return conds;
}

/** Series (id and labels) matching all matchers, optionally only those with samples in a range. */
export async function findSeries(
  ex: Executor,
  matchers: readonly Matcher[],
  range?: TimeRange,
  compile: MatcherCompiler = compileMatcher,
): Promise<{ id: number; labels: Labels }[]> {
  const conds = await matcherConditions(ex, matchers, compile);
  if (conds === null) return [];
  if (range) conds.push(await hasSamplesIn(ex, range));
  const where = conds.length > 0 ? sql` WHERE ${sql.join(conds, sql` AND `)}` : sql``;
  const rows = await query<{ id: number; labels: Labels | string }>(ex, sql`SELECT s.id, s.labels FROM tsdb_series s${where}`);
  return rows.map((r) => ({ id: r.id, labels: typeof r.labels === "string" ? (JSON.parse(r.labels) as Labels) : r.labels }));
}
