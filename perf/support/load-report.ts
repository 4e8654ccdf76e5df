/** Tables for perf/load-viewers.ts: latency per endpoint, errors by kind, and a timeline. */
import { quantile, type Sample } from "./load-client";

/** Latency figures of a group of requests, ms. */
export interface LatencyRow {
  name: string;
  count: number;
  errors: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Figures of one group of samples. */
export function latencyRow(name: string, samples: Sample[]): LatencyRow {
  const ms = samples.map((s) => s.ms).sort((a, b) => a - b);
  return {
    name,
    count: samples.length,
    errors: samples.filter((s) => s.error !== null).length,
    p50: quantile(ms, 0.5),
    p95: quantile(ms, 0.95),
    p99: quantile(ms, 0.99),
    max: ms.length ? ms[ms.length - 1] : NaN,
    mean: ms.reduce((a, b) => a + b, 0) / Math.max(1, ms.length),
  };
}

/** Milliseconds, shortest honest form. */
export function fmtMs(ms: number): string {
  if (!Number.isFinite(ms)) return "-";
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 10_000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

const pad = (s: string, n: number) => s.padStart(n);

/** One row per endpoint (in first-seen order), then every API request, then everything. */
export function latencyTable(samples: Sample[]): { lines: string[]; api: LatencyRow; all: LatencyRow } {
  const groups = new Map<string, Sample[]>();
  for (const s of samples) groups.set(s.endpoint, [...(groups.get(s.endpoint) ?? []), s]);
  const api = latencyRow("query_range (all panels)", samples.filter((s) => s.endpoint !== "page /"));
  const all = latencyRow("all requests", samples);
  const rows = [...[...groups].map(([name, g]) => latencyRow(name === "page /" ? "page / (HTML)" : `query_range: ${name}`, g)), api, all];
  const lines = [`  ${"endpoint".padEnd(28)}${pad("requests", 9)}${pad("errors", 8)}${pad("p50", 10)}${pad("p95", 10)}${pad("p99", 10)}${pad("max", 10)}`];
  for (const r of rows) {
    if (r === api || r === all) lines.push(`  ${"-".repeat(85)}`);
    lines.push(`  ${r.name.padEnd(28)}${pad(String(r.count), 9)}${pad(String(r.errors), 8)}${pad(fmtMs(r.p50), 10)}${pad(fmtMs(r.p95), 10)}${pad(fmtMs(r.p99), 10)}${pad(fmtMs(r.max), 10)}`);
  }
  return { lines, api, all };
}

/** Errors grouped by kind and endpoint, most frequent first. */
export function errorLines(samples: Sample[]): string[] {
  const kinds = new Map<string, number>();
  for (const s of samples) if (s.error) kinds.set(`${s.error} (${s.endpoint})`, (kinds.get(`${s.error} (${s.endpoint})`) ?? 0) + 1);
  if (kinds.size === 0) return ["  none"];
  return [...kinds].sort((a, b) => b[1] - a[1]).map(([k, n]) => `  ${String(n).padStart(7)}  ${k}`);
}

/** Requests, errors and API P95 per time bucket of the run, to show drift, spikes and backlog. */
export function timelineLines(samples: Sample[], bucketMs: number, durationMs: number): string[] {
  const lines = [`  ${"from".padEnd(8)}${pad("requests", 9)}${pad("errors", 8)}${pad("api p50", 10)}${pad("api p95", 10)}${pad("api max", 10)}`];
  for (let b = 0; b * bucketMs < durationMs + bucketMs; b++) {
    const inB = samples.filter((s) => s.at >= b * bucketMs && s.at < (b + 1) * bucketMs);
    if (inB.length === 0) continue;
    const r = latencyRow("", inB.filter((s) => s.endpoint !== "page /"));
    lines.push(`  ${`${((b * bucketMs) / 1000).toFixed(0)} s`.padEnd(8)}${pad(String(inB.length), 9)}${pad(String(inB.filter((s) => s.error).length), 8)}${pad(fmtMs(r.p50), 10)}${pad(fmtMs(r.p95), 10)}${pad(fmtMs(r.max), 10)}`);
  }
  return lines;
}
