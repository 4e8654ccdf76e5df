"use client";

import { LATENCY_METRICS, QUANTILES, type LatencyMetric, type Quantile, type ThroughputAxis } from "@/lib/bench/chart";

/** The chart's choices: which latency, which throughput, and (when comparing) which percentile. */
export interface ChartChoice {
  metric: LatencyMetric;
  axis: ThroughputAxis;
  quantile: Quantile;
}

/** Selects for the sweep chart. */
export function ChartControls({ value, onChange, withQuantile }: { value: ChartChoice; onChange: (v: ChartChoice) => void; withQuantile: boolean }) {
  return (
    <div className="explore-controls">
      <label>
        Latency
        <select aria-label="Latency metric" value={value.metric} onChange={(e) => onChange({ ...value, metric: e.target.value as LatencyMetric })}>
          {LATENCY_METRICS.map((m) => (
            <option key={m.key} value={m.key}>
              {m.label}
            </option>
          ))}
        </select>
      </label>
      {withQuantile ? (
        <label>
          Percentile
          <select aria-label="Percentile" value={value.quantile} onChange={(e) => onChange({ ...value, quantile: e.target.value as Quantile })}>
            {QUANTILES.map((q) => (
              <option key={q.key} value={q.key}>
                {q.label}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <label>
        Throughput
        <select aria-label="Throughput axis" value={value.axis} onChange={(e) => onChange({ ...value, axis: e.target.value as ThroughputAxis })}>
          <option value="requests">requests/s</option>
          <option value="output">output tokens/s</option>
        </select>
      </label>
    </div>
  );
}
