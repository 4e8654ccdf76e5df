/**
 * Bounds on benchmarks started over HTTP. The CLI trusts its operator; a run started from the
 * page executes in a shared worker process, so it must not be able to exhaust that process.
 */
import type { BenchPlan } from "./plan";

/** The limits, as documented in docs/bench.md. */
export const REQUEST_LIMITS = {
  levels: 32,
  concurrency: 1024,
  rate: 10_000,
  /** Expected requests of one duration-bound rate level (rate × duration). */
  requestsPerLevel: 1_000_000,
  durationS: 3600,
  inputTokens: 131_072,
  outputTokens: 32_768,
  warmup: 10_000,
  rampUpS: 3600,
} as const;

/** The first limit a plan exceeds, as a field and a message; null when within all of them. */
export function checkLimits(p: BenchPlan): { field: string; message: string } | null {
  const L = REQUEST_LIMITS;
  if (p.levels.length > L.levels) return { field: "levels", message: `at most ${L.levels} load levels, got ${p.levels.length}` };
  for (const l of p.levels) {
    if (l.kind === "concurrency" && l.concurrency > L.concurrency) return { field: "concurrency", message: `at most ${L.concurrency}, got ${l.concurrency}` };
    if (l.kind !== "rate") continue;
    if (l.rate === Infinity && p.stop.requests === null) return { field: "rate", message: "inf sends everything at once: give requests too" };
    if (l.rate !== Infinity && l.rate > L.rate) return { field: "rate", message: `at most ${L.rate}/s, got ${l.rate}` };
    if (l.maxConcurrency && l.maxConcurrency > L.concurrency) return { field: "maxConcurrency", message: `at most ${L.concurrency}, got ${l.maxConcurrency}` };
    if (p.stop.requests === null && p.stop.durationS !== null && l.rate * p.stop.durationS > L.requestsPerLevel)
      return { field: "duration", message: `rate ${l.rate}/s for ${p.stop.durationS} s is over ${L.requestsPerLevel} requests a level; give requests or a shorter duration` };
  }
  if (p.stop.requests !== null && p.stop.requests > L.requestsPerLevel) return { field: "requests", message: `at most ${L.requestsPerLevel} a level, got ${p.stop.requests}` };
  if (p.stop.durationS !== null && p.stop.durationS > L.durationS) return { field: "duration", message: `at most ${L.durationS} s, got ${p.stop.durationS}` };
  if (p.inputTokens > L.inputTokens) return { field: "inputTokens", message: `at most ${L.inputTokens}, got ${p.inputTokens}` };
  if (p.outputTokens > L.outputTokens) return { field: "outputTokens", message: `at most ${L.outputTokens}, got ${p.outputTokens}` };
  if (p.warmup > L.warmup) return { field: "warmup", message: `at most ${L.warmup}, got ${p.warmup}` };
  if (p.rampUpS > L.rampUpS) return { field: "rampUp", message: `at most ${L.rampUpS} s, got ${p.rampUpS}` };
  return null;
}
