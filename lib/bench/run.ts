/**
 * A whole benchmark run: prepares the target, runs each load level in turn, and selects the
 * per-replica capacity from the levels once all of them have finished.
 */
import { selectCapacity, type CapacityResult } from "./capacity";
import { runLevel, type LevelProgress, type LevelResult } from "./level";
import { planConfig, validatePlan, type BenchPlan } from "./plan";
import { PromptSource } from "./prompt";
import type { BenchTarget } from "./types";

/** The outcome of a run; `status` is "canceled" when the signal stopped it. */
export interface BenchResult {
  status: "done" | "canceled";
  target: string;
  model: string | null;
  config: Record<string, unknown>;
  /** Epoch milliseconds. */
  startedAt: number;
  finishedAt: number;
  levels: LevelResult[];
  /** Null for a canceled run: a capacity needs every level of the sweep. */
  capacity: CapacityResult | null;
}

/** Clocks, cancellation and callbacks for runBench. */
export interface RunOptions {
  signal?: AbortSignal;
  /** Monotonic milliseconds (default performance.now()). */
  now?: () => number;
  /** Epoch milliseconds (default Date.now()). */
  wallClock?: () => number;
  onProgress?: (p: LevelProgress) => void;
  /** Called after each level, before the next starts (the store writes it here). */
  onLevel?: (level: LevelResult) => Promise<void> | void;
  progressEveryMs?: number;
}

/** Runs every level of `plan` against `target`; the target is prepared but not closed. */
export async function runBench(target: BenchTarget, plan: BenchPlan, opts: RunOptions = {}): Promise<BenchResult> {
  validatePlan(plan);
  const now = opts.now ?? (() => performance.now());
  const wallClock = opts.wallClock ?? (() => Date.now());
  const startedAt = wallClock();
  await target.prepare?.(opts.signal);
  const prompts = new PromptSource(plan.seed);
  const levels: LevelResult[] = [];
  for (let i = 0; i < plan.levels.length && !opts.signal?.aborted; i++) {
    const level = await runLevel(target, plan, i, prompts, { now, wallClock, signal: opts.signal, onProgress: opts.onProgress, progressEveryMs: opts.progressEveryMs });
    if (level.stopReason === "canceled") break;
    levels.push(level);
    await opts.onLevel?.(level);
  }
  const canceled = !!opts.signal?.aborted;
  return {
    status: canceled ? "canceled" : "done",
    target: target.description,
    model: target.model,
    config: planConfig(plan),
    startedAt,
    finishedAt: wallClock(),
    levels,
    capacity: canceled ? null : selectCapacity(levels.map((l) => ({ kind: l.spec.kind, load: l.load, summary: l.summary })), plan.minGoodputRatio),
  };
}
