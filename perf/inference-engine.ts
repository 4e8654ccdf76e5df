/**
 * Local inference speed on a ~134M-parameter synthetic llama model (dim 768, 12 layers, 12
 * heads, ff 2048, vocab 32000; synthetic weights, so outputs are gibberish but the arithmetic
 * is that of a real model of this shape).
 *
 *   npx tsx perf/inference-engine.ts [--rounds N] [--tokens N] [--threads N (default 1)] [--dir DIR]
 *
 * 1. Generation tokens/s through Headroom's engine (a child process, tokens timed as they
 *    reach the parent) beside node-llama-cpp driven directly in this process, in alternating
 *    rounds so that load from other processes hits both alike; prints the ratio.
 * 2. Per weight format (F16, Q8_0, Q4_0): file size, load time, the model process's peak RSS,
 *    and llama-bench-style pp (prompt) and tg (generation) tokens/s, mean ± stddev.
 * Models are written once to DIR (default: the OS temp dir) and reused.
 */
import { existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { getLlama } from "node-llama-cpp";
import { formatBytes } from "@/lib/format";
import { startEngine, writeSyntheticModel, type ModelProcess, type SynthSpec, type SynthType } from "@/lib/inference";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}
const ROUNDS = arg("rounds", 5);
const TOKENS = arg("tokens", 64);
// One thread by default: llama.cpp's threads spin at barriers, so on a 2-core machine shared
// with other work two threads swing between 4 and 100 tokens/s; one stays steady.
const THREADS = arg("threads", 1);
const dirArg = process.argv.indexOf("--dir");
const DIR = dirArg > 0 ? process.argv[dirArg + 1] : path.join(os.tmpdir(), "headroom-perf-models");
const CTX = 512;
const SHAPE = { dim: 768, layers: 12, heads: 12, kvHeads: 12, ff: 2048, vocab: 32000, ctx: 2048, seed: 42 };
// 146 tokens with the synthetic byte-level vocab (the exact count is printed).
const PROMPT = "the quick brown fox jumps over the lazy dog while seven wizards quietly judge boxing matches; ".repeat(4);

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: number[]) => (xs.length < 2 ? 0 : Math.sqrt(xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / (xs.length - 1)));
const fmt = (xs: number[]) => `${mean(xs).toFixed(1)} ± ${sd(xs).toFixed(1)}`;

async function model(type: SynthType): Promise<string> {
  mkdirSync(DIR, { recursive: true });
  const file = path.join(DIR, `synthetic-d768-l12-${type}-s${SHAPE.seed}.gguf`);
  if (!existsSync(file)) {
    const t0 = performance.now();
    const r = await writeSyntheticModel(file, { ...SHAPE, type } satisfies SynthSpec);
    console.log(`wrote ${file}: ${(r.parameters / 1e6).toFixed(1)}M parameters, ${formatBytes(r.bytes)} in ${((performance.now() - t0) / 1000).toFixed(1)}s`);
  }
  return file;
}

/** Generation tokens/s from token arrival times: (n - 1) intervals after the first token. */
const tgRate = (times: number[]) => (times.length - 1) / ((times.at(-1)! - times[0]) / 1000);

async function engineRun(engine: ModelProcess, maxTokens: number, clock: "parent" | "child") {
  const times: number[] = [];
  let start = 0;
  let promptTokens = 0;
  for await (const ev of engine.generate({ prompt: PROMPT, maxTokens, ignoreEos: true })) {
    if (ev.type === "start") {
      start = ev.t;
      promptTokens = ev.promptTokens;
    }
    if (ev.type === "token") times.push(clock === "parent" ? performance.timeOrigin + performance.now() : ev.t);
  }
  return { tg: tgRate(times), pp: promptTokens / ((times[0] - start) / 1000), promptTokens };
}

function peakRss(pid: number | undefined): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(pid ? readFileSync(`/proc/${pid}/status`, "utf8") : "");
  return m ? Number(m[1]) * 1024 : NaN;
}

async function compare(file: string): Promise<void> {
  console.log(`\n== generation through Headroom's engine vs node-llama-cpp directly (Q8_0, ${TOKENS} tokens, ${THREADS} threads, ${ROUNDS} rounds)`);
  const llama = await getLlama({ gpu: false, build: "never", maxThreads: THREADS });
  const direct = await llama.loadModel({ modelPath: file, gpuLayers: 0 });
  const context = await direct.createContext({ contextSize: CTX, sequences: 1, threads: THREADS });
  const seq = context.getSequence();
  const promptTokens = [direct.tokens.bos!, ...direct.tokenize(PROMPT, false)];
  const engine = await startEngine({ modelPath: file, threads: THREADS, contextSize: CTX, parallel: 1 });
  const directTg: number[] = [];
  const engineTg: number[] = [];
  const directOnce = async () => {
    await seq.clearHistory();
    const times: number[] = [];
    for await (const _ of seq.evaluate(promptTokens, { temperature: 0 })) {
      times.push(performance.timeOrigin + performance.now());
      if (times.length >= TOKENS) break;
    }
    return tgRate(times);
  };
  // Warm-up for both, then alternate.
  await directOnce();
  await engineRun(engine, TOKENS, "parent");
  for (let r = 0; r < ROUNDS; r++) {
    directTg.push(await directOnce());
    engineTg.push((await engineRun(engine, TOKENS, "parent")).tg);
  }
  console.log(`node-llama-cpp direct:      ${fmt(directTg)} tokens/s`);
  console.log(`Headroom engine (process):  ${fmt(engineTg)} tokens/s`);
  console.log(`ratio engine / direct:      ${(mean(engineTg) / mean(directTg)).toFixed(3)}`);
  await engine.close();
  await context.dispose();
  await direct.dispose();
  await llama.dispose();
}

async function perFormat(): Promise<void> {
  const reps = Math.max(3, Math.ceil(ROUNDS / 2));
  console.log(`\n== per weight format (pp on a ~150-token prompt, tg ${TOKENS} tokens, ${reps} repetitions, ${THREADS} threads, synthetic weights)`);
  console.log("format  file size    load ms   peak RSS     pp tokens/s      tg tokens/s");
  let promptTokens = 0;
  const seen = new Map<string, { tg: number; rss: number; size: number }>();
  for (const type of ["f16", "q8_0", "q4_0"] as const) {
    const file = await model(type);
    const engine = await startEngine({ modelPath: file, threads: THREADS, contextSize: CTX, parallel: 1 });
    const pp: number[] = [];
    const tg: number[] = [];
    await engineRun(engine, 4, "child"); // warm-up
    for (let r = 0; r < reps; r++) {
      const run = await engineRun(engine, TOKENS, "child");
      pp.push(run.pp);
      tg.push(run.tg);
    }
    promptTokens = (await engineRun(engine, 1, "child")).promptTokens;
    const rss = peakRss(engine.pid);
    seen.set(type, { tg: mean(tg), rss, size: statSync(file).size });
    console.log(
      `${type.toUpperCase().padEnd(6)}  ${formatBytes(statSync(file).size).padEnd(11)}  ${String(Math.round(engine.info!.loadMs)).padStart(7)}   ${formatBytes(rss).padEnd(11)}  ${fmt(pp).padEnd(15)}  ${fmt(tg)}`,
    );
    await engine.close();
  }
  console.log(`(pp: a prompt of ${promptTokens} tokens, BOS included)`);
  const f16 = seen.get("f16");
  const q8 = seen.get("q8_0");
  if (f16 && q8) {
    // The project's starting guide claims 8-bit makes a 7B model 3.2x faster with 58% less memory.
    const less = (a: number, b: number) => `${(100 * (1 - b / a)).toFixed(0)}% less`;
    console.log(`\n== Q8_0 beside F16, against the claim "8-bit: 3.2x faster, 58% less memory" (7B model)`);
    console.log(`generation: ${(q8.tg / f16.tg).toFixed(2)}x faster (claim 3.2x)`);
    console.log(`peak RSS:   ${less(f16.rss, q8.rss)} (claim 58% less); file: ${less(f16.size, q8.size)}`);
  }
}

async function main(): Promise<void> {
  const t0 = performance.now();
  if (os.loadavg()[0] > os.availableParallelism())
    console.log(`warning: load average ${os.loadavg()[0].toFixed(2)} on ${os.availableParallelism()} cores; figures will be noisy`);
  await compare(await model("q8_0"));
  await perFormat();
  console.log(`\n(cpu: ${os.cpus()[0]?.model ?? "?"}, ${os.availableParallelism()} cores; load average ${os.loadavg()[0].toFixed(2)}; total ${((performance.now() - t0) / 1000).toFixed(0)}s)`);
}

await main();
