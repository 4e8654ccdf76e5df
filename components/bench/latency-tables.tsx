import { LATENCY_METRICS } from "@/lib/bench/chart";
import type { LevelView } from "@/lib/bench/views";
import type { Distribution } from "@/lib/bench/stats";
import { formatDurationMs } from "@/lib/format";

const STATS: [keyof Distribution, string][] = [
  ["mean", "mean"],
  ["median", "p50"],
  ["p90", "p90"],
  ["p95", "p95"],
  ["p99", "p99"],
];

/** Per level: mean and percentiles of TTFT, TPOT, ITL and E2E, one small table per metric. */
export function LatencyTables({ levels }: { levels: LevelView[] }) {
  return (
    <div className="grid" style={{ gridTemplateColumns: "repeat(auto-fill, minmax(440px, 1fr))" }}>
      {LATENCY_METRICS.map((m) => (
        <table key={m.key} className="data" aria-label={`${m.label} by level`}>
          <thead>
            <tr>
              <th>{m.label}</th>
              {STATS.map(([, label]) => (
                <th key={label} className="num" style={{ textAlign: "right" }}>
                  {label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {levels.map((l) => {
              const d = l.summary[m.field];
              return (
                <tr key={l.position}>
                  <td>{l.label}</td>
                  {STATS.map(([key, label]) => (
                    <td key={label} className="num">
                      {d ? formatDurationMs(d[key]) : "—"}
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      ))}
    </div>
  );
}
