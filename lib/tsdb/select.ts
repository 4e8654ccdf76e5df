/** Reading raw samples: chunks and head merged, sorted and de-duplicated per series. */
import { sql } from "drizzle-orm";
import { labelsKey, type Labels, type Matcher, type SeriesSamples } from "@/lib/model";
import { chunkRun, readChunkRunsCached, type ChunkCache } from "./chunk-cache";
import { mergeRuns, type SampleRun } from "./merge";
import { clampRange, findSeries, type TimeRange } from "./series-index";
import { readHeadRuns } from "./head-read";
import { bytes, intArray, query, type Executor } from "./sql-util";
import { CHUNK_RANGE_MS, type MatcherCompiler } from "./types";

/** Chunk runs per series id in the range, in time order. */
export async function readChunkRuns(ex: Executor, ids: readonly number[], range: TimeRange): Promise<Map<number, SampleRun[]>> {
  const runs = new Map<number, SampleRun[]>();
  if (ids.length === 0) return runs;
  const chunks = await query<{ series_id: number; data: unknown }>(
    ex,
    sql`SELECT series_id, data FROM tsdb_chunks
        WHERE series_id = ANY(${intArray(ids)}::int4[]) AND min_t <= ${range.maxT}
          AND min_t > ${range.minT - CHUNK_RANGE_MS} AND max_t >= ${range.minT}
        ORDER BY series_id, min_t`,
  );
  for (const c of chunks) {
    const list = runs.get(c.series_id) ?? [];
    list.push(chunkRun(bytes(c.data)));
    runs.set(c.series_id, list);
  }
  return runs;
}

/**
 * Raw sample runs per series id in the range: chunk runs in time order, then the head run.
 * With a chunk cache, chunks it holds come from memory (see chunk-cache.ts).
 */
export async function readRuns(
  ex: Executor,
  ids: readonly number[],
  range: TimeRange,
  cache?: ChunkCache | null,
): Promise<Map<number, SampleRun[]>> {
  if (ids.length === 0) return new Map();
  // Head before chunks: a compaction committing in between leaves a sample in both places
  // (de-duplicated when merged), never in neither.
  //
  // With the cache, "chunks" means the generation read that readChunkRunsCached starts with,
  // and it too comes after the head. A compaction C that moved a sample out of the head before
  // the head read saw it has committed before that generation read, so the generation read
  // includes C's bump. The entries used are those of exactly that generation, and an entry is
  // stored under a generation only by a reader that read it before fetching the entry's chunks:
  // no compaction committed between that reader's generation read and ours (the value would
  // differ), so C committed before its fetch, and the entry holds C's chunks. Misses are fetched
  // after our own generation read and see C's chunks too. A compaction committing after the head
  // read only duplicates samples, as without the cache; one committing after the generation read
  // leaves this read on the older chunks, which together with the head read are still complete,
  // and what this read stores is dropped by the next reader, which sees the newer generation.
  const head = await readHeadRuns(ex, ids, range);
  const runs = (cache?.enabled ? await readChunkRunsCached(ex, cache, ids, range) : null) ?? (await readChunkRuns(ex, ids, range));
  for (const [id, run] of head) {
    const list = runs.get(id) ?? [];
    list.push(run);
    runs.set(id, list);
  }
  return runs;
}

/** Merges the runs of each series; series without samples in the range are left out. */
export function assemble(series: { id: number; labels: Labels }[], runs: Map<number, SampleRun[]>, range: TimeRange): SeriesSamples[] {
  const out: SeriesSamples[] = [];
  for (const s of series) {
    const list = runs.get(s.id);
    if (!list) continue;
    const m = mergeRuns(list, range.minT, range.maxT);
    if (m.timestamps.length === 0) continue;
    const item: SeriesSamples = { labels: s.labels, timestamps: m.timestamps, values: m.values };
    if (m.stale) item.stale = m.stale;
    out.push(item);
  }
  return out;
}

/** Sorts by label set, the order Prometheus returns series in. */
export function sortByLabels<T extends { labels: Labels }>(items: T[]): T[] {
  const keyed = items.map((x) => ({ x, k: labelsKey(x.labels) }));
  keyed.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
  return keyed.map((e) => e.x);
}

/** Samples of every series matching all matchers within [minT, maxT], sorted by labels. */
export async function selectSamples(
  ex: Executor,
  matchers: readonly Matcher[],
  minT: number,
  maxT: number,
  compile?: MatcherCompiler,
  chunkCache?: ChunkCache | null,
): Promise<SeriesSamples[]> {
  const range = clampRange(minT, maxT);
  if (range.maxT < range.minT) return [];
  const series = await findSeries(ex, matchers, undefined, compile);
  if (series.length === 0) return [];
  const runs = await readRuns(
    ex,
    series.map((s) => s.id),
    range,
    chunkCache,
  );
  return sortByLabels(assemble(series, runs, range));
}
