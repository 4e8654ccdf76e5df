import { constants } from "node:fs";
import { access, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { Option, type Command } from "commander";
import { openDb, type DbHandle } from "@/db/client";
import { loadConfig } from "@/lib/config";
import { formatDurationMs } from "@/lib/format";
import { inspectGgufFile } from "@/lib/inference";
import {
  BenchRecorder,
  OpenAiTarget,
  ProgressReporter,
  TraceError,
  markInterruptedRuns,
  planConfig,
  readTrace,
  resultDocument,
  resultTable,
  runBench,
  validatePlan,
  type BenchResult,
  type BenchTarget,
  type Endpoint,
  type LevelProgress,
  type LevelResult,
  FlagError,
  nonNegativeInt,
  planFromFlags,
  positiveInt,
  startGgufTarget,
  type PlanFlags,
} from "@/lib/bench";

/** Options of `headroom bench`, as commander hands them over (values unparsed). */
export interface BenchOptions extends PlanFlags {
  target: string;
  model?: string;
  apiKey?: string;
  endpoint?: Endpoint;
  trace?: string;
  timeout: string;
  json?: string;
  store: boolean;
  records: boolean;
  parallel?: string;
  threads?: string;
  ctx?: string;
}

/** Where the command reads and writes; tests pass their own. */
export interface BenchIo {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown; isTTY?: boolean };
  env: Record<string, string | undefined>;
  /** Opens the database results go to (default: from the environment, as the server does). */
  openDatabase?: () => Promise<DbHandle>;
  /** Stops the run as Ctrl-C does (default: SIGINT/SIGTERM). */
  signal?: AbortSignal;
}

/** Exit code of a run stopped by Ctrl-C, as shells report SIGINT. */
const EXIT_CANCELED = 130;

/**
 * The action of `headroom bench`: validates every flag before sending anything, runs the
 * levels with progress on stderr, prints the table, writes the JSON file and stores the run.
 * Returns the exit code.
 */
export async function runBenchCommand(o: BenchOptions, io: BenchIo): Promise<number> {
  const gguf = /\.gguf$/i.test(o.target);
  for (const [flag, given] of [["--parallel", o.parallel], ["--threads", o.threads], ["--ctx", o.ctx]] as const)
    if (!gguf && given !== undefined) throw new FlagError(flag, "applies to .gguf targets only");
  for (const [flag, given] of [["--endpoint", o.endpoint], ["--api-key", o.apiKey]] as const)
    if (gguf && given !== undefined) throw new FlagError(flag, "applies to URL targets only");
  const timeoutS = Number(o.timeout);
  if (!(timeoutS > 0) || !Number.isFinite(timeoutS)) throw new FlagError("--timeout", `"${o.timeout}" is not a positive number of seconds`);
  let trace = null;
  if (o.trace !== undefined) {
    try {
      trace = { file: o.trace, rows: await readTrace(o.trace) };
    } catch (err) {
      if (err instanceof TraceError) throw new FlagError("--trace", err.message);
      throw err;
    }
  }
  const plan = planFromFlags(o, trace);
  validatePlan(plan);
  if (o.json !== undefined && o.json !== "-") {
    // Found out now, not after an hour of load: the directory must exist and be writable.
    await access(path.dirname(path.resolve(o.json)), constants.W_OK).catch(() => {
      throw new FlagError("--json", `${o.json}: its directory does not exist or is not writable`);
    });
  }
  let target: BenchTarget;
  let synthetic = false;
  if (gguf) {
    const parallel = o.parallel === undefined ? 1 : positiveInt("--parallel", o.parallel);
    const threads = o.threads === undefined ? 0 : nonNegativeInt("--threads", o.threads);
    const contextSize = o.ctx === undefined ? undefined : positiveInt("--ctx", o.ctx);
    io.stderr.write(`loading ${o.target} (parallel ${parallel})\n`);
    target = await startGgufTarget({ modelPath: o.target, parallel, threads, contextSize, name: o.model, timeoutMs: timeoutS * 1000 });
    synthetic = (await inspectGgufFile(o.target)).metadata.get("headroom.synthetic") === true;
  } else {
    try {
      target = new OpenAiTarget({ url: o.target, endpoint: o.endpoint, model: o.model, apiKey: o.apiKey ?? io.env.OPENAI_API_KEY, timeoutMs: timeoutS * 1000, ignoreEos: plan.ignoreEos });
    } catch (err) {
      throw new FlagError("--target", (err as Error).message);
    }
  }

  const cancel = new AbortController();
  const onSignal = () => cancel.abort();
  const ownSignals = !io.signal;
  if (ownSignals) {
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
  } else io.signal!.addEventListener("abort", onSignal, { once: true });

  let db: DbHandle | null = null;
  let recorder: BenchRecorder | null = null;
  const progress = new ProgressReporter(io.stderr);
  try {
    await target.prepare?.(cancel.signal);
    if (o.store) {
      try {
        db = await (io.openDatabase ?? (() => defaultDatabase(io.env)))();
      } catch (err) {
        throw new Error(`cannot store results: ${(err as Error).message} (or run with --no-store)`);
      }
      // Runs whose process died long ago are closed as failed before a new one starts.
      await markInterruptedRuns(db.db, new Date());
      recorder = await BenchRecorder.start(db.db, { target: target.description, model: target.model, synthetic, config: planConfig(plan), keepRecords: o.records });
    }
    io.stderr.write(`benchmarking ${target.model ?? "(no model name)"} at ${target.description}${recorder ? ` (run ${recorder.id})` : ""}\n`);
    let last: LevelProgress | null = null;
    let result: BenchResult;
    try {
      result = await runBench(target, plan, {
        signal: cancel.signal,
        onProgress: (p) => {
          last = p;
          progress.update(p);
        },
        onLevel: async (level) => {
          if (last) progress.levelDone(last, levelNote(level));
          await recorder?.saveLevel(level);
        },
      });
    } catch (err) {
      progress.clear();
      await recorder?.fail(err);
      throw err;
    }
    progress.clear();
    await recorder?.finish(result);
    if (o.json === "-") io.stdout.write(JSON.stringify(resultDocument(result, recorder?.id ?? null), null, 2) + "\n");
    else io.stdout.write(resultTable(result));
    if (o.json && o.json !== "-") await writeJson(o.json, resultDocument(result, recorder?.id ?? null));
    if (result.status === "canceled") {
      io.stderr.write("headroom: canceled\n");
      return EXIT_CANCELED;
    }
    const ok = result.levels.reduce((n, l) => n + l.summary.completed, 0);
    const failed = result.levels.reduce((n, l) => n + l.summary.failed, 0);
    if (ok === 0 && failed > 0) throw new Error(`every request failed (${failureList(result)})`);
    return 0;
  } finally {
    if (ownSignals) {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    } else io.signal!.removeEventListener("abort", onSignal);
    await target.close();
    await db?.close();
  }
}

function defaultDatabase(env: Record<string, string | undefined>): Promise<DbHandle> {
  const config = loadConfig(env);
  return openDb({ url: config.database.url, dataDir: config.database.dataDir, poolSize: 2 });
}

function levelNote(l: LevelResult): string {
  const s = l.summary;
  const ttft = s.ttftMs ? `, TTFT p50 ${formatDurationMs(s.ttftMs.median)}` : "";
  return `-> ${s.requestThroughput.toFixed(2)} req/s${ttft}${s.failed ? `, ${s.failed} failed` : ""}`;
}

function failureList(r: BenchResult): string {
  const all: Record<string, number> = {};
  for (const l of r.levels) for (const [k, n] of Object.entries(l.summary.failures)) all[k] = (all[k] ?? 0) + n;
  return Object.entries(all)
    .map(([k, n]) => `${k} ×${n}`)
    .join(", ");
}

async function writeJson(file: string, doc: unknown): Promise<void> {
  const tmp = `${file}.partial`;
  try {
    await writeFile(tmp, JSON.stringify(doc, null, 2) + "\n");
    await rename(tmp, file);
  } catch (err) {
    throw new Error(`--json ${file}: ${(err as NodeJS.ErrnoException).code === "ENOENT" ? "no such directory" : (err as Error).message}`);
  }
}

/** `headroom bench --target URL|FILE ...`: load-tests an OpenAI-compatible endpoint or a GGUF model (docs/bench.md). */
export function registerBench(program: Command): void {
  program
    .command("bench")
    .description("load-test an OpenAI-compatible endpoint or a local GGUF model: TTFT, TPOT, ITL, E2E, throughput, goodput, capacity")
    .requiredOption("--target <url|file>", "endpoint base URL (http://host:8000), a full /v1/completions or /v1/chat/completions URL, or a .gguf model file")
    .option("--model <name>", "model name to request (default: the first one /v1/models lists)")
    .option("--api-key <key>", "sent as Authorization: Bearer KEY (default: $OPENAI_API_KEY)")
    .addOption(new Option("--endpoint <api>", "API to call (default: what the URL names, else completions)").choices(["completions", "chat"]))
    .option("--concurrency <list>", "requests kept in flight, one level per value: 1,2,4,8 (default 1)")
    .option("--rate <list>", "requests per second, one level per value (inf: all at once)")
    .option("--burstiness <x>", "gamma shape of arrival gaps with --rate: 1 Poisson, <1 burstier (default 1)")
    .option("--max-concurrency <n>", "with --rate: cap on requests in flight")
    .option("--requests <n>", "measured requests per level (default 200, or the whole trace)")
    .option("--duration <s>", "seconds of sending per level (with --requests: whichever ends first)")
    .option("--input-tokens <n>", "prompt length in tokens, approximate (default 256)")
    .option("--output-tokens <n>", "output length in tokens, forced with max_tokens and ignore_eos (default 128)")
    .option("--trace <file>", "replay an Azure-format CSV trace (TIMESTAMP,ContextTokens,GeneratedTokens)")
    .option("--time-scale <x>", "with --trace: multiply the trace's time offsets (0.5 replays twice as fast)")
    .option("--warmup <n>", "requests at the start of each level left out of the results (default 0)")
    .option("--ramp-up <s>", "seconds over which concurrency or rate rises to its level (default 0)")
    .option("--goodput <slo>", "SLO for goodput and capacity: ttft:MS,tpot:MS,e2el:MS")
    .option("--goodput-ratio <r>", "share of good requests a level needs to meet the SLO (default 0.9)")
    .option("--max-error-ratio <r>", "stop a level once this share of its requests failed")
    .option("--timeout <s>", "whole-request timeout in seconds", "300")
    .option("--seed <n>", "seed for arrivals and prompts (default 0)")
    .option("--no-ignore-eos", "do not send vLLM's ignore_eos (for servers that reject it)")
    .option("--json <file>", "write the results as JSON (- for standard output instead of the table)")
    .option("--no-store", "do not store the run in Headroom's database")
    .option("--no-records", "store summaries only, not raw per-request timings")
    .option("--parallel <n>", ".gguf targets: requests generating at once; more wait in line (default 1)")
    .option("--threads <n>", ".gguf targets: CPU threads, 0 for one per core (default 0)")
    .option("--ctx <n>", ".gguf targets: context per request (default: the model's, at most 4096)")
    .action(async (o: BenchOptions) => {
      const code = await runBenchCommand(o, { stdout: process.stdout, stderr: process.stderr, env: process.env });
      if (code !== 0) process.exitCode = code;
    });
}
