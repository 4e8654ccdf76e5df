/**
 * What a benchmark run does: its load levels, stop conditions, request shape, SLO and seed.
 * A plan is plain data; `validatePlan` checks it once, and `planConfig` is the JSON stored with
 * the run (the trace's rows stay out of it; its file name and size go in).
 */
import type { LoadKind } from "./capacity";
import { formatSlo, type Slo } from "./goodput";
import type { TraceRow } from "./trace";

/** One load level: fixed concurrency, an arrival rate, or a trace replay. */
export type LevelSpec =
  | { kind: "concurrency"; concurrency: number }
  | { kind: "rate"; rate: number; burstiness: number; maxConcurrency?: number | null }
  | { kind: "trace"; timeScale: number };

/** When a level stops sending; whichever comes first. */
export interface StopConditions {
  /** Measured requests per level (warm-up ones not counted). */
  requests: number | null;
  /** Seconds of sending per level, counted from the first measured request. */
  durationS: number | null;
  /** Stop a level once this share of its finished requests failed (null: never). */
  maxErrorRatio: number | null;
  /** ... but not before this many have finished. */
  minRequestsForErrorRatio: number;
}

/** A whole benchmark run. */
export interface BenchPlan {
  levels: LevelSpec[];
  stop: StopConditions;
  /** Requests at the start of each level that load the server but are left out of the results. */
  warmup: number;
  /** Concurrency: workers start spread over this time; rate: the rate rises linearly over it. */
  rampUpS: number;
  inputTokens: number;
  outputTokens: number;
  ignoreEos: boolean;
  seed: number;
  slo: Slo | null;
  /** A level meets the SLO when at least this share of its requests is good. */
  minGoodputRatio: number;
  trace: { file: string; rows: TraceRow[] } | null;
}

/** Defaults for everything but the levels. */
export const PLAN_DEFAULTS: Omit<BenchPlan, "levels"> = {
  stop: { requests: null, durationS: null, maxErrorRatio: null, minRequestsForErrorRatio: 20 },
  warmup: 0,
  rampUpS: 0,
  inputTokens: 256,
  outputTokens: 128,
  ignoreEos: true,
  seed: 0,
  slo: null,
  minGoodputRatio: 0.9,
  trace: null,
};

/** Measured requests per level when neither a count nor a duration is given. */
export const DEFAULT_REQUESTS = 200;

/** The load a level holds: its concurrency, rate, or trace time scale. */
export function levelLoad(spec: LevelSpec): number {
  return spec.kind === "concurrency" ? spec.concurrency : spec.kind === "rate" ? spec.rate : spec.timeScale;
}

/** `concurrency 8`, `rate 4/s (burstiness 0.5)`, `trace ×0.5`. */
export function levelLabel(spec: LevelSpec): string {
  if (spec.kind === "concurrency") return `concurrency ${spec.concurrency}`;
  if (spec.kind === "trace") return `trace ×${spec.timeScale}`;
  const rate = spec.rate === Infinity ? "inf" : `${spec.rate}/s`;
  return spec.burstiness === 1 ? `rate ${rate}` : `rate ${rate} (burstiness ${spec.burstiness})`;
}

/** Checks a plan; throws a RangeError naming the field. */
export function validatePlan(p: BenchPlan): void {
  const fail = (msg: string) => {
    throw new RangeError(msg);
  };
  if (p.levels.length === 0) fail("levels: at least one load level is needed");
  for (const l of p.levels) {
    if (l.kind === "concurrency" && !(Number.isInteger(l.concurrency) && l.concurrency >= 1)) fail(`concurrency: must be a positive integer, got ${l.concurrency}`);
    if (l.kind === "rate" && !(l.rate > 0)) fail(`rate: must be positive, got ${l.rate}`);
    if (l.kind === "rate" && !(l.burstiness > 0 && Number.isFinite(l.burstiness))) fail(`burstiness: must be a positive number, got ${l.burstiness}`);
    if (l.kind === "trace" && !(l.timeScale > 0 && Number.isFinite(l.timeScale))) fail(`time scale: must be a positive number, got ${l.timeScale}`);
    if (l.kind === "trace" && !p.trace) fail("a trace level needs trace rows");
  }
  const s = p.stop;
  if (s.requests !== null && !(Number.isInteger(s.requests) && s.requests >= 1)) fail(`requests: must be a positive integer, got ${s.requests}`);
  if (s.durationS !== null && !(s.durationS > 0 && Number.isFinite(s.durationS))) fail(`duration: must be a positive number of seconds, got ${s.durationS}`);
  if (s.maxErrorRatio !== null && !(s.maxErrorRatio >= 0 && s.maxErrorRatio <= 1)) fail(`error ratio: must be within 0..1, got ${s.maxErrorRatio}`);
  if (!(Number.isInteger(p.warmup) && p.warmup >= 0)) fail(`warmup: must be a non-negative integer, got ${p.warmup}`);
  if (!(p.rampUpS >= 0 && Number.isFinite(p.rampUpS))) fail(`ramp-up: must be a non-negative number of seconds, got ${p.rampUpS}`);
  if (!(Number.isInteger(p.inputTokens) && p.inputTokens >= 1)) fail(`input tokens: must be a positive integer, got ${p.inputTokens}`);
  if (!(Number.isInteger(p.outputTokens) && p.outputTokens >= 1)) fail(`output tokens: must be a positive integer, got ${p.outputTokens}`);
  if (!(p.minGoodputRatio > 0 && p.minGoodputRatio <= 1)) fail(`goodput ratio: must be within (0, 1], got ${p.minGoodputRatio}`);
}

/** The run's configuration as stored and written to the JSON result (no trace rows). */
export function planConfig(p: BenchPlan): Record<string, unknown> {
  return {
    levels: p.levels.map((l) => ({ ...l, ...(l.kind === "rate" && l.rate === Infinity ? { rate: "inf" } : {}) })),
    stop: p.stop,
    warmup: p.warmup,
    rampUpS: p.rampUpS,
    inputTokens: p.trace ? null : p.inputTokens,
    outputTokens: p.trace ? null : p.outputTokens,
    ignoreEos: p.ignoreEos,
    seed: p.seed,
    goodput: p.slo ? formatSlo(p.slo) : null,
    minGoodputRatio: p.minGoodputRatio,
    trace: p.trace ? { file: p.trace.file, requests: p.trace.rows.length } : null,
  };
}

/** The kind of load a plan sweeps (all its levels share one). */
export function planKind(p: BenchPlan): LoadKind {
  return p.levels[0]?.kind ?? "concurrency";
}
