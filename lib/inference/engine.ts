/**
 * The parent side of the model process: forks engine-child.ts, speaks protocol.ts with it, and
 * turns its death (llama.cpp aborting on a bad model, the OOM killer) into an EngineError for
 * every request in flight instead of taking Headroom down with it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { EngineErrorCode, EngineReply, EngineRequest, FinishReason, GenerateOptions, LoadOptions, ModelInfo } from "./protocol";

/** A failed engine request; `code` says what kind of failure. */
export class EngineError extends Error {
  constructor(message: string, readonly code: EngineErrorCode | "unknown") {
    super(message);
  }
}

/** What a generation yields: its start, each token (with its arrival time), and its end. */
export type GenerateEvent =
  | { type: "start"; promptTokens: number; t: number }
  | { type: "token"; text: string; t: number }
  | { type: "end"; finishReason: FinishReason; promptTokens: number; completionTokens: number; text: string; t: number };

type Waiter = { resolve: (v: unknown) => void; reject: (e: Error) => void };
type Stream = { push: (r: EngineReply) => void; fail: (e: Error) => void };

/**
 * The child runs from the source tree: it is TypeScript like the rest of Headroom, and tsx (a
 * dependency) compiles it on load. Both paths are found at run time, out of the bundler's sight,
 * because inside a Next.js build this module lives under .next/ where neither file is.
 */
function childCommand(): { child: string; execArgv: string[] } {
  const here = fileURLToPath(import.meta.url);
  const marker = `${path.sep}.next${path.sep}`;
  const root = here.includes(marker) ? here.slice(0, here.indexOf(marker)) : path.resolve(path.dirname(here), "..", "..");
  const child = path.join(root, "lib", "inference", ["engine-child", "ts"].join("."));
  const tsx = pathToFileURL(createRequire(path.join(root, "package.json")).resolve(["tsx"].join(""))).href;
  return { child, execArgv: ["--import", tsx] };
}

/** A model process: load a model, tokenize, generate, unload. */
export class ModelProcess {
  private readonly child: ChildProcess;
  private nextId = 1;
  private readonly waiters = new Map<number, Waiter>();
  private readonly streams = new Map<number, Stream>();
  private stderrTail = "";
  private death: EngineError | null = null;
  private readonly exited: Promise<void>;
  /** The loaded model, once load() has succeeded. */
  info: ModelInfo | null = null;

  /** Forks a model process; `onLog` receives llama.cpp's warnings and errors. */
  constructor(opts: { onLog?: (line: string) => void } = {}) {
    const { child, execArgv } = childCommand();
    this.child = spawn(process.execPath, [...execArgv, child], { stdio: ["ignore", "ignore", "pipe", "ipc"], serialization: "json" });
    this.child.stderr?.setEncoding("utf8");
    this.child.stderr?.on("data", (s: string) => {
      this.stderrTail = (this.stderrTail + s).slice(-4000);
      if (opts.onLog) for (const line of s.split("\n")) if (line.trim()) opts.onLog(line);
    });
    this.child.on("message", (r: EngineReply) => this.onReply(r));
    this.exited = new Promise((resolve) => {
      this.child.on("exit", (code, signal) => {
        const last = this.stderrTail.trim().split("\n").filter((l) => l.trim()).pop();
        const why = signal ? `model process died (signal ${signal})` : `model process exited (code ${code})`;
        this.death = new EngineError(last ? `${why}: ${last.trim()}` : why, "died");
        for (const w of this.waiters.values()) w.reject(this.death);
        for (const s of this.streams.values()) s.fail(this.death);
        this.waiters.clear();
        this.streams.clear();
        resolve();
      });
    });
    // An IPC error (the child gone mid-send) surfaces through "exit"; do not crash on it.
    this.child.on("error", () => {});
  }

  /** The child's process id (for RSS measurements), or undefined if it failed to start. */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Whether the process is still running. */
  get alive(): boolean {
    return this.death === null;
  }

  /** Why the process ended (`model process died (signal SIGABRT): ...`), or null while it runs. */
  get exitError(): EngineError | null {
    return this.death;
  }

  /** Resolves when the process has exited, whatever the reason. */
  whenExited(): Promise<void> {
    return this.exited;
  }

  private send(req: EngineRequest): void {
    if (this.death) throw this.death;
    this.child.send(req);
  }

  private call<T>(req: { op: "load"; options: LoadOptions } | { op: "tokenize"; text: string } | { op: "unload" }): Promise<T> {
    if (this.death) return Promise.reject(this.death);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.waiters.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.send({ ...req, id });
    });
  }

  private onReply(r: EngineReply): void {
    const stream = this.streams.get(r.id);
    if (stream) return stream.push(r);
    const w = this.waiters.get(r.id);
    if (!w) return;
    this.waiters.delete(r.id);
    if (r.kind === "error") w.reject(new EngineError(r.message, r.code ?? "unknown"));
    else if (r.kind === "ok") w.resolve(r.value);
  }

  /** Loads a model (replacing any loaded one); rejects with a message naming the file. */
  async load(options: LoadOptions): Promise<ModelInfo> {
    this.info = await this.call<ModelInfo>({ op: "load", options });
    return this.info;
  }

  /** Tokenizes text with the loaded model's tokenizer (no BOS, special tokens as text). */
  tokenize(text: string): Promise<number[]> {
    return this.call<number[]>({ op: "tokenize", text });
  }

  /** Frees the model and its context; the process stays up for another load(). */
  async unload(): Promise<void> {
    await this.call<void>({ op: "unload" });
    this.info = null;
  }

  /**
   * Generates from a prompt, yielding events as tokens arrive. Aborting `signal` (or breaking
   * out of the loop) cancels the generation; the last event is then an "end" with "abort".
   */
  async *generate(options: GenerateOptions, signal?: AbortSignal): AsyncGenerator<GenerateEvent> {
    const id = this.nextId++;
    const queue: (EngineReply | Error)[] = [];
    let wake: (() => void) | null = null;
    const notify = () => (wake?.(), (wake = null));
    this.streams.set(id, { push: (r) => (queue.push(r), notify()), fail: (e) => (queue.push(e), notify()) });
    const cancel = () => {
      if (this.alive) this.child.send({ id: 0, op: "cancel", target: id } satisfies EngineRequest);
    };
    let finished = false;
    try {
      this.send({ id, op: "generate", options });
      signal?.addEventListener("abort", cancel, { once: true });
      if (signal?.aborted) cancel();
      for (;;) {
        if (queue.length === 0) await new Promise<void>((r) => (wake = r));
        const r = queue.shift()!;
        if (r instanceof Error || r.kind === "error") {
          finished = true;
          throw r instanceof Error ? r : new EngineError(r.message, r.code ?? "unknown");
        }
        if (r.kind === "start") yield { type: "start", promptTokens: r.promptTokens, t: r.t };
        else if (r.kind === "token") yield { type: "token", text: r.text, t: r.t };
        else if (r.kind === "end") {
          finished = true;
          yield { type: "end", finishReason: r.finishReason, promptTokens: r.promptTokens, completionTokens: r.completionTokens, text: r.text, t: r.t };
          return;
        }
      }
    } finally {
      signal?.removeEventListener("abort", cancel);
      if (!finished && this.alive) {
        // The consumer stopped early: cancel, and wait for the child to free the sequence so
        // that the next request finds it available.
        cancel();
        for (;;) {
          if (queue.length === 0) await new Promise<void>((r) => (wake = r));
          const r = queue.shift()!;
          if (r instanceof Error || r.kind === "end" || r.kind === "error") break;
        }
      }
      this.streams.delete(id);
    }
  }

  /** Ends the process: asks it to unload and exit, and kills it if it does not within `graceMs`. */
  async close(graceMs = 5000): Promise<void> {
    if (!this.alive) return;
    const timer = setTimeout(() => this.child.kill("SIGKILL"), graceMs);
    this.child.disconnect();
    await this.exited;
    clearTimeout(timer);
  }
}

/** Forks a model process and loads a model in it; the process is closed again if the load fails. */
export async function startEngine(options: LoadOptions, opts: { onLog?: (line: string) => void } = {}): Promise<ModelProcess> {
  const engine = new ModelProcess(opts);
  try {
    await engine.load(options);
    return engine;
  } catch (err) {
    await engine.close();
    throw err;
  }
}
