/**
 * A run's levels as CSV: one row per level with its throughputs, latency statistics, goodput
 * and failures. Missing figures are empty cells, never 0; fields are quoted as RFC 4180 says.
 */
import type { Distribution } from "./stats";
import type { LevelSummary } from "./summary";

/** The fields of a level the CSV needs. */
export interface CsvLevel {
  position: number;
  label: string;
  kind: string;
  load: number | "inf";
  stopReason: string;
  summary: LevelSummary;
}

const LATENCIES = [
  ["ttft", "ttftMs"],
  ["tpot", "tpotMs"],
  ["itl", "itlMs"],
  ["e2el", "e2elMs"],
] as const;
const STATS: [string, keyof Distribution][] = [
  ["mean", "mean"],
  ["p50", "median"],
  ["p90", "p90"],
  ["p95", "p95"],
  ["p99", "p99"],
];

/** The header row's column names, in order. */
export const CSV_COLUMNS = [
  "run_id",
  "position",
  "label",
  "kind",
  "load",
  "stop_reason",
  "requests",
  "completed",
  "failed",
  "canceled",
  "error_ratio",
  "duration_s",
  "request_throughput",
  "output_throughput",
  "total_token_throughput",
  "input_tokens",
  "output_tokens",
  ...LATENCIES.flatMap(([name]) => STATS.map(([stat]) => `${name}_ms_${stat}`)),
  "goodput_ratio",
  "goodput_per_s",
  "failures",
];

/** Quotes a cell when it holds a comma, quote or line break; a formula-looking text gets a leading quote mark. */
export function csvCell(v: string | number | null | undefined): string {
  if (v === null || v === undefined || (typeof v === "number" && Number.isNaN(v))) return "";
  let s = typeof v === "number" ? (Number.isFinite(v) ? String(v) : v > 0 ? "inf" : "-inf") : v;
  // Spreadsheets run cells starting with = + - @ as formulas; text from targets must not.
  if (typeof v === "string" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** `http_429=3;timeout=1`, most frequent first. */
function failureList(f: Record<string, number>): string {
  return Object.entries(f)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([k, n]) => `${k}=${n}`)
    .join(";");
}

/** The CSV text (with header, CRLF line ends) of a run's levels. */
export function levelsCsv(runId: number, levels: readonly CsvLevel[]): string {
  const rows = levels.map((l) => {
    const s = l.summary;
    const has = s.requests > 0;
    return [
      runId,
      l.position,
      l.label,
      l.kind,
      l.load === "inf" ? "inf" : l.load,
      l.stopReason,
      s.requests,
      s.completed,
      s.failed,
      s.canceled,
      has ? s.errorRatio : null,
      has ? s.durationS : null,
      has ? s.requestThroughput : null,
      has ? s.outputThroughput : null,
      has ? s.totalTokenThroughput : null,
      s.inputTokens,
      s.outputTokens,
      ...LATENCIES.flatMap(([, key]) => STATS.map(([, stat]) => s[key]?.[stat] ?? null)),
      s.goodput && has ? s.goodput.ratio : null,
      s.goodput && has ? s.goodput.perSecond : null,
      failureList(s.failures),
    ].map((v) => csvCell(v as string | number | null));
  });
  return [CSV_COLUMNS.join(","), ...rows.map((r) => r.join(","))].join("\r\n") + "\r\n";
}
