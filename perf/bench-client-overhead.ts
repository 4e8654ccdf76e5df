/**
 * Client overhead of Headroom's benchmark runner (lib/bench): how many requests per second it
 * sustains against a loopback OpenAI-compatible server that answers at once (16 streamed
 * chunks each), and how close the TTFT it reports is to the truth for a server that answers
 * after a known delay. The server runs in a child process (perf/bench-loopback-server.ts) so
 * it has its own event loop and core.
 *
 *   npx tsx perf/bench-client-overhead.ts [seconds per level, default 5]
 *
 * Goals: >= 5,000 requests/s on a 2-core machine; reported TTFT within 1 ms of the truth.
 */
import { spawn, type ChildProcess } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { OpenAiTarget, PLAN_DEFAULTS, describe, runBench, type BenchPlan, type LevelSpec } from "@/lib/bench";

const seconds = Number(process.argv[2] ?? 5);
const SERVER = path.join(import.meta.dirname, "bench-loopback-server.ts");

async function startServer(args: string[]): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ["--import", "tsx", SERVER, ...args], { stdio: ["pipe", "pipe", "inherit"] });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once("line", resolve);
    child.once("exit", (code) => reject(new Error(`loopback server exited (${code})`)));
  });
  return { url: (JSON.parse(line) as { url: string }).url, child };
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.stdin!.end();
    setTimeout(() => child.kill("SIGKILL"), 3000).unref();
  });
}

const plan = (levels: LevelSpec[], change: Partial<BenchPlan>): BenchPlan => ({ ...PLAN_DEFAULTS, levels, inputTokens: 32, outputTokens: 16, ...change });

async function throughput(): Promise<number> {
  const { url, child } = await startServer(["--chunks", "16"]);
  const target = new OpenAiTarget({ url, model: "loopback" });
  console.log(`\n1. Sustained requests/s, server answering at once with 16 chunks (${seconds} s per level after 2,000 warm-up requests)`);
  console.log("concurrency   req/s   chunks/s   client CPU/request   TTFT p50   E2E p99   failed");
  let best = 0;
  for (const concurrency of [16, 64, 128]) {
    const cpu0 = process.cpuUsage();
    const r = await runBench(target, plan([{ kind: "concurrency", concurrency }], { warmup: 2000, stop: { ...PLAN_DEFAULTS.stop, durationS: seconds } }));
    const cpu = process.cpuUsage(cpu0);
    const s = r.levels[0].summary;
    const perRequestUs = ((cpu.user + cpu.system) / (s.requests + 2000)) | 0;
    best = Math.max(best, s.requestThroughput);
    console.log(
      `${String(concurrency).padStart(11)}  ${s.requestThroughput.toFixed(0).padStart(6)}  ${(s.requestThroughput * 16).toFixed(0).padStart(9)}  ${`${perRequestUs} µs`.padStart(19)}` +
        `  ${`${s.ttftMs!.median.toFixed(2)} ms`.padStart(9)}  ${`${s.e2elMs!.p99.toFixed(2)} ms`.padStart(8)}  ${String(s.failed).padStart(7)}`,
    );
  }
  await target.close();
  await stop(child);
  return best;
}

async function scheduleLag(): Promise<void> {
  const { url, child } = await startServer(["--chunks", "16"]);
  const target = new OpenAiTarget({ url, model: "loopback" });
  console.log(`\n3. Open-loop arrivals: how late requests leave against their Poisson schedule (${seconds} s per rate after 1,000`);
  console.log("   warm-up requests; requests due within the next millisecond leave at once, hence lags down to -1 ms)");
  console.log("   rate   achieved req/s   lag p50   lag p99   lag max");
  for (const rate of [1000, 3000, 5000]) {
    const r = await runBench(target, plan([{ kind: "rate", rate, burstiness: 1 }], { warmup: 1000, stop: { ...PLAN_DEFAULTS.stop, durationS: seconds } }));
    const s = r.levels[0].summary;
    const lag = s.scheduleLagMs!;
    console.log(`${String(rate).padStart(7)}  ${s.requestThroughput.toFixed(0).padStart(15)}  ${`${lag.median.toFixed(2)} ms`.padStart(8)}  ${`${lag.p99.toFixed(2)} ms`.padStart(8)}  ${`${lag.max.toFixed(2)} ms`.padStart(8)}`);
  }
  await target.close();
  await stop(child);
}

async function ttftAccuracy(delayMs: number, concurrency: number): Promise<{ nominal: number[]; truth: number[] }> {
  const { url, child } = await startServer(["--ttft-ms", String(delayMs), "--itl-ms", "5", "--chunks", "8", "--record"]);
  const target = new OpenAiTarget({ url, model: "loopback" });
  const requests = 200;
  const r = await runBench(target, plan([{ kind: "concurrency", concurrency }], { outputTokens: 8, stop: { ...PLAN_DEFAULTS.stop, requests } }));
  // The server's own view: when it wrote each request's first chunk after the request arrived.
  const served = (await (await fetch(`${url}/served`)).json()) as number[][];
  await target.close();
  await stop(child);
  const records = r.levels[0].records.slice().sort((a, b) => a.index - b.index);
  const nominal = records.map((x) => x.chunkMs[0] - delayMs);
  // With one request in flight, the server saw them in the order they were sent.
  const truth = concurrency === 1 ? records.map((x, i) => x.chunkMs[0] - served[i][0]) : [];
  return { nominal, truth };
}

const fmt = (v: number) => `${v >= 0 ? "+" : ""}${v.toFixed(3)} ms`;

async function main(): Promise<void> {
  console.log(`bench client overhead: ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? "?"}), node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
  const best = await throughput();
  console.log(`best: ${best.toFixed(0)} requests/s = ${(best / 5000).toFixed(2)} × the 5,000 req/s goal`);

  console.log("\n2. Reported TTFT against a server that answers after a known delay (200 requests, 8 chunks 5 ms apart)");
  console.log("delay  concurrency   reported − server-measured (p50 / p99 / max)   reported − nominal delay (p50 / p99)");
  for (const [delay, concurrency] of [
    [50, 1],
    [200, 1],
    [50, 16],
  ]) {
    const { nominal, truth } = await ttftAccuracy(delay, concurrency);
    const t = describe(truth);
    const n = describe(nominal)!;
    const truthText = t ? `${fmt(t.median)} / ${fmt(t.p99)} / ${fmt(t.max)}` : "(order not known under concurrency)";
    console.log(`${`${delay} ms`.padStart(6)}  ${String(concurrency).padStart(11)}   ${truthText.padEnd(44)}  ${fmt(n.median)} / ${fmt(n.p99)}`);
    if (t) console.log(`        ratio of p50 error to the 1 ms goal: ${(Math.abs(t.median) / 1).toFixed(3)}`);
  }
  console.log("server-measured: from the request's arrival to the first chunk's write, on the server's clock; the");
  console.log("difference is the client's share (loopback network, parsing, event-loop delay). The nominal delay also");
  console.log("includes the server timer's lateness.");
  await scheduleLag();
}

await main();
