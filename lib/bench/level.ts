/**
 * Runs one load level against a target: keeps N requests in flight, or sends on a seeded
 * arrival schedule or a trace's timestamps, until a stop condition holds, then waits for the
 * requests still in flight. Only timestamps are collected here; summary.ts does the statistics.
 */
import { setMaxListeners } from "node:events";
import { arrivalTimes } from "./arrivals";
import { DEFAULT_REQUESTS, levelLabel, levelLoad, type BenchPlan, type LevelSpec } from "./plan";
import type { PromptSource } from "./prompt";
import { deriveSeed } from "./rng";
import { summarizeLevel, type LevelSummary } from "./summary";
import type { BenchTarget, RequestRecord } from "./types";
import { sleep } from "@/lib/async";

/** Why a level stopped sending. */
export type StopReason = "requests" | "duration" | "error-ratio" | "trace-end" | "canceled";

/** A level's progress, for progress bars and the page. */
export interface LevelProgress {
  level: number;
  levels: number;
  label: string;
  /** Still sending warm-up requests. */
  warmingUp: boolean;
  sent: number;
  inFlight: number;
  /** Measured requests finished, and how many of them failed. */
  done: number;
  failed: number;
  /** Measured requests the level will send, when a count bounds it. */
  goalRequests: number | null;
  goalDurationS: number | null;
  elapsedMs: number;
}

/** A finished level with its measured (non-warm-up) records. */
export interface LevelResult {
  index: number;
  spec: LevelSpec;
  label: string;
  load: number;
  /** Epoch milliseconds. */
  startedAt: number;
  finishedAt: number;
  stopReason: StopReason;
  summary: LevelSummary;
  records: RequestRecord[];
}

/** Clocks and callbacks the level runner takes from its caller. */
export interface LevelEnv {
  now: () => number;
  wallClock: () => number;
  signal?: AbortSignal;
  onProgress?: (p: LevelProgress) => void;
  /** How often onProgress is called while nothing finishes (ms). */
  progressEveryMs?: number;
}

/** Runs level `index` of `plan`. */
export async function runLevel(target: BenchTarget, plan: BenchPlan, index: number, prompts: PromptSource, env: LevelEnv): Promise<LevelResult> {
  const spec = plan.levels[index];
  const { now } = env;
  const rows = spec.kind === "trace" ? plan.trace!.rows : null;
  const stop = plan.stop;
  const goalRequests = stop.requests ?? (stop.durationS === null ? (rows ? Math.max(0, rows.length - plan.warmup) : DEFAULT_REQUESTS) : null);
  let total = goalRequests === null ? Infinity : plan.warmup + goalRequests;
  if (rows) total = Math.min(total, rows.length);
  const durationMs = stop.durationS === null ? Infinity : stop.durationS * 1000;
  const inner = new AbortController();
  setMaxListeners(0, inner.signal); // every request in flight listens to it
  const onOuterAbort = () => inner.abort();
  env.signal?.addEventListener("abort", onOuterAbort, { once: true });
  if (env.signal?.aborted) inner.abort();

  const t0 = now();
  const startedAt = env.wallClock();
  const records: RequestRecord[] = [];
  let sent = 0;
  let inFlight = 0;
  let done = 0;
  let failed = 0;
  let measureStart: number | null = null;
  let stopReason: StopReason | null = null;

  const progress = () =>
    env.onProgress?.({
      level: index,
      levels: plan.levels.length,
      label: levelLabel(spec),
      warmingUp: plan.warmup > 0 && measureStart === null,
      sent,
      inFlight,
      done,
      failed,
      goalRequests: goalRequests === null ? null : Math.min(goalRequests, total - plan.warmup),
      goalDurationS: stop.durationS,
      elapsedMs: now() - t0,
    });
  const ticker = env.onProgress ? setInterval(progress, env.progressEveryMs ?? 250) : null;
  ticker?.unref?.();

  const canSend = (): boolean => {
    if (stopReason) return false;
    if (inner.signal.aborted) stopReason = "canceled";
    else if (sent >= total) stopReason = rows && sent >= rows.length ? "trace-end" : "requests";
    else if (measureStart !== null && now() - measureStart >= durationMs) stopReason = "duration";
    return stopReason === null;
  };
  const pastDeadline = (atMs: number) => measureStart !== null && t0 + atMs - measureStart >= durationMs;

  const fire = async (i: number, scheduledMs: number | null): Promise<void> => {
    const row = rows ? rows[i] : null;
    const promptTokens = row ? Math.max(1, row.inputTokens) : plan.inputTokens;
    const request = {
      prompt: prompts.prompt(promptTokens, index * 0x100000 + i),
      promptTokens,
      maxTokens: row ? Math.max(1, row.outputTokens) : plan.outputTokens,
      ignoreEos: plan.ignoreEos,
      signal: inner.signal,
    };
    if (i === plan.warmup) measureStart = now();
    inFlight++;
    const timing = await target.send(request);
    inFlight--;
    if (i < plan.warmup) return progress();
    records.push({ ...timing, index: i, sentMs: timing.sentAt - t0, scheduledMs });
    if (timing.error?.cause !== "canceled") {
      done++;
      if (timing.error) failed++;
      const max = stop.maxErrorRatio;
      if (max !== null && done >= stop.minRequestsForErrorRatio && failed / done > max && !stopReason) {
        stopReason = "error-ratio";
        inner.abort(); // what is still in flight no longer tells anything useful
      }
    }
    progress();
  };

  try {
    if (spec.kind === "concurrency") {
      const rampMs = plan.rampUpS * 1000;
      const workers = Array.from({ length: spec.concurrency }, async (_, k) => {
        if (rampMs > 0 && k > 0) await sleep((rampMs * k) / spec.concurrency, inner.signal);
        while (canSend()) await fire(sent++, null);
      });
      await Promise.all(workers);
    } else {
      const times =
        spec.kind === "rate"
          ? arrivalTimes({ rate: spec.rate, burstiness: spec.burstiness, seed: deriveSeed(plan.seed, index), rampUpMs: plan.rampUpS * 1000 })
          : rows!.map((r) => r.offsetMs * spec.timeScale)[Symbol.iterator]();
      const limit = spec.kind === "rate" && spec.maxConcurrency ? spec.maxConcurrency : Infinity;
      const pending = new Set<Promise<void>>();
      for (;;) {
        const at = times.next().value as number | undefined;
        if (at === undefined || pastDeadline(at)) {
          stopReason ??= at === undefined ? "trace-end" : "duration";
          break;
        }
        // Timers fire at millisecond granularity: what is due within 1 ms goes now, so high
        // rates are met in small bursts instead of being capped at one request per tick.
        const wait = t0 + at - now();
        if (wait >= 1) await sleep(wait, inner.signal);
        while (pending.size >= limit && !inner.signal.aborted) await Promise.race(pending);
        if (!canSend()) break;
        const p: Promise<void> = fire(sent++, at).finally(() => pending.delete(p));
        pending.add(p);
      }
      await Promise.all(pending);
    }
  } finally {
    if (ticker) clearInterval(ticker);
    env.signal?.removeEventListener("abort", onOuterAbort);
  }
  if (env.signal?.aborted) stopReason = "canceled";
  progress();
  return {
    index,
    spec,
    label: levelLabel(spec),
    load: levelLoad(spec),
    startedAt,
    finishedAt: env.wallClock(),
    stopReason: stopReason ?? "requests",
    summary: summarizeLevel(records, plan.slo),
    records,
  };
}

