import type { RunProgress } from "@/lib/bench/run-progress";
import { formatDurationMs, formatPercent } from "@/lib/format";

/** Progress of a queued or running run: a bar for the whole run, the current level, ETA. */
export function ProgressPanel({ state, progress, cancelRequested }: { state: string; progress: RunProgress | null; cancelRequested: boolean }) {
  if (state === "queued") {
    return (
      <p className="empty" data-testid="progress-text">
        Queued: waiting for the bench worker (runs execute one at a time; with <code>HEADROOM_WORKERS=off</code> a separate <code>npm run workers</code> process runs them).
      </p>
    );
  }
  const p = progress;
  const fraction = p?.fraction ?? null;
  let text = "starting";
  if (p?.phase === "preparing") text = "preparing the target (checking the endpoint or loading the model)";
  else if (p) {
    const goal = p.levelGoalRequests !== null ? `/${p.levelGoalRequests}` : "";
    const failed = p.levelFailed > 0 ? `, ${p.levelFailed} failed` : "";
    const warm = p.warmingUp ? " (warming up)" : "";
    text = `level ${p.level + 1} of ${p.levels}: ${p.label}${warm}, ${p.levelDone}${goal} requests${failed}, ${p.inFlight} in flight; ${p.completedRequests} requests done in all`;
  }
  return (
    <div aria-label="Progress">
      <progress max={1} value={fraction ?? undefined} style={{ width: "100%", height: 14 }} aria-label="Run progress" />
      <p className="empty" data-testid="progress-text">
        {fraction !== null ? `${formatPercent(fraction, 2)} · ` : ""}
        {text}
        {p ? ` · ${formatDurationMs(p.elapsedMs)} elapsed` : ""}
        {p?.etaMs != null ? ` · about ${formatDurationMs(p.etaMs)} left` : ""}
        {cancelRequested ? " · canceling…" : ""}
      </p>
    </div>
  );
}
