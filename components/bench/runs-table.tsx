"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import type { RunListItem } from "@/lib/bench/views";
import { formatFigure } from "@/lib/bench/chart";
import { formatPercent, formatTime } from "@/lib/format";
import { StateBadge, SyntheticBadge } from "./state-badge";

/** The capacity cell: load and requests/s under the SLO, "≥" when the sweep never missed it. */
function capacityText(r: RunListItem): string {
  const c = r.capacity;
  if (!c) return "—";
  return `${c.atSweepTop ? "≥ " : ""}${formatFigure(c.requestsPerSecond)} req/s (${c.kind} ${formatFigure(c.load)})`;
}

/** Past and current runs; tick two or more to compare them side by side. */
export function RunsTable({ runs }: { runs: RunListItem[] }) {
  const router = useRouter();
  const [picked, setPicked] = useState<number[]>([]);
  const toggle = (id: number) => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id]));
  const active = runs.some((r) => r.state === "queued" || r.state === "running");
  // While something runs, the list re-renders every few seconds so states and shares move.
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => router.refresh(), 3000);
    return () => clearInterval(timer);
  }, [active, router]);
  if (runs.length === 0) return <p className="empty">No benchmark has run yet. Start one below, or with <code>headroom bench</code> on the command line.</p>;
  return (
    <>
      <table className="data" aria-label="Benchmark runs">
        <thead>
          <tr>
            <th aria-label="Compare" />
            <th>Run</th>
            <th>Status</th>
            <th>Target</th>
            <th>Model</th>
            <th>Levels</th>
            <th>Capacity at SLO</th>
            <th>Started (UTC)</th>
            <th>By</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => (
            <tr key={r.id}>
              <td>
                <input type="checkbox" aria-label={`Compare run ${r.id}`} checked={picked.includes(r.id)} onChange={() => toggle(r.id)} />
              </td>
              <td>
                <Link href={`/benchmarks/${r.id}`}>#{r.id}</Link>
              </td>
              <td>
                <StateBadge state={r.state} />
                {r.state === "running" && r.progress?.fraction != null ? <span className="empty"> {formatPercent(r.progress.fraction, 2)}</span> : null}
              </td>
              <td style={{ overflowWrap: "anywhere" }}>
                <code>{r.target}</code>
              </td>
              <td>
                {r.model ?? "—"} {r.synthetic ? <SyntheticBadge /> : null}
              </td>
              <td>{r.loadKind ? `${r.levels} × ${r.loadKind}` : "—"}</td>
              <td className="num">{capacityText(r)}</td>
              <td>{formatTime(Date.parse(r.startedAt))}</td>
              <td>{r.requestedBy ?? "CLI"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="inline-form form">
        <button className="button secondary" type="button" disabled={picked.length < 2} onClick={() => router.push(`/benchmarks/compare?ids=${picked.join(",")}`)}>
          Compare selected ({picked.length})
        </button>
      </div>
    </>
  );
}
