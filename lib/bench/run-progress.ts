/**
 * A running benchmark's progress as the page shows it: the current level, the requests
 * finished over the whole run, the share done and an estimate of the time left. Pure: the
 * worker stores what this returns, the page only reads it.
 */
import type { LevelProgress } from "./level";

/** What a running run's row holds in `progress`. */
export interface RunProgress {
  /** "preparing" while the target is checked or the model loads; "running" while levels run. */
  phase: "preparing" | "running";
  /** 0-based level index, of `levels`. */
  level: number;
  levels: number;
  label: string;
  warmingUp: boolean;
  /** Measured requests finished in this level, and how many failed. */
  levelDone: number;
  levelFailed: number;
  levelGoalRequests: number | null;
  levelGoalDurationS: number | null;
  inFlight: number;
  /** Measured requests finished over the whole run (earlier levels included). */
  completedRequests: number;
  /** Share of the whole run done, 0..1; null when no level bounds its work. */
  fraction: number | null;
  /** Milliseconds since the run started. */
  elapsedMs: number;
  /** Estimated milliseconds left; null until there is something to extrapolate from. */
  etaMs: number | null;
}

/** Share of one level done: by request count, by time, whichever is further along. */
export function levelFraction(p: Pick<LevelProgress, "done" | "goalRequests" | "goalDurationS" | "elapsedMs" | "warmingUp">): number | null {
  if (p.warmingUp) return 0;
  let f: number | null = null;
  if (p.goalRequests !== null && p.goalRequests > 0) f = p.done / p.goalRequests;
  if (p.goalDurationS !== null) f = Math.max(f ?? 0, p.elapsedMs / (p.goalDurationS * 1000));
  return f === null ? null : Math.min(1, Math.max(0, f));
}

/**
 * The run's progress from its current level's. Levels are taken as equal shares of the run:
 * rough for sweeps whose levels differ in speed, but it only steers a progress bar.
 */
export function runProgress(p: LevelProgress, earlierRequests: number, runElapsedMs: number): RunProgress {
  const lf = levelFraction(p);
  const fraction = lf === null || p.levels === 0 ? null : Math.min(1, (p.level + lf) / p.levels);
  // Under 2% done, an extrapolation says more about start-up than about the run.
  const etaMs = fraction !== null && fraction >= 0.02 && runElapsedMs > 0 ? Math.max(0, (runElapsedMs * (1 - fraction)) / fraction) : null;
  return {
    phase: "running",
    level: p.level,
    levels: p.levels,
    label: p.label,
    warmingUp: p.warmingUp,
    levelDone: p.done,
    levelFailed: p.failed,
    levelGoalRequests: p.goalRequests,
    levelGoalDurationS: p.goalDurationS,
    inFlight: p.inFlight,
    completedRequests: earlierRequests + p.done,
    fraction,
    elapsedMs: runElapsedMs,
    etaMs,
  };
}

/** The progress of a run still preparing (checking the target, loading a model). */
export function preparingProgress(levels: number, elapsedMs: number): RunProgress {
  return {
    phase: "preparing",
    level: 0,
    levels,
    label: "",
    warmingUp: false,
    levelDone: 0,
    levelFailed: 0,
    levelGoalRequests: null,
    levelGoalDurationS: null,
    inFlight: 0,
    completedRequests: 0,
    fraction: 0,
    elapsedMs,
    etaMs: null,
  };
}
