"use client";

import { useState } from "react";
import { sweepChart } from "@/lib/bench/chart";
import type { RunDetail } from "@/lib/bench/views";
import { ChartControls, type ChartChoice } from "./chart-controls";
import { SweepChart } from "./sweep-chart";

/** The run's sweep chart with its choices: p50, p90, p95 and p99 of one latency per level. */
export function SweepPanel({ run }: { run: RunDetail }) {
  const [choice, setChoice] = useState<ChartChoice>({ metric: "ttft", axis: "requests", quantile: "p99" });
  const data = sweepChart(run.levelResults, { metric: choice.metric, axis: choice.axis, capacity: run.capacity });
  return (
    <section className="card wide" aria-labelledby="sweep-title">
      <h2 id="sweep-title">Throughput against latency</h2>
      <ChartControls value={choice} onChange={setChoice} withQuantile={false} />
      <SweepChart data={data} />
      <p className="empty">
        One point per level, in load order: where the line turns upward the replica has saturated.
        {run.capacity ? " The dashed green line is the capacity at the SLO." : ""}
      </p>
    </section>
  );
}
