import type { Labels } from "@/lib/model";

/** A series as the API returns it: labels and [unix seconds, value string] points. */
export interface WireSeries {
  metric: Labels;
  values: Array<[number, string]>;
}

/** One line of a time-series chart. */
export interface ChartSeries {
  key: string;
  label: string;
}

/** Rows keyed by time (ms) for recharts, with at most `maxSeries` lines and an honest count. */
export interface TimeSeriesChartData {
  rows: Array<Record<string, number | null>>;
  series: ChartSeries[];
  shown: number;
  total: number;
}

/** `name{a="b", c="d"}` as Prometheus prints a series; `{}` for an empty label set. */
export function seriesLabel(metric: Labels): string {
  const { __name__: name, ...rest } = metric;
  const inner = Object.keys(rest)
    .sort()
    .map((k) => `${k}="${rest[k]}"`)
    .join(", ");
  return `${name ?? ""}{${inner}}`;
}

/**
 * Prepares a range-query matrix for a line chart. Every step of the query gets a row, and a
 * series without a point at that step holds null there, so the chart draws a gap, never a zero.
 * Series are ranked by their largest value and capped at `maxSeries`.
 */
export function matrixToChart(
  result: WireSeries[],
  range: { startMs: number; endMs: number; stepMs: number },
  maxSeries = 20,
): TimeSeriesChartData {
  const ranked = result
    .map((s) => ({ s, peak: Math.max(-Infinity, ...s.values.map(([, v]) => numeric(v) ?? -Infinity)) }))
    .sort((a, b) => b.peak - a.peak || seriesLabel(a.s.metric).localeCompare(seriesLabel(b.s.metric)))
    .slice(0, maxSeries)
    .map((r) => r.s);
  const series = ranked.map((s, i) => ({ key: `s${i}`, label: seriesLabel(s.metric) }));
  const rows: Array<Record<string, number | null>> = [];
  const index = new Map<number, Record<string, number | null>>();
  for (let t = range.startMs; t <= range.endMs; t += range.stepMs) {
    const row: Record<string, number | null> = { t };
    for (const s of series) row[s.key] = null;
    rows.push(row);
    index.set(t, row);
  }
  ranked.forEach((s, i) => {
    for (const [sec, v] of s.values) {
      const row = index.get(Math.round(sec * 1000));
      if (row) row[`s${i}`] = numeric(v);
    }
  });
  return { rows, series, shown: series.length, total: result.length };
}

/** Parses a sample value string; NaN and infinities are not plottable and become null. */
export function numeric(v: string): number | null {
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}
