/**
 * One system's turn in perf/ingest-vs-prometheus.ts: start it against the targets, let it warm
 * up (first scrapes create every series), measure CPU and samples over a window of whole scrape
 * intervals, stop it, then count what it stored and measure its disk after compaction.
 */
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { openDb } from "@/db/client";
import { summarizeProfile, largestProfile, type ProfileSummary } from "./cpu-profile";
import { compactAll, jitterOf, pgliteBytes, startWorker, storedFigures, type Jitter } from "./ingest-headroom";
import { queryScalar, selfMetric, snapshotHead, startIngestPrometheus, walAndHeadBytes } from "./ingest-prometheus";
import { startPrivatePostgres } from "./private-postgres";
import { machineCpu, postgresRole, treeCpu, treeMemory, treeThreadCpu } from "./proc-cpu";

/** How a system's turn runs. */
export interface RunPlan {
  dir: string;
  scrapeYaml: string;
  targets: number;
  intervalMs: number;
  warmupMs: number;
  windowMs: number;
  /** Pid of the target server process, whose CPU is reported but not counted. */
  targetServerPid: number;
  /** The fewest requests any target has answered so far (all systems together). */
  leastRequests: () => number;
  /** PGlite only: an empty migrated data directory's size. */
  emptyPglite: { total: number; wal: number };
  profile: boolean;
  /** Extra node/V8 flags for the worker (experiments: --worker-flags). */
  workerFlags: string[];
  /** Where to save each worker's output (--worker-log), e.g. with --worker-flags=--trace-gc; "" for nowhere. */
  workerLog: string;
  log: (m: string) => void;
}

/** Everything measured for one system. */
export interface SystemResult {
  name: string;
  slots: number;
  scrapes: number;
  failed: number;
  failedTotal: number;
  samples: number;
  /** CPU-seconds in the window by part (worker, postgres backends, ...). */
  cpu: Record<string, number>;
  targetServerCpu: number;
  machineBusyCores: number;
  memoryBytes: number;
  /** From start (process launch, series creation) to the window's end. */
  run: { samples: number; cpu: number };
  disk: Record<string, number>;
  jitter: Jitter;
  /** Headroom: runs of other jobs (compaction, rollups) that overlapped the window. */
  backgroundJobs: { job: string; startS: number; durationMs: number }[];
  errors: string[];
  profile: ProfileSummary | null;
  /** Headroom: the worker's CPU-seconds in the window by thread ("main": each process's main thread). */
  threads: Record<string, number>;
  /** PostgreSQL with --profile: the statements that took the backends' time in the window. */
  statements: { query: string; calls: number; ms: number; rows: number }[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const monoUs = () => Number(process.hrtime.bigint() / 1000n);

async function waitLogged(ms: number, what: string, log: (m: string) => void): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const left = end - Date.now();
    await sleep(Math.min(left, 30_000));
    if (end - Date.now() > 1000) log(`  ${what}: ${Math.round((end - Date.now()) / 1000)} s to go`);
  }
}

/**
 * Warm-up: the given time, and then until every target has had two whole scrapes since `base`
 * requests, so the first scrapes, which create every series, are never inside the window,
 * however slow the machine is that day.
 */
async function warmUp(plan: RunPlan, what: string, base: number): Promise<void> {
  await waitLogged(plan.warmupMs, `${what}, warm-up`, plan.log);
  const limit = Date.now() + 20 * plan.intervalMs;
  if (plan.leastRequests() < base + 3) plan.log(`  ${what}: waiting for every target's second scrape to finish`);
  while (plan.leastRequests() < base + 3) {
    if (Date.now() > limit) throw new Error(`${what}: some target was scraped fewer than 3 times in ${(20 * plan.intervalMs) / 1000} s`);
    await sleep(200);
  }
}

interface Window {
  w0: number;
  w1: number;
  mono0: number;
  mono1: number;
  cpu: Record<string, number>;
  /** CPU-seconds from each process's start to the window's end. */
  cumulative: Record<string, number>;
  targetServerCpu: number;
  machineBusyCores: number;
}

/** Samples `cpu()` at both ends of the window and returns the differences. */
async function measureWindow(plan: RunPlan, what: string, cpu: () => Record<string, number>, atStart?: () => Promise<void>): Promise<Window> {
  await atStart?.();
  const c0 = cpu();
  const s0 = treeCpu(plan.targetServerPid).all;
  const m0 = machineCpu();
  const w0 = Date.now();
  const mono0 = monoUs();
  await waitLogged(plan.windowMs, `${what}, measuring`, plan.log);
  const c1 = cpu();
  const w1 = Date.now();
  const m1 = machineCpu();
  const out: Record<string, number> = {};
  for (const k of Object.keys(c1)) out[k] = c1[k] - (c0[k] ?? 0);
  const cores = (m1.busy - m0.busy) / ((w1 - w0) / 1000);
  return { w0, w1, mono0, mono1: monoUs(), cpu: out, cumulative: c1, targetServerCpu: treeCpu(plan.targetServerPid).all - s0, machineBusyCores: cores };
}

async function sqlOn<T>(url: string, text: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(text)).rows as T[];
  } finally {
    await c.end();
  }
}

// pg_stat_statements needs a preload and so a restart; only with --profile, as it costs a little.
async function enableStatements(cluster: { url: string; stop(): void; start(): void }): Promise<void> {
  await sqlOn(cluster.url, "ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'");
  cluster.stop();
  cluster.start();
  await sqlOn(cluster.url, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
}

async function topStatements(url: string): Promise<SystemResult["statements"]> {
  const rows = await sqlOn<{ query: string; calls: string; ms: number; rows: string }>(
    url,
    "SELECT query, calls, total_exec_time AS ms, rows FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 8",
  );
  return rows.map((r) => ({ query: r.query.replace(/\s+/g, " ").slice(0, 110), calls: Number(r.calls), ms: r.ms, rows: Number(r.rows) }));
}

async function postmasterPid(url: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
    const stat = fs.readFileSync(`/proc/${rows[0].pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } finally {
    await c.end();
  }
}

/** Headroom's worker process on PGlite (on disk) or on a private PostgreSQL cluster. */
export async function runHeadroom(kind: "pglite" | "postgres", plan: RunPlan): Promise<SystemResult> {
  const name = kind === "pglite" ? "Headroom PGlite" : "Headroom PostgreSQL";
  const dir = path.join(plan.dir, kind);
  fs.mkdirSync(dir, { recursive: true });
  const configFile = path.join(dir, "headroom.yml");
  fs.writeFileSync(configFile, plan.scrapeYaml);
  const cluster = kind === "postgres" ? await startPrivatePostgres() : null;
  const profDir = path.join(dir, "cpu-prof");
  try {
    if (cluster && plan.profile) await enableStatements(cluster);
    const postmaster = cluster ? await postmasterPid(cluster.url) : 0;
    const base = plan.leastRequests();
    const worker = startWorker({ configFile, dataDir: path.join(dir, "data"), databaseUrl: cluster?.url, cpuProfDir: plan.profile ? profDir : undefined, nodeFlags: plan.workerFlags });
    const cpu = () => ({ worker: treeCpu(worker.pid).all ?? 0, ...(postmaster ? treeCpu(postmaster, postgresRole) : {}) });
    let win: Window;
    let memory = 0;
    let statements: SystemResult["statements"] = [];
    let threads0: Record<string, number> = {};
    const threads: Record<string, number> = {};
    try {
      await worker.ready;
      plan.log(`  ${name}: worker started (pid ${worker.pid}); warming up`);
      await warmUp(plan, name, base);
      const tracked = cluster && plan.profile ? cluster.url : null;
      win = await measureWindow(plan, name, cpu, async () => {
        if (tracked) await sqlOn(tracked, "SELECT pg_stat_statements_reset()");
        threads0 = treeThreadCpu(worker.pid);
      });
      for (const [k, v] of Object.entries(treeThreadCpu(worker.pid))) {
        const d = v - (threads0[k] ?? 0);
        if (d > 0) threads[k] = d;
      }
      if (tracked) statements = await topStatements(tracked);
      memory = treeMemory(worker.pid) + (postmaster ? treeMemory(postmaster) : 0);
    } finally {
      await worker.stop();
      if (plan.workerLog) fs.writeFileSync(`${plan.workerLog}.${kind}`, worker.output());
    }
    plan.log(`  ${name}: stopped; counting and compacting`);
    const h = await openDb(cluster ? { url: cluster.url, migrate: false } : { dataDir: path.join(dir, "data"), migrate: false });
    let figures, compacted;
    try {
      figures = await storedFigures(h, win.w0, win.w1, plan.intervalMs);
      compacted = await compactAll(h, figures.maxT);
    } finally {
      await h.close();
    }
    const st = compacted.stats;
    const disk: Record<string, number> = {
      samples: st.chunkSamples,
      series: st.series,
      payload: st.chunkDataBytes / st.chunkSamples,
      chunksTable: st.tableBytes.tsdb_chunks / st.chunkSamples,
      allTables: compacted.tablesBytes / st.chunkSamples,
      indexTables: compacted.indexBytes / st.chunkSamples,
      headAfter: st.tableBytes.tsdb_head_batches / st.chunkSamples,
      compactSeconds: compacted.compactSeconds,
    };
    if (kind === "pglite") {
      const b = pgliteBytes(path.join(dir, "data"));
      disk.dataDirGrowth = (b.total - b.wal - (plan.emptyPglite.total - plan.emptyPglite.wal)) / st.chunkSamples;
      disk.wal = b.wal / st.chunkSamples;
    }
    const prof = plan.profile ? largestProfile(profDir) : null;
    const errors = figures.lastErrors.slice();
    if (/error|fail/i.test(worker.output())) errors.push(...worker.output().split("\n").filter((l) => /error|fail/i.test(l)).slice(0, 5));
    return {
      name,
      slots: plan.targets * (plan.windowMs / plan.intervalMs),
      scrapes: figures.scrapesInWindow,
      failed: figures.failedInWindow,
      failedTotal: figures.failedTotal,
      samples: figures.samplesInWindow,
      cpu: win.cpu,
      targetServerCpu: win.targetServerCpu,
      machineBusyCores: win.machineBusyCores,
      memoryBytes: memory,
      run: { samples: figures.samplesBeforeEnd, cpu: Object.values(win.cumulative).reduce((a, b) => a + b, 0) },
      disk,
      jitter: figures.jitter,
      backgroundJobs: figures.backgroundJobs,
      errors,
      profile: prof ? summarizeProfile(prof, win.mono0, win.mono1) : null,
      statements,
      threads,
    };
  } finally {
    cluster?.destroy();
  }
}

async function upJitter(url: string, windowMs: number, at: number, intervalMs: number): Promise<Jitter> {
  const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(`up[${windowMs}ms]`)}&time=${at / 1000}`);
  const body = (await res.json()) as { data: { result: { values: [number, string][] }[] } };
  return jitterOf(body.data.result.map((s) => s.values.map(([t]) => Math.round(t * 1000))), intervalMs);
}

/** Prometheus 2.42 scraping the same targets with the same interval and timeout. */
export async function runPrometheus(plan: RunPlan): Promise<SystemResult> {
  const dir = path.join(plan.dir, "prometheus");
  fs.mkdirSync(dir, { recursive: true });
  const base = plan.leastRequests();
  const p = await startIngestPrometheus(dir, plan.scrapeYaml);
  const appended = () => selfMetric(p.url, "prometheus_tsdb_head_samples_appended_total");
  try {
    plan.log(`  Prometheus: started (pid ${p.pid}); warming up`);
    await warmUp(plan, "Prometheus", base);
    let a0 = 0;
    const win = await measureWindow(plan, "Prometheus", () => ({ prometheus: treeCpu(p.pid).all }), async () => {
      a0 = await appended();
    });
    const a1 = await appended();
    const memory = treeMemory(p.pid);
    // [w0, w1 - 1]: Prometheus 2.42's range selectors include both ends.
    const range = `${plan.windowMs - 1}ms`;
    const at = win.w1 - 1;
    const scrapes = await queryScalar(p.url, `sum(count_over_time(up[${range}]))`, at);
    const ok = await queryScalar(p.url, `sum(sum_over_time(up[${range}]))`, at);
    const allRange = `${Math.ceil((plan.windowMs + plan.warmupMs) / 1000) + 60}s`;
    const failedTotal = (await queryScalar(p.url, `sum(count_over_time(up[${allRange}]))`, at)) - (await queryScalar(p.url, `sum(sum_over_time(up[${allRange}]))`, at));
    const jitter = await upJitter(p.url, plan.windowMs, win.w1, plan.intervalMs);
    const wal = walAndHeadBytes(p.dataDir);
    plan.log("  Prometheus: writing its head as a block (admin snapshot)");
    const block = await snapshotHead(p);
    return {
      name: "Prometheus 2.42",
      slots: plan.targets * (plan.windowMs / plan.intervalMs),
      scrapes,
      failed: scrapes - ok,
      failedTotal,
      samples: a1 - a0,
      cpu: win.cpu,
      targetServerCpu: win.targetServerCpu,
      machineBusyCores: win.machineBusyCores,
      memoryBytes: memory,
      run: { samples: a1, cpu: win.cumulative.prometheus },
      disk: {
        samples: block.samples,
        series: block.series,
        block: block.bytes / block.samples,
        index: block.indexBytes / block.samples,
        chunks: block.chunkBytes / block.samples,
        walHead: (wal.wal + wal.headChunks) / a1,
      },
      jitter,
      backgroundJobs: [],
      errors: [],
      profile: null,
      statements: [],
      threads: {},
    };
  } finally {
    await p.stop();
  }
}
