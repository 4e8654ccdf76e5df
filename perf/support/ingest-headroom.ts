/**
 * Headroom's side of perf/ingest-vs-prometheus.ts: the real worker process (`npx tsx
 * workers/main.ts`) on PGlite or PostgreSQL, then, once it has stopped, what it stored: samples
 * per time window, failed scrapes, and the store's size after compaction.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { sql, type SQL } from "drizzle-orm";
import { openDb, type DbHandle } from "@/db/client";
import { CHUNK_RANGE_MS, createTsdb, type StorageStats } from "@/lib/tsdb";
import { ALL_TIME, collectFromBatch, headBatches, RunBuilder } from "@/lib/tsdb/head-read";
import { cmdline, processTree } from "./proc-cpu";

/** A running worker process. */
export interface Worker {
  /** The `npx` process at the root of the worker's tree. */
  pid: number;
  /** Resolves when the worker logged that its jobs started. */
  ready: Promise<void>;
  output(): string;
  stop(): Promise<void>;
}

/** A headroom.yml / prometheus.yml scrape section for the targets (the same text suits both). */
export function scrapeConfigYaml(ports: number[], intervalS: number, timeoutS: number): string {
  return [
    "scrape_configs:",
    "  - job_name: vllm",
    `    scrape_interval: ${intervalS}s`,
    `    scrape_timeout: ${timeoutS}s`,
    "    static_configs:",
    `      - targets: [${ports.map((p) => `"127.0.0.1:${p}"`).join(", ")}]`,
    "",
  ].join("\n");
}

/** The command of `npm run workers`, so the measured worker runs with the product's Node flags. */
function workersCommand(): { bin: string; flags: string[]; script: string } {
  const pkg = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, "..", "..", "package.json"), "utf8")) as { scripts: Record<string, string> };
  const words = pkg.scripts.workers.split(/\s+/);
  return { bin: words[0], flags: words.slice(1, -1), script: words[words.length - 1] };
}

/** Starts the `npm run workers` command on PGlite in `dataDir`, or on PostgreSQL when `databaseUrl` is set. */
export function startWorker(opts: { configFile: string; dataDir: string; databaseUrl?: string; cpuProfDir?: string; nodeFlags?: string[] }): Worker {
  const env: NodeJS.ProcessEnv = { ...process.env, HEADROOM_CONFIG: opts.configFile, HEADROOM_DATA_DIR: opts.dataDir, HEADROOM_DEMO: "off" };
  delete env.DATABASE_URL;
  if (opts.databaseUrl) env.DATABASE_URL = opts.databaseUrl;
  // Node refuses --cpu-prof in NODE_OPTIONS; tsx hands flags before the script to the worker's node.
  const prof = opts.cpuProfDir ? ["--cpu-prof", "--cpu-prof-interval=2000", `--cpu-prof-dir=${opts.cpuProfDir}`] : [];
  const cmd = workersCommand();
  const child: ChildProcess = spawn("npx", [cmd.bin, ...cmd.flags, ...(opts.nodeFlags ?? []), ...prof, cmd.script], { env, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let exited = false;
  const exit = new Promise<void>((r) =>
    child.once("exit", () => {
      exited = true;
      r();
    }),
  );
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (c: Buffer) => {
      out += c;
      if (out.includes("workers started")) resolve();
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (c: Buffer) => (out += c));
    void exit.then(() => reject(new Error(`worker exited before starting:\n${out.slice(-2000)}`)));
  });
  ready.catch(() => {});
  return {
    pid: child.pid!,
    ready,
    output: () => out,
    async stop() {
      if (exited) return;
      const tree = processTree(child.pid!);
      // npm exec exits on SIGTERM without waiting for tsx, and tsx relays signals to its child,
      // so only the innermost node process (the worker itself) is told to stop: it closes its
      // database, exits, and the launchers follow.
      // (The worker may have children of its own, esbuild's service for one: look for the
      // innermost process running workers/main.ts, not for a leaf.)
      const runsWorker = tree.filter((p) => cmdline(p.pid).includes("workers/main.ts"));
      const inner = runsWorker.filter((p) => !runsWorker.some((c) => c.ppid === p.pid));
      for (const p of inner.length ? inner : tree.slice(0, 1)) process.kill(p.pid, "SIGTERM");
      const timer = setTimeout(() => {
        for (const p of tree) {
          try {
            process.kill(p.pid, "SIGKILL");
          } catch {
            /* gone */
          }
        }
      }, 60_000);
      await exit;
      // The launchers exit first; the worker may still be closing its database or writing a CPU profile.
      for (let i = 0; i < 900 && tree.some((p) => alive(p.pid)); i++) await new Promise((r) => setTimeout(r, 100));
      clearTimeout(timer);
    },
  };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function rows<T>(h: DbHandle, q: SQL): Promise<T[]> {
  return ((await h.db.execute(q)) as unknown as { rows: T[] }).rows;
}

/** What a worker stored, read after it stopped. */
export interface StoredFigures {
  samplesTotal: number;
  samplesInWindow: number;
  /** Samples stamped before the window's end: the whole run up to there. */
  samplesBeforeEnd: number;
  /** `up` samples: scrapes done (ok + failed) in the window and over the whole run. */
  scrapesInWindow: number;
  failedInWindow: number;
  scrapesTotal: number;
  failedTotal: number;
  /** Last errors recorded on the Targets page, distinct, with counts. */
  lastErrors: string[];
  maxT: number;
  jitter: Jitter;
  /** Runs of jobs other than scraping that overlapped the window: their CPU is in the figures. */
  backgroundJobs: { job: string; startS: number; durationMs: number }[];
}

/** How regular scrape timestamps are: what delta-of-delta encoding pays for. */
export interface Jitter {
  /** Share of consecutive `up` timestamps exactly one interval apart. */
  exactShare: number;
  /** Largest distance from the interval, ms (skipped slots left out). */
  worstMs: number;
}

/** Jitter of per-series timestamp lists (ms). */
export function jitterOf(lists: number[][], intervalMs: number): Jitter {
  let exact = 0;
  let n = 0;
  let worst = 0;
  for (const ts of lists) {
    for (let i = 1; i < ts.length; i++) {
      const d = ts[i] - ts[i - 1];
      if (d < intervalMs / 2 || d > intervalMs * 1.5) continue;
      n++;
      if (d === intervalMs) exact++;
      worst = Math.max(worst, Math.abs(d - intervalMs));
    }
  }
  return { exactShare: n ? exact / n : NaN, worstMs: worst };
}

/** Counts samples and failed scrapes; the window is [w0, w1) in scrape timestamps. */
export async function storedFigures(h: DbHandle, w0: number, w1: number, intervalMs: number): Promise<StoredFigures> {
  // One pass over the head: counts of all samples, and the `up` series' samples collected.
  const upIds = (await rows<{ id: number }>(h, sql`SELECT id FROM tsdb_series WHERE labels->>'__name__' = 'up' ORDER BY id`)).map((r) => Number(r.id));
  const builders = new Map<number, RunBuilder>();
  let total = 0;
  let win = 0;
  let beforeEnd = 0;
  let maxT = 0;
  for await (const b of headBatches(h.db, ALL_TIME)) {
    total += b.n;
    for (let i = 0; i < b.n; i++) {
      const t = b.times[i];
      if (t >= w0 && t < w1) win++;
      if (t < w1) beforeEnd++;
      if (t > maxT) maxT = t;
    }
    collectFromBatch(b, upIds, ALL_TIME, builders);
  }
  const upRuns = [...builders.values()].map((rb) => rb.build());
  const u = { n: 0, bad: 0, n_win: 0, bad_win: 0 };
  const ups: number[][] = [];
  for (const run of upRuns) {
    const ts: number[] = [];
    for (let i = 0; i < run.timestamps.length; i++) {
      const t = run.timestamps[i];
      const bad = run.stale?.[i] === 1 || run.values[i] !== 1;
      const inWin = t >= w0 && t < w1;
      u.n++;
      if (bad) u.bad++;
      if (inWin) u.n_win++;
      if (inWin && bad) u.bad_win++;
      ts.push(t);
    }
    ups.push(ts);
  }
  const errs = await rows<{ e: string; n: unknown }>(
    h,
    sql`SELECT last_error AS e, count(*) AS n FROM scrape_target_status WHERE last_error IS NOT NULL GROUP BY 1 ORDER BY 2 DESC LIMIT 5`,
  );
  const jobs = await rows<{ job: string; started: unknown; ms: unknown }>(
    h,
    sql`SELECT job, extract(epoch FROM started_at) * 1000 AS started, duration_ms AS ms FROM job_runs
      WHERE job <> 'scrape' AND started_at < to_timestamp(${w1 / 1000})
        AND coalesce(finished_at, now()) > to_timestamp(${w0 / 1000}) ORDER BY started_at`,
  );
  return {
    backgroundJobs: jobs.map((j) => ({ job: j.job, startS: (Number(j.started) - w0) / 1000, durationMs: Number(j.ms ?? NaN) })),
    jitter: jitterOf(ups, intervalMs),
    samplesTotal: total,
    samplesInWindow: win,
    samplesBeforeEnd: beforeEnd,
    maxT,
    scrapesTotal: u.n,
    failedTotal: u.bad,
    scrapesInWindow: u.n_win,
    failedInWindow: u.bad_win,
    lastErrors: errs.map((e) => `${Number(e.n)}x ${e.e}`),
  };
}

/** Store size after moving every head sample into chunks. */
export interface CompactedSize {
  stats: StorageStats;
  compactSeconds: number;
  /** Sum of the tsdb_* tables (pg_total_relation_size). */
  tablesBytes: number;
  /** tsdb_series + tsdb_postings: the per-series index. */
  indexBytes: number;
}

/** Compacts the whole head (a `now` two hours past the newest sample, no grace) and measures. */
export async function compactAll(h: DbHandle, maxT: number): Promise<CompactedSize> {
  const store = createTsdb(h.db);
  const t0 = performance.now();
  await store.compact(maxT + CHUNK_RANGE_MS, { graceMs: 0 });
  const compactSeconds = (performance.now() - t0) / 1000;
  // Statistics and the visibility map as a long-running server would have them.
  await h.db.execute(sql`VACUUM ANALYZE tsdb_chunks`);
  const stats = await store.stats();
  const tablesBytes = Object.entries(stats.tableBytes).reduce((a, [, b]) => a + b, 0);
  return { stats, compactSeconds, tablesBytes, indexBytes: stats.tableBytes.tsdb_series + stats.tableBytes.tsdb_postings };
}

/** Bytes of the files under a directory (apparent sizes). */
export function dirBytes(dir: string): number {
  let total = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) total += dirBytes(p);
    else if (e.isFile()) total += fs.statSync(p).size;
  }
  return total;
}

/** A PGlite data directory's size, and how much of it is write-ahead log. */
export function pgliteBytes(dataDir: string): { total: number; wal: number } {
  const dir = path.join(dataDir, "pglite");
  const wal = path.join(dir, "pg_wal");
  return { total: dirBytes(dir), wal: fs.existsSync(wal) ? dirBytes(wal) : 0 };
}

/** Size of an empty, migrated PGlite directory: what the data dir costs before any sample. */
export async function emptyPgliteBytes(dir: string): Promise<{ total: number; wal: number }> {
  const h = await openDb({ dataDir: dir });
  await h.close();
  return pgliteBytes(dir);
}
