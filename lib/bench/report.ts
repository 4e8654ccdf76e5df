/**
 * A run's results for people (a fixed-width table) and for programs (the stable JSON document
 * `headroom bench --json FILE` writes and docs/bench.md describes).
 */
import { formatDurationMs, formatPercent } from "@/lib/format";
import { formatSlo } from "./goodput";
import type { BenchResult } from "./run";
import type { Distribution } from "./stats";
import type { LevelSummary } from "./summary";

/** Version of the JSON result document; bumped on incompatible changes. */
export const RESULT_VERSION = 1;

/** The JSON result document of a run (raw records left out). */
export function resultDocument(r: BenchResult, runId: number | null): Record<string, unknown> {
  return {
    version: RESULT_VERSION,
    runId,
    status: r.status,
    target: r.target,
    model: r.model,
    startedAt: new Date(r.startedAt).toISOString(),
    finishedAt: new Date(r.finishedAt).toISOString(),
    config: r.config,
    levels: r.levels.map((l) => ({
      position: l.index,
      label: l.label,
      kind: l.spec.kind,
      load: Number.isFinite(l.load) ? l.load : "inf",
      stopReason: l.stopReason,
      startedAt: new Date(l.startedAt).toISOString(),
      finishedAt: new Date(l.finishedAt).toISOString(),
      summary: l.summary,
    })),
    capacity: r.capacity?.capacity ?? null,
    capacityReason: r.capacity?.reason ?? null,
  };
}

const num = (v: number) => (v === 0 ? "0" : v >= 100 ? v.toFixed(0) : String(Number(v.toPrecision(3))));
const ms = (d: Distribution | null, k: keyof Distribution) => (d ? formatDurationMs(d[k]) : "—");

/** The results table: one row per level, failures under it, the capacity last. */
export function resultTable(r: BenchResult): string {
  const head = ["level", "ok", "fail", "req/s", "out tok/s", "TTFT p50", "TTFT p99", "TPOT p50", "TPOT p99", "ITL p50", "ITL p99", "E2E p50", "E2E p99", "goodput"];
  const rows: string[][] = r.levels.map((l) => row(l.label, l.summary));
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((cells) => cells[i].length)));
  const fmt = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ").trimEnd();
  const lines = [fmt(head)];
  r.levels.forEach((l, i) => {
    lines.push(fmt(rows[i]));
    const f = Object.entries(l.summary.failures).sort((a, b) => b[1] - a[1]);
    if (f.length > 0) lines.push(`  failures: ${f.map(([k, n]) => `${k} ×${n}`).join(", ")}`);
    if (l.stopReason === "error-ratio") lines.push(`  stopped early: error ratio ${formatPercent(l.summary.errorRatio)}`);
  });
  if (r.levels.length === 0) lines.push("(no level finished)");
  lines.push(capacityLine(r));
  return lines.join("\n") + "\n";
}

function row(label: string, s: LevelSummary): string[] {
  const good = s.goodput ? formatPercent(s.goodput.ratio) : "—";
  return [
    label,
    String(s.completed),
    String(s.failed),
    num(s.requestThroughput),
    num(s.outputThroughput),
    ms(s.ttftMs, "median"),
    ms(s.ttftMs, "p99"),
    ms(s.tpotMs, "median"),
    ms(s.tpotMs, "p99"),
    ms(s.itlMs, "median"),
    ms(s.itlMs, "p99"),
    ms(s.e2elMs, "median"),
    ms(s.e2elMs, "p99"),
    good,
  ];
}

/** `capacity: concurrency 8 → 24.1 req/s, ...` or why there is none. */
export function capacityLine(r: BenchResult): string {
  if (r.status === "canceled") return "capacity: — (run canceled)";
  const c = r.capacity?.capacity;
  if (!c) return `capacity: — (${r.capacity?.reason ?? "not computed"})`;
  const atLeast = c.atSweepTop ? "at least " : "";
  return (
    `capacity: ${atLeast}${c.kind} ${num(c.load)} → ${num(c.requestsPerSecond)} req/s, ${num(c.outputTokensPerSecond)} output tok/s per replica ` +
    `(${formatPercent(c.goodputRatio)} of requests meet ${formatSlo(c.slo)}; need ${formatPercent(c.minGoodputRatio)})`
  );
}
