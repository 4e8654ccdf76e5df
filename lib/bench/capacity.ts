/**
 * Per-replica capacity from a sweep: the highest load level whose goodput ratio meets the
 * objective. This is what lib/capacity divides a demand forecast by to get a replica count.
 */
import { formatSlo, type Slo } from "./goodput";
import type { LevelSummary } from "./summary";

/** What a load level held constant. */
export type LoadKind = "concurrency" | "rate" | "trace";

/** A finished level as capacity selection sees it. */
export interface LevelOutcome {
  kind: LoadKind;
  /** Concurrency, or requests per second; for a trace, its time scale. */
  load: number;
  summary: LevelSummary;
}

/** One replica's capacity under an SLO, with the measured throughputs at that level. */
export interface Capacity {
  kind: "concurrency" | "rate";
  /** The level's concurrency or offered rate (requests/s). */
  load: number;
  /** Requests completed per second at that level: the figure to divide demand (req/s) by. */
  requestsPerSecond: number;
  /** Requests per second that met the SLO. */
  goodputPerSecond: number;
  outputTokensPerSecond: number;
  totalTokensPerSecond: number;
  goodputRatio: number;
  slo: Slo;
  minGoodputRatio: number;
  /** Mean prompt and output tokens of its requests: the workload shape the figure holds for. */
  meanInputTokens: number;
  meanOutputTokens: number;
  /** True when the highest level tried still met the SLO: the replica can carry at least this. */
  atSweepTop: boolean;
  /** The lowest level that missed the SLO, if any. */
  firstFailingLoad: number | null;
}

/** The capacity, or null with the reason none could be named. */
export interface CapacityResult {
  capacity: Capacity | null;
  reason: string;
}

/**
 * Walks the levels from the lowest load up and keeps the last one meeting the SLO before the
 * first that misses it. A passing level above a failing one does not count: a capacity figure
 * must hold for every load below it, and noise should not raise it.
 */
export function selectCapacity(levels: readonly LevelOutcome[], minGoodputRatio: number): CapacityResult {
  if (!(minGoodputRatio > 0 && minGoodputRatio <= 1)) throw new RangeError(`minimum goodput ratio must be in (0, 1], got ${minGoodputRatio}`);
  const swept = levels.filter((l) => l.kind !== "trace").sort((a, b) => a.load - b.load);
  if (swept.length === 0) return { capacity: null, reason: "no concurrency or rate levels were run" };
  const slo = swept[0].summary.goodput?.slo;
  if (!slo) return { capacity: null, reason: "no SLO given; add --goodput ttft:MS,tpot:MS,e2el:MS" };
  const passes = (l: LevelOutcome) => !!l.summary.goodput && l.summary.requests > 0 && l.summary.goodput.ratio >= minGoodputRatio;
  let best: LevelOutcome | null = null;
  let failing: LevelOutcome | null = null;
  for (const l of swept) {
    if (!passes(l)) {
      failing = l;
      break;
    }
    best = l;
  }
  if (!best) {
    const l = swept[0];
    const ratio = l.summary.goodput?.ratio ?? 0;
    return {
      capacity: null,
      reason: `the lowest level (${l.kind} ${l.load}) already misses ${formatSlo(slo)}: goodput ratio ${ratio.toFixed(3)} < ${minGoodputRatio}`,
    };
  }
  const s = best.summary;
  const capacity: Capacity = {
    kind: best.kind as "concurrency" | "rate",
    load: best.load,
    requestsPerSecond: s.requestThroughput,
    goodputPerSecond: s.goodput!.perSecond,
    outputTokensPerSecond: s.outputThroughput,
    totalTokensPerSecond: s.totalTokenThroughput,
    goodputRatio: s.goodput!.ratio,
    slo,
    minGoodputRatio,
    meanInputTokens: s.completed > 0 ? s.inputTokens / s.completed : 0,
    meanOutputTokens: s.completed > 0 ? s.outputTokens / s.completed : 0,
    atSweepTop: failing === null,
    firstFailingLoad: failing?.load ?? null,
  };
  const reason = failing
    ? `${best.kind} ${best.load} meets ${formatSlo(slo)} for ${(capacity.goodputRatio * 100).toFixed(1)}% of requests; ${failing.kind} ${failing.load} does not`
    : `the highest level tried (${best.kind} ${best.load}) still meets ${formatSlo(slo)}: capacity is at least this`;
  return { capacity, reason };
}
