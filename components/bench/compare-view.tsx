"use client";

import Link from "next/link";
import { useState, type ReactNode } from "react";
import { compareChart, formatFigure, type CompareRun } from "@/lib/bench/chart";
import type { RunDetail } from "@/lib/bench/views";
import { formatTime } from "@/lib/format";
import { ChartControls, type ChartChoice } from "./chart-controls";
import { sweepText } from "./run-facts";
import { StateBadge, SyntheticBadge } from "./state-badge";
import { SweepChart } from "./sweep-chart";

/** The highest request throughput any level of a run reached; null when none measured any. */
function peak(run: RunDetail): number | null {
  const measured = run.levelResults.filter((l) => l.summary.requests > 0);
  return measured.length === 0 ? null : Math.max(...measured.map((l) => l.summary.requestThroughput));
}

/** Runs side by side: one column each, and their sweeps overlaid on one chart. */
export function CompareView({ runs }: { runs: RunDetail[] }) {
  const [choice, setChoice] = useState<ChartChoice>({ metric: "ttft", axis: "requests", quantile: "p99" });
  const chartRuns: CompareRun[] = runs.map((r) => ({ id: r.id, name: r.model ?? r.target, levels: r.levelResults, capacity: r.capacity }));
  const data = compareChart(chartRuns, choice);
  const rows: [string, (r: RunDetail) => ReactNode][] = [
    ["Status", (r) => <StateBadge state={r.state} />],
    ["Target", (r) => <code style={{ overflowWrap: "anywhere" }}>{r.target}</code>],
    ["Model", (r) => <>{r.model ?? "—"} {r.synthetic ? <SyntheticBadge /> : null}</>],
    ["Load", (r) => sweepText(r.config)],
    ["SLO", (r) => String(r.config.goodput ?? "none")],
    ["Capacity", (r) => (r.capacity ? `${r.capacity.atSweepTop ? "≥ " : ""}${formatFigure(r.capacity.requestsPerSecond)} req/s at ${r.capacity.kind} ${formatFigure(r.capacity.load)}` : "—")],
    ["Peak throughput", (r) => `${formatFigure(peak(r))} req/s`],
    ["Started (UTC)", (r) => formatTime(Date.parse(r.startedAt))],
  ];
  return (
    <div className="grid">
      <section className="card wide" aria-labelledby="compare-table-title">
        <h2 id="compare-table-title">Side by side</h2>
        <table className="data" aria-label="Runs compared">
          <thead>
            <tr>
              <th />
              {runs.map((r) => (
                <th key={r.id}>
                  <Link href={`/benchmarks/${r.id}`}>Run #{r.id}</Link>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map(([label, cell]) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                {runs.map((r) => (
                  <td key={r.id}>{cell(r)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="card wide" aria-labelledby="compare-chart-title">
        <h2 id="compare-chart-title">Throughput against latency</h2>
        <ChartControls value={choice} onChange={setChoice} withQuantile />
        <SweepChart data={data} />
      </section>
    </div>
  );
}
