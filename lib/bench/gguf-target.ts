/**
 * A local GGUF model as a bench target: llama.cpp in lib/inference's model process, with
 * `parallel` sequences generating at once and further requests waiting in line, as they would
 * in front of `headroom serve-model`. Token times are taken when each token reaches this
 * process, so TTFT includes queueing and IPC, like a client's view of a server.
 */
import path from "node:path";
import type { BenchRequest, BenchTarget, RequestFailure, TargetTiming } from "./types";

/** How to run the local model. */
export interface GgufTargetOptions {
  modelPath: string;
  /** Requests generating at once (llama.cpp sequences, batched together); default 1. */
  parallel?: number;
  /** CPU threads; 0 (the default) is one per core. */
  threads?: number;
  /** Context per sequence; default the model's trained length, at most 4096. */
  contextSize?: number;
  /** Name shown and stored; default the model's general.name. */
  name?: string;
  /** Whole-request deadline, queueing included (default 300 s). */
  timeoutMs?: number;
  now?: () => number;
  /** llama.cpp's warnings and errors. */
  onLog?: (line: string) => void;
}

/**
 * Loads the model in a child process and returns it as a target; rejects with the engine's
 * one-line reason (`model FILE: no such file`, `... not a GGUF file`) when it cannot.
 */
export async function startGgufTarget(opts: GgufTargetOptions): Promise<BenchTarget> {
  // Loaded on demand so that importing lib/bench does not pull in the engine's process code.
  const inference = await import("@/lib/inference");
  const os = await import("node:os");
  const file = path.resolve(opts.modelPath);
  const parallel = opts.parallel ?? 1;
  if (!(Number.isInteger(parallel) && parallel >= 1)) throw new RangeError(`parallel must be a positive integer, got ${parallel}`);
  let contextSize = opts.contextSize;
  if (contextSize === undefined) {
    const header = await inference.inspectGgufFile(file);
    const arch = String(header.metadata.get("general.architecture") ?? "");
    contextSize = Math.min(Number(header.metadata.get(`${arch}.context_length`) ?? 4096), 4096);
  }
  const threads = opts.threads || os.availableParallelism();
  const engine = await inference.startEngine({ modelPath: file, threads, contextSize, parallel }, { onLog: opts.onLog });
  const admission = new inference.Admission(parallel, Number.MAX_SAFE_INTEGER);
  const now = opts.now ?? (() => performance.now());
  const name = opts.name ?? engine.info?.name ?? path.basename(file).replace(/\.gguf$/i, "");
  const timeoutMs = opts.timeoutMs ?? 300_000;

  return {
    description: file,
    model: name,
    async send(req: BenchRequest, onChunk?: (ms: number) => void): Promise<TargetTiming> {
      const sentAt = now();
      const chunkMs: number[] = [];
      let promptTokens = req.promptTokens;
      let outputTokens: number | null = null;
      let error: RequestFailure | null = null;
      let timedOut = false;
      const aborted = (): RequestFailure => (timedOut ? { cause: "timeout", message: `no complete response within ${timeoutMs} ms` } : { cause: "canceled", message: "canceled" });
      let release: (() => void) | null = null;
      const stop = new AbortController();
      const onAbort = () => stop.abort();
      req.signal?.addEventListener("abort", onAbort, { once: true });
      if (req.signal?.aborted) stop.abort();
      const timer = setTimeout(() => ((timedOut = true), stop.abort()), timeoutMs);
      try {
        release = await admission.enter(stop.signal);
        const events = engine.generate({ prompt: req.prompt, maxTokens: req.maxTokens, ignoreEos: req.ignoreEos, temperature: 0 }, stop.signal);
        for await (const ev of events) {
          if (ev.type === "token") {
            const ms = now() - sentAt;
            chunkMs.push(ms);
            onChunk?.(ms);
          } else if (ev.type === "end") {
            promptTokens = ev.promptTokens;
            outputTokens = ev.completionTokens;
            if (ev.finishReason === "abort") error = aborted();
          }
        }
      } catch (err) {
        if (stop.signal.aborted) error = aborted();
        else if (err instanceof inference.EngineError) error = { cause: err.code === "died" ? "connection" : "stream_error", message: err.message };
        else error = { cause: "stream_error", message: (err as Error).message };
      } finally {
        clearTimeout(timer);
        req.signal?.removeEventListener("abort", onAbort);
        release?.();
      }
      if (!error && chunkMs.length === 0) error = { cause: "malformed_stream", message: "the model produced no tokens" };
      return {
        sentAt,
        chunkMs,
        e2eMs: now() - sentAt,
        promptTokens,
        outputTokens: !error && outputTokens !== null ? outputTokens : chunkMs.length,
        tokenSource: !error && outputTokens !== null ? "usage" : "chunks",
        error,
      };
    },
    close: () => engine.close(),
  };
}
