/**
 * A plan from command-line style text (`--concurrency 1,2,4 --goodput ttft:500`): every value
 * arrives as a string, and every problem comes back as one FlagError naming the flag.
 */
import { parseSlo } from "./goodput";
import { PLAN_DEFAULTS, type BenchPlan, type LevelSpec } from "./plan";
import type { TraceRow } from "./trace";

/** A bad flag value; the message starts with the flag (`--concurrency: ...`). */
export class FlagError extends Error {
  constructor(flag: string, problem: string) {
    super(`${flag}: ${problem}`);
    this.name = "FlagError";
  }
}

/** Flag values as given (strings), absent when not given. */
export interface PlanFlags {
  concurrency?: string;
  rate?: string;
  burstiness?: string;
  maxConcurrency?: string;
  requests?: string;
  duration?: string;
  inputTokens?: string;
  outputTokens?: string;
  timeScale?: string;
  warmup?: string;
  rampUp?: string;
  goodput?: string;
  goodputRatio?: string;
  maxErrorRatio?: string;
  seed?: string;
  /** False for --no-ignore-eos. */
  ignoreEos?: boolean;
}

const INT = /^\d+$/;
const NUM = /^(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** Parses a positive integer flag value; throws FlagError naming the flag. */
export function positiveInt(flag: string, v: string): number {
  if (!INT.test(v.trim()) || !(Number(v) >= 1) || !Number.isSafeInteger(Number(v))) throw new FlagError(flag, `"${v}" is not a positive integer`);
  return Number(v);
}

/** Parses a non-negative integer flag value; throws FlagError naming the flag. */
export function nonNegativeInt(flag: string, v: string): number {
  if (!INT.test(v.trim()) || !Number.isSafeInteger(Number(v))) throw new FlagError(flag, `"${v}" is not a non-negative integer`);
  return Number(v);
}

function positiveNumber(flag: string, v: string, allowInf = false): number {
  const t = v.trim().toLowerCase();
  if (allowInf && (t === "inf" || t === "infinity")) return Infinity;
  if (!NUM.test(t) || !(Number(t) > 0) || !Number.isFinite(Number(t))) throw new FlagError(flag, `"${v}" is not a positive number${allowInf ? " (or inf)" : ""}`);
  return Number(t);
}

function nonNegativeNumber(flag: string, v: string): number {
  const t = v.trim();
  if (!NUM.test(t) || !Number.isFinite(Number(t))) throw new FlagError(flag, `"${v}" is not a non-negative number`);
  return Number(t);
}

function ratio(flag: string, v: string, allowZero: boolean): number {
  const t = v.trim();
  const n = Number(t);
  if (!NUM.test(t) || n > 1 || (allowZero ? n < 0 : n <= 0)) throw new FlagError(flag, `"${v}" must be a number ${allowZero ? "from 0" : "above 0"} to 1`);
  return n;
}

function list<T>(flag: string, v: string, item: (flag: string, s: string) => T, example: string): T[] {
  const parts = v.split(",").map((s) => s.trim());
  if (parts.some((p) => p === "")) throw new FlagError(flag, `"${v}": expected a comma-separated list such as ${example}`);
  const values = parts.map((p) => item(flag, p));
  if (new Set(values).size !== values.length) throw new FlagError(flag, `"${v}" lists a value twice`);
  return values;
}

/**
 * Builds a plan from flags. `trace` is the parsed --trace file, if one was given. Load flags
 * that make no sense together (--concurrency with --rate, --burstiness without --rate,
 * --time-scale without --trace) are refused rather than silently ignored.
 */
export function planFromFlags(f: PlanFlags, trace: { file: string; rows: TraceRow[] } | null): BenchPlan {
  if (f.concurrency !== undefined && f.rate !== undefined) throw new FlagError("--concurrency and --rate", "give one or the other");
  if (trace && (f.concurrency !== undefined || f.rate !== undefined)) throw new FlagError("--trace", "replays the trace's own arrival times; drop --concurrency/--rate");
  if (f.burstiness !== undefined && f.rate === undefined) throw new FlagError("--burstiness", "applies to --rate only");
  if (f.maxConcurrency !== undefined && f.rate === undefined) throw new FlagError("--max-concurrency", "applies to --rate only (--concurrency fixes it already)");
  if (f.timeScale !== undefined && !trace) throw new FlagError("--time-scale", "applies to --trace only");
  if (f.goodputRatio !== undefined && f.goodput === undefined) throw new FlagError("--goodput-ratio", "applies with --goodput only");
  if (trace && (f.inputTokens !== undefined || f.outputTokens !== undefined)) throw new FlagError("--trace", "takes prompt and output lengths from the trace; drop --input-tokens/--output-tokens");

  let levels: LevelSpec[];
  if (trace) levels = [{ kind: "trace", timeScale: f.timeScale === undefined ? 1 : positiveNumber("--time-scale", f.timeScale) }];
  else if (f.rate !== undefined) {
    const burstiness = f.burstiness === undefined ? 1 : positiveNumber("--burstiness", f.burstiness);
    const maxConcurrency = f.maxConcurrency === undefined ? null : positiveInt("--max-concurrency", f.maxConcurrency);
    levels = list("--rate", f.rate, (fl, s) => positiveNumber(fl, s, true), "1,2,4,inf").map((rate) => ({ kind: "rate" as const, rate, burstiness, maxConcurrency }));
  } else levels = list("--concurrency", f.concurrency ?? "1", positiveInt, "1,2,4,8").map((concurrency) => ({ kind: "concurrency" as const, concurrency }));

  let slo = null;
  if (f.goodput !== undefined) {
    try {
      slo = parseSlo(f.goodput);
    } catch (err) {
      throw new FlagError("--goodput", (err as Error).message);
    }
  }
  return {
    ...PLAN_DEFAULTS,
    levels,
    stop: {
      ...PLAN_DEFAULTS.stop,
      requests: f.requests === undefined ? null : positiveInt("--requests", f.requests),
      durationS: f.duration === undefined ? null : positiveNumber("--duration", f.duration),
      maxErrorRatio: f.maxErrorRatio === undefined ? null : ratio("--max-error-ratio", f.maxErrorRatio, true),
    },
    warmup: f.warmup === undefined ? 0 : nonNegativeInt("--warmup", f.warmup),
    rampUpS: f.rampUp === undefined ? 0 : nonNegativeNumber("--ramp-up", f.rampUp),
    inputTokens: f.inputTokens === undefined ? PLAN_DEFAULTS.inputTokens : positiveInt("--input-tokens", f.inputTokens),
    outputTokens: f.outputTokens === undefined ? PLAN_DEFAULTS.outputTokens : positiveInt("--output-tokens", f.outputTokens),
    ignoreEos: f.ignoreEos ?? true,
    seed: f.seed === undefined ? 0 : nonNegativeInt("--seed", f.seed),
    slo,
    minGoodputRatio: f.goodputRatio === undefined ? PLAN_DEFAULTS.minGoodputRatio : ratio("--goodput-ratio", f.goodputRatio, false),
    trace,
  };
}
