/**
 * Runs one claimed benchmark to its end: builds the target from the stored request (outbound
 * rules applied, the API key opened only here), runs the levels through the recorder, writes
 * progress about once a second and stops when asked to. Every outcome closes the row.
 */
import type { Db } from "@/db/client";
import type { SecretBox } from "@/lib/secrets";
import type { LevelProgress } from "./level";
import { OpenAiTarget } from "./openai-target";
import { assertHostAllowed, denyingLookup } from "./outbound";
import { validatePlan } from "./plan";
import { planFromFlags } from "./plan-input";
import { describeRunTarget, reportProgress, type ClaimedRun } from "./queue";
import { runBench, type BenchResult } from "./run";
import { preparingProgress, runProgress, type RunProgress } from "./run-progress";
import { BenchRecorder } from "./store";
import type { BenchTarget } from "./types";
import type { QueuedSpec } from "./request-input";

/** A built target and whether its model has Headroom-synthesised weights. */
export interface OpenedTarget {
  target: BenchTarget;
  synthetic: boolean;
}

/** What running a queued benchmark needs from the worker. */
export interface QueuedRunEnv {
  db: Db;
  secrets: SecretBox | null;
  /** Aborted when the worker stops: the run is closed as failed ("interrupted"). */
  signal: AbortSignal;
  /** How often progress is written and the cancel flag read (default 1000 ms). */
  pulseMs?: number;
  /** Builds the target (default: openQueuedTarget). */
  openTarget?: (spec: QueuedSpec, apiKey: string | null, ignoreEos: boolean) => Promise<OpenedTarget>;
  log?: (line: string) => void;
}

/** The target of a stored request: an OpenAI-compatible URL under the outbound rules, or a GGUF file. */
export async function openQueuedTarget(spec: QueuedSpec, apiKey: string | null, ignoreEos: boolean): Promise<OpenedTarget> {
  const t = spec.target;
  const timeoutMs = spec.timeoutS * 1000;
  if (t.kind === "url") {
    assertHostAllowed(t.url);
    const target = new OpenAiTarget({ url: t.url, endpoint: t.endpoint ?? undefined, model: t.model, apiKey, timeoutMs, ignoreEos, lookup: denyingLookup() });
    return { target, synthetic: false };
  }
  const { inspectGgufFile } = await import("@/lib/inference");
  const { startGgufTarget } = await import("./gguf-target");
  const header = await inspectGgufFile(t.file);
  const target = await startGgufTarget({ modelPath: t.file, parallel: t.parallel, threads: t.threads, contextSize: t.ctx ?? undefined, name: t.model ?? undefined, timeoutMs });
  return { target, synthetic: header.metadata.get("headroom.synthetic") === true };
}

/** Runs a claimed benchmark; resolves with how it ended (never rejects for the run's own errors). */
export async function runQueuedBench(run: ClaimedRun, env: QueuedRunEnv): Promise<"done" | "canceled" | "failed"> {
  const { db } = env;
  const recorder = BenchRecorder.attach(db, run.id, { target: run.target, model: run.model, config: run.config, onError: (e) => env.log?.(`bench run ${run.id}: heartbeat: ${String(e)}`) });
  const stop = new AbortController();
  let stoppedBy: "user" | "worker" | null = null;
  const onWorkerStop = () => {
    stoppedBy ??= "worker";
    stop.abort();
  };
  if (env.signal.aborted) onWorkerStop();
  env.signal.addEventListener("abort", onWorkerStop, { once: true });

  const t0 = Date.now();
  const levels = Array.isArray(run.config.levels) ? run.config.levels.length : 0;
  let latest: RunProgress = preparingProgress(levels, 0);
  let earlier = 0;
  let pulsing: Promise<void> | null = null;
  const pulse = () => {
    if (pulsing) return;
    const snapshot = latest.phase === "preparing" ? preparingProgress(levels, Date.now() - t0) : latest;
    pulsing = reportProgress(db, run.id, snapshot, new Date())
      .then((halt) => {
        if (halt && !stop.signal.aborted) {
          stoppedBy ??= "user";
          stop.abort();
        }
      })
      .catch((e) => env.log?.(`bench run ${run.id}: progress: ${String(e)}`))
      .finally(() => (pulsing = null));
  };
  const timer = setInterval(pulse, env.pulseMs ?? 1000);
  timer.unref?.();
  pulse();

  let opened: OpenedTarget | null = null;
  try {
    const plan = planFromFlags(run.spec.flags, null);
    validatePlan(plan);
    let apiKey: string | null = null;
    if (run.apiKeySealed) {
      if (!env.secrets) throw new Error("cannot open the run's API key: HEADROOM_SECRET_KEY is not set in the worker");
      apiKey = env.secrets.open(run.apiKeySealed);
    }
    opened = await (env.openTarget ?? openQueuedTarget)(run.spec, apiKey, plan.ignoreEos);
    await opened.target.prepare?.(stop.signal);
    await describeRunTarget(db, run.id, { target: opened.target.description, model: opened.target.model, synthetic: opened.synthetic });
    const result = await runBench(opened.target, plan, {
      signal: stop.signal,
      onProgress: (p: LevelProgress) => (latest = runProgress(p, earlier, Date.now() - t0)),
      onLevel: async (level) => {
        earlier += level.summary.requests;
        await recorder.saveLevel(level);
      },
    });
    return await close(recorder, result, stoppedBy);
  } catch (err) {
    if (stop.signal.aborted) return await close(recorder, null, stoppedBy);
    await recorder.fail(err);
    env.log?.(`bench run ${run.id} failed: ${err instanceof Error ? err.message : String(err)}`);
    return "failed";
  } finally {
    clearInterval(timer);
    env.signal.removeEventListener("abort", onWorkerStop);
    await (pulsing as Promise<void> | null);
    await opened?.target.close();
  }
}

/** Closes a stopped or finished run: canceled by a user, interrupted by the worker stopping, or done. */
async function close(recorder: BenchRecorder, result: BenchResult | null, stoppedBy: "user" | "worker" | null): Promise<"done" | "canceled" | "failed"> {
  if (stoppedBy === "worker") {
    await recorder.fail(new Error("interrupted: the worker process stopped"));
    return "failed";
  }
  if (stoppedBy === "user" || !result) {
    await recorder.finish({ ...(result ?? emptyResult()), status: "canceled", capacity: null });
    return "canceled";
  }
  await recorder.finish(result);
  return result.status === "done" ? "done" : "canceled";
}

function emptyResult(): BenchResult {
  return { status: "canceled", target: "", model: null, config: {}, startedAt: 0, finishedAt: 0, levels: [], capacity: null };
}
