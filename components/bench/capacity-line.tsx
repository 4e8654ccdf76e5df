import { formatFigure } from "@/lib/bench/chart";
import type { RunDetail } from "@/lib/bench/views";
import { formatPercent } from "@/lib/format";

/** The run's per-replica capacity under its SLO, or why it names none. */
export function CapacityLine({ run }: { run: RunDetail }) {
  const c = run.capacity;
  if (!c) {
    const why = run.state === "done" ? (run.capacityReason ?? "not computed") : `the run ${run.state === "canceled" ? "was canceled" : "did not finish"}`;
    return (
      <p className="empty" data-testid="capacity">
        Capacity: — ({why})
      </p>
    );
  }
  return (
    <p data-testid="capacity">
      <strong>Capacity per replica: {c.atSweepTop ? "at least " : ""}</strong>
      {formatFigure(c.requestsPerSecond)} req/s, {formatFigure(c.outputTokensPerSecond)} output tok/s at {c.kind} {formatFigure(c.load)}; {formatPercent(c.goodputRatio)} of
      requests met the SLO (needed {formatPercent(c.minGoodputRatio)}).
      {run.synthetic ? " Measured on synthetic weights: the engine's speed, not a real model's output." : ""}
      {c.atSweepTop ? " The highest level tried still met it: sweep higher to find the limit." : ""}
    </p>
  );
}
