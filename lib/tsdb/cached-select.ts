/**
 * Selecting through the head cache: series found once per matcher set (until series are created
 * or deleted), samples before the cached span read from the database, the rest from memory.
 */
import type { Labels, Matcher, SeriesSamples } from "@/lib/model";
import type { ChunkCache } from "./chunk-cache";
import type { HeadCache } from "./head-cache";
import { clipRun, type SampleRun } from "./merge";
import { assemble, readRuns, sortByLabels } from "./select";
import { clampRange, findSeries } from "./series-index";
import type { Executor } from "./sql-util";
import type { MatcherCompiler } from "./types";

type Found = { id: number; labels: Labels }[];

const MAX_ENTRIES = 2_000;

/** Series lookups per matcher set, dropped whenever the set of series changes. */
export class SeriesLookupCache {
  private readonly entries = new Map<string, Promise<Found>>();

  /** Forgets every lookup (series were created or deleted). */
  invalidate(): void {
    this.entries.clear();
  }

  /** The series matching all matchers, from memory when looked up before. */
  find(ex: Executor, matchers: readonly Matcher[], compile?: MatcherCompiler): Promise<Found> {
    const key = JSON.stringify(matchers.map((m) => [m.type, m.name, m.value]));
    const hit = this.entries.get(key);
    if (hit) return hit;
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    // Frozen: every query of this matcher set shares these label objects.
    const p = findSeries(ex, matchers, undefined, compile).then((rows) =>
      sortByLabels(rows).map((r) => ({ id: r.id, labels: Object.freeze(r.labels) })),
    );
    this.entries.set(key, p);
    p.catch(() => {
      if (this.entries.get(key) === p) this.entries.delete(key);
    });
    return p;
  }
}

/** Like selectSamples, with the cached span served from memory. */
export async function selectCached(
  ex: Executor,
  head: HeadCache,
  lookups: SeriesLookupCache,
  matchers: readonly Matcher[],
  minT: number,
  maxT: number,
  compile?: MatcherCompiler,
  chunkCache?: ChunkCache | null,
): Promise<SeriesSamples[]> {
  const range = clampRange(minT, maxT);
  if (range.maxT < range.minT) return [];
  const series = await lookups.find(ex, matchers, compile);
  if (series.length === 0) return [];
  // Memory first, with no await in between: a trim moving coveredFrom cannot open a gap.
  const covered = head.coveredFrom;
  const recent = new Map<number, SampleRun>();
  if (range.maxT >= covered) {
    const from = Math.max(range.minT, covered);
    for (const s of series) {
      const r = head.run(s.id, from, range.maxT);
      if (r) recent.set(s.id, r);
    }
  }
  const runs = new Map<number, SampleRun[]>();
  if (range.minT < covered) {
    const older = { minT: range.minT, maxT: Math.min(range.maxT, covered - 1) };
    const stored = await readRuns(
      ex,
      series.map((s) => s.id),
      older,
      chunkCache,
    );
    // Clipped to the older span without copying; assemble merges everything once.
    for (const [id, list] of stored) {
      const clipped: SampleRun[] = [];
      for (const r of list) {
        const c = clipRun(r, older.minT, older.maxT);
        if (c) clipped.push(c);
      }
      if (clipped.length > 0) runs.set(id, clipped);
    }
  }
  for (const [id, r] of recent) {
    const list = runs.get(id);
    if (list) list.push(r);
    else runs.set(id, [r]);
  }
  // The lookup is already in label order, so assembling keeps it.
  return assemble(series, runs, range);
}
