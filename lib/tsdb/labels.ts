/** Label-name, label-value, series and metadata lookups for the Prometheus HTTP API. */
import { sql } from "drizzle-orm";
import type { Labels, Matcher } from "@/lib/model";
import { sortByLabels } from "./select";
import { clampRange, findSeries, type TimeRange } from "./series-index";
import { query, type Executor } from "./sql-util";
import type { MatcherCompiler, MetricMetadata } from "./types";

function rangeOf(minT?: number, maxT?: number): TimeRange | undefined {
  if (minT === undefined && maxT === undefined) return undefined;
  return clampRange(minT ?? -Infinity, maxT ?? Infinity);
}

function sorted(values: Iterable<string>): string[] {
  return [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Label sets of series matching all matchers with samples in the range (unbounded when omitted). */
export async function listSeries(
  ex: Executor,
  matchers: readonly Matcher[],
  minT?: number,
  maxT?: number,
  compile?: MatcherCompiler,
): Promise<Labels[]> {
  const found = await findSeries(ex, matchers, rangeOf(minT, maxT), compile);
  return sortByLabels(found).map((s) => s.labels);
}

/** Sorted label names, of all series or of those matching and having samples in the range. */
export async function listLabelNames(
  ex: Executor,
  matchers: readonly Matcher[] = [],
  minT?: number,
  maxT?: number,
  compile?: MatcherCompiler,
): Promise<string[]> {
  const range = rangeOf(minT, maxT);
  if (matchers.length === 0 && !range) {
    const rows = await query<{ name: string }>(ex, sql`SELECT DISTINCT name FROM tsdb_postings`);
    return sorted(rows.map((r) => r.name));
  }
  const names = new Set<string>();
  for (const s of await findSeries(ex, matchers, range, compile)) for (const n of Object.keys(s.labels)) names.add(n);
  return sorted(names);
}

/** Sorted values of one label, of all series or of those matching and having samples in the range. */
export async function listLabelValues(
  ex: Executor,
  name: string,
  matchers: readonly Matcher[] = [],
  minT?: number,
  maxT?: number,
  compile?: MatcherCompiler,
): Promise<string[]> {
  const range = rangeOf(minT, maxT);
  if (matchers.length === 0 && !range) {
    const rows = await query<{ value: string }>(ex, sql`SELECT DISTINCT value FROM tsdb_postings WHERE name = ${name}`);
    return sorted(rows.map((r) => r.value));
  }
  const values = new Set<string>();
  for (const s of await findSeries(ex, matchers, range, compile)) {
    const v = s.labels[name];
    if (v !== undefined) values.add(v);
  }
  return sorted(values);
}

/** Metadata of one metric, or of all metrics, sorted by metric name. */
export async function listMetadata(ex: Executor, metric?: string): Promise<MetricMetadata[]> {
  const filter = metric === undefined ? sql`` : sql` WHERE metric = ${metric}`;
  const rows = await query<MetricMetadata>(ex, sql`SELECT metric, type, help, unit FROM tsdb_metadata${filter} ORDER BY metric`);
  return rows.map((r) => ({ metric: r.metric, type: r.type, help: r.help, unit: r.unit }));
}
