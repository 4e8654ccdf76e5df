/**
 * Reading the head: the batch rows whose time and series-id bounds overlap a query, decoded and
 * cut down to the wanted series. Batches are read in id order (commit order for one writer), so
 * where two batches hold the same (series, time), the later one wins, as an upsert would.
 */
import { sql } from "drizzle-orm";
import { decodeBatch, lowerBoundId, type DecodedBatch } from "./head-batch";
import type { SampleRun } from "./merge";
import { bytes, query, type Executor } from "./sql-util";
import type { TimeRange } from "./series-index";

/** Rows fetched per query while paging through the head. */
const PAGE_ROWS = 256;

/** Growing per-series columns while batches are scanned. */
export class RunBuilder {
  ts: number[] = [];
  vs: number[] = [];
  stale: number[] | null = null;
  ordered = true;

  push(t: number, v: number, isStale: boolean): void {
    const n = this.ts.length;
    if (n > 0 && t <= this.ts[n - 1]) this.ordered = false;
    if (isStale) {
      this.stale ??= new Array<number>(n).fill(0);
      this.stale.push(1);
    } else if (this.stale) {
      this.stale.push(0);
    }
    this.ts.push(t);
    this.vs.push(v);
  }

  /** Time-ordered, one sample per timestamp (the last pushed wins). */
  build(): SampleRun {
    const n = this.ts.length;
    let order: number[] | null = null;
    if (!this.ordered) {
      order = Array.from({ length: n }, (_, i) => i);
      order.sort((a, b) => this.ts[a] - this.ts[b] || a - b);
    }
    const timestamps: number[] = [];
    const values: number[] = [];
    const stale: number[] | null = this.stale ? [] : null;
    for (let j = 0; j < n; j++) {
      const i = order ? order[j] : j;
      const next = order ? order[j + 1] : j + 1;
      if (next !== undefined && next < n && this.ts[next] === this.ts[i]) continue; // a later write of the same time follows
      timestamps.push(this.ts[i]);
      values.push(this.vs[i]);
      stale?.push(this.stale![i]);
    }
    return {
      timestamps: Float64Array.from(timestamps),
      values: Float64Array.from(values),
      stale: stale && stale.includes(1) ? Uint8Array.from(stale) : null,
    };
  }
}

/** All of time: for readers that want every head sample. */
export const ALL_TIME: TimeRange = { minT: -(2 ** 53), maxT: 2 ** 53 };

/**
 * Adds the samples within `range` from one batch to `builders` (keyed by series id): of the
 * series in `wanted` (sorted ascending, distinct), or of every series when it is null.
 */
export function collectFromBatch(b: DecodedBatch, wanted: readonly number[] | null, range: TimeRange, builders: Map<number, RunBuilder>): void {
  const add = (j: number) => {
    const t = b.times[j];
    if (t < range.minT || t > range.maxT) return;
    let rb = builders.get(b.sids[j]);
    if (!rb) {
      rb = new RunBuilder();
      builders.set(b.sids[j], rb);
    }
    rb.push(t, b.values[j], b.stale !== null && b.stale[j] === 1);
  };
  if (wanted === null) {
    for (let j = 0; j < b.n; j++) add(j);
    return;
  }
  if (b.n === 0 || wanted.length === 0) return;
  let j = 0;
  for (const id of wanted) {
    if (id > b.sids[b.n - 1]) break;
    j = lowerBoundId(b.sids, id, j, b.n);
    for (; j < b.n && b.sids[j] === id; j++) add(j);
  }
}

/** Head batch rows overlapping the time range and the id span (all ids by default), page by page in id order. */
export async function* headBatches(ex: Executor, range: TimeRange, idMin = -(2 ** 31), idMax = 2 ** 31 - 1): AsyncGenerator<DecodedBatch> {
  let after = 0;
  for (;;) {
    const rows = await query<{ id: unknown; data: unknown }>(
      ex,
      sql`SELECT id, data FROM tsdb_head_batches
          WHERE max_t >= ${range.minT} AND min_t <= ${range.maxT} AND sid_max >= ${idMin} AND sid_min <= ${idMax} AND id > ${after}
          ORDER BY id LIMIT ${PAGE_ROWS}`,
    );
    for (const r of rows) yield decodeBatch(bytes(r.data));
    if (rows.length < PAGE_ROWS) return;
    after = Number(rows[rows.length - 1].id);
  }
}

/** One time-ordered run per series id that has head samples in the range. */
export async function readHeadRuns(ex: Executor, ids: readonly number[], range: TimeRange): Promise<Map<number, SampleRun>> {
  const out = new Map<number, SampleRun>();
  if (ids.length === 0) return out;
  const wanted = [...new Set(ids)].sort((a, b) => a - b);
  const builders = new Map<number, RunBuilder>();
  for await (const b of headBatches(ex, range, wanted[0], wanted[wanted.length - 1])) collectFromBatch(b, wanted, range, builders);
  for (const [id, rb] of builders) out.set(id, rb.build());
  return out;
}

