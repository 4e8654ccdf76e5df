import type { BenchRunState } from "@/lib/bench/store";

const CLASS: Record<BenchRunState, string> = {
  queued: "badge",
  running: "badge running",
  interrupted: "badge error",
  done: "badge ok",
  failed: "badge error",
  canceled: "badge warn",
};

/** A run's state as a coloured badge. */
export function StateBadge({ state }: { state: BenchRunState }) {
  return (
    <span className={CLASS[state] ?? "badge"} data-testid="run-state">
      {state}
    </span>
  );
}

/** Marks a run whose model has Headroom-synthesised weights: its speed is real, its output is not. */
export function SyntheticBadge() {
  return (
    <span className="badge warn" title="A Headroom-synthesised GGUF model with seeded random weights: timings are real, the text is not">
      synthetic weights
    </span>
  );
}
