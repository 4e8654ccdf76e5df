/**
 * What the demo traffic costs: runs the demo (model server child, its model process, the load)
 * and the scrape job as `npm start` runs them, on a fresh embedded database, for N seconds at a
 * fixed request rate (default 1/s, the daily peak of the default shape), and prints the CPU
 * used by each part as a percentage of one core, plus the memory of the server processes.
 *
 *   npx tsx perf/demo-cost.ts [--seconds 60] [--rps 1] [--bursts]
 *
 * --bursts keeps error bursts on all the time (half the requests fail), to show their cost.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDb } from "@/db/client";
import { loadConfig } from "@/lib/config";
import { DEFAULT_SHAPE, DemoRunner, type LoadShape } from "@/lib/demo";
import { createRuntime } from "@/lib/runtime";
import { dbLeaseStore, dbRunLog, JobRunner } from "@/workers/runner";
import { demoJob } from "@/workers/jobs/demo";
import { scrapeJob } from "@/workers/jobs/scrape";
import { cmdline, treeCpu, treeMemory } from "./support/proc-cpu";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}
const SECONDS = arg("seconds", 60);
const RPS = arg("rps", 1);
const BURSTS = process.argv.includes("--bursts");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "headroom-demo-cost-"));
const shape: LoadShape = {
  ...DEFAULT_SHAPE,
  minRps: RPS,
  maxRps: RPS,
  bursts: BURSTS ? { ...DEFAULT_SHAPE.bursts, slotMs: 60_000, chance: 1, minDurationMs: 60_000, maxDurationMs: 60_000, minRatio: 0.5, maxRatio: 0.5 } : DEFAULT_SHAPE.bursts,
};
const handle = await openDb({ dataDir });
const rt = createRuntime(loadConfig({ HEADROOM_DATA_DIR: dataDir }, "/nonexistent"), handle);
const log = (l: string) => console.log(`  ${l}`);
const demo = new DemoRunner({ db: handle.db, dataDir, cliPath: path.join(process.cwd(), "bin", "headroom.mjs"), cwd: process.cwd(), shape, log });
const runner = new JobRunner([scrapeJob(rt, () => {}, "/"), demoJob(rt, { runner: demo, log })], { holder: "demo-cost", leases: dbLeaseStore(handle.db), log: dbRunLog(handle.db) });

console.log(`demo cost: ${RPS} request/s for ${SECONDS} s${BURSTS ? ", half of them failing (burst)" : ""}, 15 s scrapes, ${os.cpus().length} cores`);
runner.start();
for (let i = 0; i < 300 && !demo.serverInfo; i++) await sleep(100);
const info = demo.serverInfo;
if (!info) throw new Error("the demo did not start within 30 s");
await sleep(3000); // past the start-up compile of the CLI and the model process
const child0 = treeCpu(info.pid, (p) => (cmdline(p.pid).includes("engine-child") ? "model process" : "model server"));
const self0 = process.cpuUsage();
const sent0 = demo.stats!.sent;
const t0 = performance.now();
await sleep(SECONDS * 1000);
const wall = (performance.now() - t0) / 1000;
const child1 = treeCpu(info.pid, (p) => (cmdline(p.pid).includes("engine-child") ? "model process" : "model server"));
const self = process.cpuUsage(self0);
const stats = demo.stats!;
const memory = treeMemory(info.pid);

const pct = (cpuS: number) => `${((cpuS / wall) * 100).toFixed(2)}%`.padStart(7);
const server = (child1["model server"] ?? 0) - (child0["model server"] ?? 0);
const engine = (child1["model process"] ?? 0) - (child0["model process"] ?? 0);
const mine = (self.user + self.system) / 1e6;
console.log(`\n${stats.sent - sent0} requests in ${wall.toFixed(1)} s; answers so far ${JSON.stringify(stats.byStatus)}, skipped ${stats.skipped}, network errors ${stats.networkErrors}`);
console.log("part                                             CPU (% of one core)");
console.log(`model server (headroom serve-model)              ${pct(server)}`);
console.log(`model process (llama.cpp)                        ${pct(engine)}`);
console.log(`Headroom process (load generator + scraping)    ${pct(mine)}`);
console.log(`total                                            ${pct(server + engine + mine)}`);
console.log(`memory of the model server and model process: ${(memory / 2 ** 20).toFixed(0)} MiB (Pss)`);

await runner.stop(10_000);
await demo.stop();
await handle.close();
fs.rmSync(dataDir, { recursive: true, force: true });
