/**
 * Chart data for a sweep: throughput on x against a latency statistic on y, one point per load
 * level in load order, so the curve bends where the replica saturates. A level without the
 * statistic (every request failed) is a gap, never a zero. Pure; components only draw it.
 */
import type { Capacity } from "./capacity";
import type { Slo } from "./goodput";
import type { Distribution } from "./stats";
import type { LevelSummary } from "./summary";

/** The latency figures a sweep can be charted by. */
export const LATENCY_METRICS = [
  { key: "ttft", field: "ttftMs", label: "TTFT", slo: "ttftMs" },
  { key: "tpot", field: "tpotMs", label: "TPOT", slo: "tpotMs" },
  { key: "itl", field: "itlMs", label: "ITL", slo: null },
  { key: "e2el", field: "e2elMs", label: "E2E", slo: "e2elMs" },
] as const;
/** One of LATENCY_METRICS' keys. */
export type LatencyMetric = (typeof LATENCY_METRICS)[number]["key"];

/** The percentiles drawn, as Distribution keys with their usual names. */
export const QUANTILES = [
  { key: "median", label: "p50" },
  { key: "p90", label: "p90" },
  { key: "p95", label: "p95" },
  { key: "p99", label: "p99" },
] as const satisfies readonly { key: keyof Distribution; label: string }[];
/** One of QUANTILES' keys. */
export type Quantile = (typeof QUANTILES)[number]["key"];

/** Which throughput goes on the x axis. */
export type ThroughputAxis = "requests" | "output";

/** A level as the chart needs it. */
export interface ChartLevel {
  load: number | "inf";
  label: string;
  summary: LevelSummary;
}

/** One point: x the level's throughput, y the statistic (null: no data, drawn as a gap). */
export interface SweepPoint {
  x: number;
  y: number | null;
  level: string;
}

/** One line of the chart. */
export interface SweepLine {
  key: string;
  label: string;
  points: SweepPoint[];
}

/** A vertical (x) or horizontal (y) reference line. */
export interface ChartMark {
  value: number;
  label: string;
}

/** Everything the chart component draws. */
export interface SweepChartData {
  lines: SweepLine[];
  xLabel: string;
  yLabel: string;
  /** Capacity lines (x). */
  xMarks: ChartMark[];
  /** The SLO's limit for this metric (y). */
  yMarks: ChartMark[];
  /** True when no line has a single measured point. */
  empty: boolean;
}

const metricOf = (m: LatencyMetric) => LATENCY_METRICS.find((d) => d.key === m)!;
const loadValue = (l: ChartLevel) => (l.load === "inf" ? Infinity : l.load);

/** The x value of a level. */
export function throughputOf(s: LevelSummary, axis: ThroughputAxis): number {
  return axis === "requests" ? s.requestThroughput : s.outputThroughput;
}

/** The axis title. */
export function axisLabel(axis: ThroughputAxis): string {
  return axis === "requests" ? "requests/s" : "output tokens/s";
}

/** Points of one statistic over levels sorted by load. */
export function sweepPoints(levels: readonly ChartLevel[], metric: LatencyMetric, quantile: Quantile, axis: ThroughputAxis): SweepPoint[] {
  const field = metricOf(metric).field;
  return [...levels]
    .sort((a, b) => loadValue(a) - loadValue(b))
    .map((l) => ({ x: throughputOf(l.summary, axis), y: l.summary[field]?.[quantile] ?? null, level: l.label }));
}

/** The capacity mark of a run, if it has a capacity. */
export function capacityMark(c: Capacity | null, axis: ThroughputAxis, name = "capacity"): ChartMark | null {
  if (!c) return null;
  return { value: axis === "requests" ? c.requestsPerSecond : c.outputTokensPerSecond, label: c.atSweepTop ? `${name} ≥` : name };
}

/** The SLO limit for the metric, when the sweep had one. */
export function sloMark(levels: readonly ChartLevel[], metric: LatencyMetric): ChartMark | null {
  const key = metricOf(metric).slo;
  const slo: Slo | undefined = levels.find((l) => l.summary.goodput)?.summary.goodput?.slo;
  const limit = key && slo ? slo[key] : undefined;
  return limit === undefined ? null : { value: limit, label: `SLO ${metricOf(metric).label} ${limit} ms` };
}

const isEmpty = (lines: SweepLine[]) => !lines.some((l) => l.points.some((p) => p.y !== null));

/** One run's sweep: a line per percentile, its capacity and SLO as reference lines. */
export function sweepChart(levels: readonly ChartLevel[], opts: { metric: LatencyMetric; axis: ThroughputAxis; capacity: Capacity | null }): SweepChartData {
  const lines = QUANTILES.map((q) => ({ key: q.key, label: `${metricOf(opts.metric).label} ${q.label}`, points: sweepPoints(levels, opts.metric, q.key, opts.axis) }));
  const cap = capacityMark(opts.capacity, opts.axis);
  const slo = sloMark(levels, opts.metric);
  return { lines, xLabel: axisLabel(opts.axis), yLabel: `${metricOf(opts.metric).label} (ms)`, xMarks: cap ? [cap] : [], yMarks: slo ? [slo] : [], empty: isEmpty(lines) };
}

/** A run in a comparison. */
export interface CompareRun {
  id: number;
  name: string;
  levels: readonly ChartLevel[];
  capacity: Capacity | null;
}

/** Several runs overlaid: a line per run at one percentile, each run's capacity marked. */
export function compareChart(runs: readonly CompareRun[], opts: { metric: LatencyMetric; quantile: Quantile; axis: ThroughputAxis }): SweepChartData {
  const q = QUANTILES.find((d) => d.key === opts.quantile)!;
  const lines = runs.map((r) => ({ key: `run${r.id}`, label: `#${r.id} ${r.name}`, points: sweepPoints(r.levels, opts.metric, opts.quantile, opts.axis) }));
  const xMarks = runs.flatMap((r) => capacityMark(r.capacity, opts.axis, `#${r.id} capacity`) ?? []);
  // An SLO line only when every run was held to the same limit: otherwise it would mislead.
  const slos = runs.map((r) => sloMark(r.levels, opts.metric));
  const same = slos.length > 0 && slos.every((s) => s && s.value === slos[0]!.value);
  return {
    lines,
    xLabel: axisLabel(opts.axis),
    yLabel: `${metricOf(opts.metric).label} ${q.label} (ms)`,
    xMarks,
    yMarks: same ? [slos[0]!] : [],
    empty: isEmpty(lines),
  };
}

/** A throughput or count for tables and ticks: three significant digits, `—` when missing. */
export function formatFigure(v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return "—";
  if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
  if (v === 0) return "0";
  return Math.abs(v) >= 1000 ? Math.round(v).toLocaleString("en-US") : String(Number(v.toPrecision(3)));
}
