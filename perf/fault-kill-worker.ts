/**
 * Fault tolerance: the worker process is killed with SIGKILL at random moments while it
 * scrapes, then restarted, several times. Every sample seen committed before a kill must still
 * be there afterwards, and no scrape may be torn (every scrape writes all of its target's series
 * at one timestamp, or none).
 *
 *   npx tsx perf/fault-kill-worker.ts [--rounds 4] [--series 50] [--url postgres://...]
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { openDb } from "@/db/client";
import { createTsdb } from "@/lib/tsdb";

const { values: args } = parseArgs({
  options: {
    rounds: { type: "string", default: "4" },
    series: { type: "string", default: "50" },
    url: { type: "string" },
    seed: { type: "string", default: "7" },
  },
});
const rounds = Number(args.rounds);
const seriesCount = Number(args.series);
let seed = Number(args.seed);
const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<number> {
  let n = 0;
  const target = http.createServer((_req, res) => {
    n++;
    const lines = ["# TYPE kill_test_total counter"];
    for (let i = 0; i < seriesCount; i++) lines.push(`kill_test_total{i="${i}"} ${n}`);
    res.end(lines.join("\n") + "\n");
  });
  await new Promise<void>((r) => target.listen(0, "127.0.0.1", r));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "headroom-kill-"));
  const config = path.join(dir, "headroom.yml");
  fs.writeFileSync(
    config,
    `scrape_configs:\n  - job_name: kill\n    scrape_interval: 1s\n    scrape_timeout: 1s\n    static_configs:\n      - targets: ["127.0.0.1:${(target.address() as AddressInfo).port}"]\n`,
  );
  const env = { ...process.env, HEADROOM_CONFIG: config, HEADROOM_DATA_DIR: dir, DATABASE_URL: args.url ?? "", HEADROOM_DEMO: "off" };
  const start = (): ChildProcess => spawn(process.execPath, ["--import", "tsx", "workers/main.ts"], { env, stdio: "ignore" });

  // Reads every committed sample: timestamp -> how many series have it.
  const snapshot = async (): Promise<Map<number, number>> => {
    const h = await openDb({ url: args.url ?? null, dataDir: args.url ? null : dir, poolSize: 1 });
    try {
      const out = new Map<number, number>();
      for (const s of await createTsdb(h.db).select([{ type: "=", name: "__name__", value: "kill_test_total" }], 0, Date.now() + 60_000)) {
        s.timestamps.forEach((t, i) => {
          if (!s.stale?.[i]) out.set(t, (out.get(t) ?? 0) + 1);
        });
      }
      return out;
    } finally {
      await h.close();
    }
  };

  const seen = new Set<number>();
  let lost = 0;
  let torn = 0;
  for (let round = 1; round <= rounds; round++) {
    const worker = start();
    const runMs = 3000 + Math.floor(random() * 4000);
    await sleep(runMs);
    worker.kill("SIGKILL");
    await new Promise((r) => worker.once("exit", r));
    // With the worker dead, the embedded database may be opened here (its pid lock is stale).
    const snap = await snapshot();
    for (const t of seen) if (!snap.has(t)) lost++;
    for (const [t, count] of snap) {
      if (count !== seriesCount) torn++;
      seen.add(t);
    }
    console.log(`round ${round}: killed after ${runMs} ms; ${snap.size} scrapes stored so far`);
  }
  target.close();
  console.log(`target:   ${args.url ? "postgres" : `pglite ${dir}`}`);
  console.log(`scrapes:  ${seen.size} committed, ${seriesCount} series each`);
  console.log(`lost:     ${lost} scrapes seen committed and later missing (goal 0)`);
  console.log(`torn:     ${torn} scrapes with only some of their series (goal 0)`);
  if (seen.size === 0) console.log("FAILED: nothing was ever committed");
  return lost === 0 && torn === 0 && seen.size > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
