/**
 * A benchmark requested over HTTP (the Benchmarks page or POST /api/bench): the CLI's flags as
 * camelCase JSON fields, checked with the same rules plus limits a shared server needs, and
 * every problem reported as one error naming the field.
 */
import { z } from "zod";
import { resolveEndpoint } from "./openai-target";
import type { Endpoint } from "./openai-chunk";
import { validatePlan, type BenchPlan } from "./plan";
import { FlagError, planFromFlags, type PlanFlags } from "./plan-input";
import { assertHostAllowed } from "./outbound";
import { resolveModelFile } from "./models-dir";
import { checkLimits } from "./request-limits";

/** Bad benchmark input; the message starts with the field (`concurrency: ...`). */
export class BenchInputError extends Error {
  constructor(field: string, problem: string) {
    super(`${field}: ${problem}`);
    this.name = "BenchInputError";
  }
}

/** Where a queued run sends its load. */
export type QueuedTarget =
  | { kind: "url"; url: string; endpoint: Endpoint | null; model: string | null }
  | { kind: "gguf"; file: string; model: string | null; parallel: number; threads: number; ctx: number | null };

/** What a worker needs to run a queued benchmark (stored as the run's `spec`; holds no secret). */
export interface QueuedSpec {
  target: QueuedTarget;
  timeoutS: number;
  /** The plan as flag values: the worker rebuilds the plan with planFromFlags. */
  flags: PlanFlags;
}

const scalar = z.union([z.number(), z.string().trim().min(1, "must not be empty").max(64)], { error: "expected a number" });
const list = z.union([z.array(scalar).min(1, "give at least one value").max(64), z.number(), z.string().trim().min(1, "must not be empty").max(512)], {
  error: "expected a list such as [1, 2, 4] or \"1,2,4\"",
});

/** The request body: flag names of `headroom bench` in camelCase (docs/bench.md). */
export const benchRequestSchema = z.strictObject({
  target: z.string().trim().min(1, "required: an http(s) URL or a .gguf file from the models folder").max(2048),
  model: z.string().trim().min(1).max(256).optional(),
  endpoint: z.enum(["completions", "chat"]).optional(),
  apiKey: z.string().max(4096).optional(),
  concurrency: list.optional(),
  rate: list.optional(),
  burstiness: scalar.optional(),
  maxConcurrency: scalar.optional(),
  requests: scalar.optional(),
  duration: scalar.optional(),
  inputTokens: scalar.optional(),
  outputTokens: scalar.optional(),
  warmup: scalar.optional(),
  rampUp: scalar.optional(),
  goodput: z.string().trim().max(200).optional(),
  goodputRatio: scalar.optional(),
  maxErrorRatio: scalar.optional(),
  seed: scalar.optional(),
  ignoreEos: z.boolean().optional(),
  timeout: scalar.optional(),
  parallel: scalar.optional(),
  threads: scalar.optional(),
  ctx: scalar.optional(),
});

const PLAN_FIELDS = ["concurrency", "rate", "burstiness", "maxConcurrency", "requests", "duration", "inputTokens", "outputTokens", "warmup", "rampUp", "goodput", "goodputRatio", "maxErrorRatio", "seed"] as const;

const text = (v: z.infer<typeof scalar> | z.infer<typeof list>): string => (Array.isArray(v) ? v.map(String).join(",") : String(v));

/** `--max-concurrency` -> `maxConcurrency`, wherever a flag is named in a message. */
export function flagsToFields(message: string): string {
  return message.replace(/--([a-z][a-z-]*)/g, (_, f: string) => f.replace(/-([a-z])/g, (__, c: string) => c.toUpperCase()));
}

/**
 * Validates a request body. `modelsDir` is the only folder GGUF targets are taken from. Throws
 * BenchInputError (or a ZodError) naming the field; returns the spec, the plan and the API key.
 */
export function parseBenchRequest(body: unknown, modelsDir: string): { spec: QueuedSpec; plan: BenchPlan; apiKey: string | null } {
  const b = benchRequestSchema.parse(body);
  const flags: PlanFlags = {};
  for (const f of PLAN_FIELDS) if (b[f] !== undefined && b[f] !== "") flags[f] = text(b[f]);
  if (b.ignoreEos === false) flags.ignoreEos = false;
  let plan: BenchPlan;
  try {
    plan = planFromFlags(flags, null);
    validatePlan(plan);
  } catch (err) {
    if (err instanceof FlagError || err instanceof RangeError) throw new BenchInputError(...splitField(flagsToFields(err.message)));
    throw err;
  }
  const num = (field: string, v: z.infer<typeof scalar> | undefined, def: number, min: number, max: number, int = true): number => {
    if (v === undefined) return def;
    const n = Number(v);
    if (!Number.isFinite(n) || (int && !Number.isInteger(n)) || n < min || n > max) throw new BenchInputError(field, `"${v}" must be ${int ? "an integer" : "a number"} from ${min} to ${max}`);
    return n;
  };
  const timeoutS = num("timeout", b.timeout, 300, 1, 3600, false);
  const problem = checkLimits(plan);
  if (problem) throw new BenchInputError(problem.field, problem.message);

  const apiKey = b.apiKey?.trim() ? b.apiKey.trim() : null;
  let target: QueuedTarget;
  if (/\.gguf$/i.test(b.target)) {
    const file = resolveModelFile(modelsDir, b.target);
    if (!file.ok) throw new BenchInputError("target", file.error);
    for (const f of ["endpoint", "apiKey"] as const) if (b[f] !== undefined && b[f] !== "") throw new BenchInputError(f, "applies to URL targets only");
    target = {
      kind: "gguf",
      file: file.path,
      model: b.model ?? null,
      parallel: num("parallel", b.parallel, 1, 1, 64),
      threads: num("threads", b.threads, 0, 0, 256),
      ctx: b.ctx === undefined ? null : num("ctx", b.ctx, 0, 16, 131_072),
    };
  } else {
    for (const f of ["parallel", "threads", "ctx"] as const) if (b[f] !== undefined) throw new BenchInputError(f, "applies to .gguf targets only");
    let url: URL;
    try {
      url = resolveEndpoint(b.target, b.endpoint).url;
    } catch (err) {
      throw new BenchInputError("target", (err as Error).message);
    }
    const given = new URL(b.target);
    if (given.username || given.password) throw new BenchInputError("target", "put credentials in apiKey, not in the URL (URLs are shown and stored)");
    try {
      assertHostAllowed(url.href);
    } catch (err) {
      throw new BenchInputError("target", (err as Error).message);
    }
    target = { kind: "url", url: url.href, endpoint: b.endpoint ?? null, model: b.model ?? null };
  }
  return { spec: { target, timeoutS, flags }, plan, apiKey };
}

function splitField(message: string): [string, string] {
  const i = message.indexOf(": ");
  return i > 0 ? [message.slice(0, i), message.slice(i + 2)] : ["body", message];
}
