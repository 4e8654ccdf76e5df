/**
 * Sliding range queries: a dashboard asks for the last hour every few seconds, and each new
 * window shares all but its newest steps with the one before. PromQL evaluates every step of a
 * range query on its own, so the shared steps of a result still valid (nothing at or before its
 * end written since) are kept and only the new steps are evaluated, as Cortex's and Thanos's
 * query frontends do with their results caches.
 */
import { compareLabels } from "@/lib/promql";
import { labelsKey, type Labels } from "@/lib/model";
import type { QueryResponse } from "./types";

/** A cached range result and the grid it was evaluated on. */
export interface Extent {
  /** The store's data version when its evaluation began. */
  version: number;
  startMs: number;
  /** The time of its last step (not the requested end). */
  lastStepMs: number;
  stepMs: number;
  response: QueryResponse;
}

/** The last step of a range query on its grid. */
export function lastStep(startMs: number, endMs: number, stepMs: number): number {
  return startMs + Math.floor((endMs - startMs) / stepMs) * stepMs;
}

/**
 * The base cut back to the steps a write since its evaluation cannot have touched: a step at
 * time s reads only samples at or before s, so steps before the oldest written sample stand.
 * Null when none stands.
 */
export function stillValid(base: Extent, earliestChangeMs: number): Extent | null {
  if (earliestChangeMs > base.lastStepMs) return base;
  const last = base.startMs + Math.floor((earliestChangeMs - 1 - base.startMs) / base.stepMs) * base.stepMs;
  return last < base.startMs ? null : { ...base, lastStepMs: last };
}

/**
 * The steps still to evaluate when `base` is reused for [startMs, endMs]: null when it cannot
 * be (another grid, an earlier start, nothing shared), else the range of the new steps, which
 * is empty (from > to) when the base already covers them all.
 */
export function tailToEvaluate(base: Extent, startMs: number, endMs: number, stepMs: number): { fromMs: number; toMs: number } | null {
  if (stepMs !== base.stepMs || startMs < base.startMs) return null;
  if ((startMs - base.startMs) % stepMs !== 0) return null;
  if (startMs > base.lastStepMs) return null; // no step shared
  const last = lastStep(startMs, endMs, stepMs);
  if (last < base.lastStepMs) return null; // an earlier end: not the sliding case
  return { fromMs: base.lastStepMs + stepMs, toMs: last };
}

function union(a: string[] | undefined, b: string[] | undefined): string[] | undefined {
  if (!a?.length) return b?.length ? b : undefined;
  if (!b?.length) return a;
  return [...new Set([...a, ...b])];
}

/**
 * The base's steps in [startMs, untilMs], followed by the tail's, per series in label order:
 * what evaluating the whole range at once returns. Both must be matrices.
 */
export function spliceRange(base: QueryResponse, tail: QueryResponse | null, startMs: number, untilMs = Infinity): QueryResponse {
  if (base.data.resultType !== "matrix" || (tail && tail.data.resultType !== "matrix")) throw new Error("range results must be matrices");
  const from = startMs / 1000;
  const until = untilMs / 1000;
  const out = new Map<string, { metric: Labels; values: [number, string][] }>();
  for (const s of base.data.result) {
    let i = 0;
    while (i < s.values.length && s.values[i][0] < from) i++;
    let j = s.values.length;
    while (j > i && s.values[j - 1][0] > until) j--;
    if (j > i) out.set(labelsKey(s.metric), { metric: s.metric, values: i === 0 && j === s.values.length ? s.values : s.values.slice(i, j) });
  }
  if (tail && tail.data.resultType === "matrix") {
    for (const s of tail.data.result) {
      const k = labelsKey(s.metric);
      const prev = out.get(k);
      if (prev) out.set(k, { metric: prev.metric, values: prev.values.concat(s.values) });
      else out.set(k, { metric: s.metric, values: s.values });
    }
  }
  const result = [...out.values()].sort((a, b) => compareLabels(a.metric, b.metric));
  return {
    data: { resultType: "matrix", result },
    warnings: union(base.warnings, tail?.warnings),
    infos: union(base.infos, tail?.infos),
  };
}
