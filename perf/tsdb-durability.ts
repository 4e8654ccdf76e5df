/**
 * Crash test for lib/tsdb: a child process appends scrapes in a loop (compacting as it goes) and
 * prints each scrape id only after its commit; the parent SIGKILLs it at random moments, restarts
 * it, and finally checks that no printed scrape lost a sample and no scrape is partly present.
 * Exits 1 on any loss or torn scrape.
 *
 *   npx tsx perf/tsdb-durability.ts [--rounds 10] [--scrape-size 200] [--min-ms 100] [--max-ms 1500]
 *                                   [--dir /tmp/x] [--url postgres://...] [--seed 1]
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { openDb, type DbHandle } from "@/db/client";
import { createTsdb, type AppendSample } from "@/lib/tsdb";

const { values: args } = parseArgs({
  options: {
    child: { type: "boolean", default: false },
    rounds: { type: "string", default: "10" },
    "scrape-size": { type: "string", default: "200" },
    "min-ms": { type: "string", default: "100" },
    "max-ms": { type: "string", default: "1500" },
    "start-id": { type: "string", default: "1" },
    dir: { type: "string" },
    url: { type: "string" },
    schema: { type: "string" },
    seed: { type: "string", default: String(Date.now() % 100000) },
  },
});
const SIZE = Number(args["scrape-size"]);
const T0 = Date.UTC(2026, 0, 1);
const MINUTE = 60_000;

/** Scrape `id`: SIZE fixed series plus one new series, all valued `id`, at T0 + id minutes. */
function scrape(id: number): AppendSample[] {
  const t = T0 + id * MINUTE;
  const out: AppendSample[] = [];
  for (let j = 0; j < SIZE; j++) out.push({ labels: { __name__: "dur_sample", j: String(j) }, value: id, timestamp: t });
  out.push({ labels: { __name__: "dur_new", scrape: String(id) }, value: id, timestamp: t });
  return out;
}

function openTarget(): Promise<DbHandle> {
  return args.url ? openDb({ url: args.url, schema: args.schema }) : openDb({ dataDir: args.dir });
}

async function child(): Promise<void> {
  const h = await openTarget();
  const store = createTsdb(h.db);
  process.stdout.write("ready\n");
  for (let id = Number(args["start-id"]); ; id++) {
    await store.appendScrape({ samples: scrape(id) });
    process.stdout.write(`${id}\n`); // only after the commit returned
    // Compact now and then, so kills also land inside compaction transactions.
    if (id % 25 === 0) await store.compact(T0 + id * MINUTE, { graceMs: 0 });
  }
}

/** Runs one child until killed; resolves with the ids it reported committed. */
function runChild(startId: number, delayMs: number): Promise<{ ids: number[]; stderr: string; killedEarly: boolean }> {
  const self = fileURLToPath(import.meta.url);
  // Our own node binary with tsx's loader, so the killed process is the writer itself, not a wrapper.
  const execArgv = process.execArgv.some((a) => a.includes("tsx")) ? process.execArgv : ["--import", "tsx"];
  const childArgs = ["--child", "--start-id", String(startId), "--scrape-size", String(SIZE)];
  if (args.url) childArgs.push("--url", args.url, "--schema", args.schema!);
  else childArgs.push("--dir", args.dir!);
  const p = spawn(process.execPath, [...execArgv, self, ...childArgs], { stdio: ["ignore", "pipe", "pipe"] });
  const ids: number[] = [];
  let buf = "";
  let stderr = "";
  let timer: NodeJS.Timeout | null = null;
  p.stderr.on("data", (d) => (stderr += d));
  p.stdout.on("data", (d: Buffer) => {
    buf += d.toString();
    let nl;
    while ((nl = buf.indexOf("\n")) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      if (line === "ready") timer = setTimeout(() => p.kill("SIGKILL"), delayMs);
      else ids.push(Number(line));
    }
  });
  return new Promise((resolve) => {
    p.on("exit", (_code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ ids, stderr, killedEarly: signal !== "SIGKILL" });
    });
  });
}

/** Deterministic PRNG (mulberry32) so a failing run can be repeated with --seed. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

async function verify(printed: Set<number>, maxId: number): Promise<{ lost: number; torn: number; present: number }> {
  const h = await openTarget();
  try {
    const store = createTsdb(h.db);
    const series = await store.select([{ name: "__name__", type: "=~", value: "dur_.*" }], 0, T0 + (maxId + 10) * MINUTE);
    // Per scrape id: how many of its SIZE + 1 samples exist, and whether each holds the right value.
    const count = new Map<number, number>();
    let wrong = 0;
    for (const s of series) {
      for (let i = 0; i < s.timestamps.length; i++) {
        const id = (s.timestamps[i] - T0) / MINUTE;
        if (s.values[i] !== id) wrong++;
        count.set(id, (count.get(id) ?? 0) + 1);
      }
    }
    let lost = wrong;
    let torn = 0;
    for (const id of printed) lost += SIZE + 1 - (count.get(id) ?? 0);
    for (const [, n] of count) if (n !== SIZE + 1) torn++;
    return { lost, torn, present: count.size };
  } finally {
    await h.close();
  }
}

async function parent(): Promise<void> {
  const rounds = Number(args.rounds);
  const rand = rng(Number(args.seed));
  const minMs = Number(args["min-ms"]);
  const maxMs = Number(args["max-ms"]);
  let cleanup = async () => {};
  if (args.url) {
    args.schema = `dur_${process.pid}`;
    cleanup = async () => {
      const h = await openDb({ url: args.url, schema: args.schema, migrate: false });
      await h.db.execute(sql.raw(`DROP SCHEMA IF EXISTS ${args.schema} CASCADE`));
      await h.close();
    };
  } else if (!args.dir) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "headroom-durability-"));
    args.dir = dir;
    cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
  }
  const printed = new Set<number>();
  let next = 1;
  let failures = 0;
  try {
    for (let r = 1; r <= rounds; r++) {
      const delay = Math.round(minMs + rand() * (maxMs - minMs));
      const res = await runChild(next, delay);
      if (res.killedEarly) {
        console.error(`round ${r}: child exited on its own:\n${res.stderr}`);
        failures++;
        break;
      }
      for (const id of res.ids) printed.add(id);
      // Restart after the last reported id; an unreported commit is rewritten identically.
      if (res.ids.length > 0) next = res.ids[res.ids.length - 1] + 1;
      console.log(`round ${r}: killed after ${delay}ms, ${res.ids.length} scrapes reported committed`);
    }
    const maxId = Math.max(0, ...printed) + 5;
    const v = await verify(printed, maxId);
    console.log(`target:      ${args.url ? "postgres (schema " + args.schema + ")" : "pglite " + args.dir}`);
    console.log(`committed:   ${printed.size} scrapes reported, ${v.present} present, ${SIZE + 1} samples each`);
    console.log(`lost:        ${v.lost} samples of reported scrapes (goal 0)`);
    console.log(`torn:        ${v.torn} scrapes partially present (goal 0)`);
    if (v.lost > 0 || v.torn > 0) failures++;
  } finally {
    await cleanup();
  }
  process.exit(failures > 0 ? 1 : 0);
}

(args.child ? child() : parent()).catch((err) => {
  console.error(err);
  process.exit(1);
});
