/**
 * Range-query latency of Headroom's PromQL engine beside Prometheus 2.42 on the same data, in the
 * same run: `rate`, `sum by` and `histogram_quantile` over 1h, 6h and 24h at a 15 s step.
 * Synthetic data (perf/support/promql-data.ts) goes into Prometheus (promtool backfill), PGlite on
 * disk (also with the 2h head cache of the embedded default, "pglite+cache") and PostgreSQL;
 * every Headroom result is checked against Prometheus's. Every Headroom store runs with the chunk
 * cache on, as the app does by default, so after the warm-up run old chunks come from memory.
 *
 *   npx tsx perf/promql-range.ts [--series 1000] [--hours 24] [--runs 5] [--budget-s 60]
 *                                [--pg URL | --pg private | --no-pg] [--eval-offset-ms 7500] [--seed 1]
 *                                [--queries rate,sum-by,histogram_quantile] [--ranges 1,6,24]
 *
 * --series is per query: the counter queries read that many `llm_requests_total` series and the
 * histogram query as many `llm_request_latency_seconds_bucket` series, so twice that is stored.
 * PostgreSQL defaults to $DATABASE_URL (a fresh schema), else a private throwaway cluster.
 * A case stops after 3 timed rounds once it has used --budget-s (0: always --runs rounds).
 * Exits 1 when any result differs from Prometheus's.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { EmbeddedDatasource, type QueryData } from "@/lib/datasource";
import { compareToReference, fmtMs, quantile, toReference, type Reference } from "./support/promql-compare";
import { CODES, generateDataset, LES, sampleCount, STEP_MS, type Dataset } from "./support/promql-data";
import { busyCores } from "./support/promql-env";
import { queryRangeHttp, serveRangeApi } from "./support/promql-http";
import { backfillBlocks, startPrometheusOn, waitForCompactions } from "./support/promql-prometheus";
import { loadDataset, openPgliteStore, openPostgresStore, withHeadCache, type OpenedStore } from "./support/promql-store";

const { values: args } = parseArgs({
  options: {
    series: { type: "string", default: "1000" },
    hours: { type: "string", default: "24" },
    runs: { type: "string", default: "5" },
    "budget-s": { type: "string", default: "60" },
    pg: { type: "string" },
    "no-pg": { type: "boolean", default: false },
    // Half a step off the sample grid: Prometheus 2.42's windows are closed [t-5m, t], Headroom's
    // (like Prometheus 3's) left-open, so on the grid the two would differ by one sample per window.
    "eval-offset-ms": { type: "string", default: String(STEP_MS / 2) },
    seed: { type: "string", default: "1" },
    // Subsets, for a quicker look at one case (default: all queries, all ranges).
    queries: { type: "string" },
    ranges: { type: "string" },
  },
});
const HOURS = Number(args.hours);
const RUNS = Math.max(1, Number(args.runs));
const BUDGET_MS = Number(args["budget-s"]) * 1000;
const HOUR = 3600_000;

const ALL_QUERIES = [
  { name: "rate", expr: "rate(llm_requests_total[5m])" },
  { name: "sum by", expr: "sum by (code) (rate(llm_requests_total[5m]))" },
  { name: "histogram_quantile", expr: "histogram_quantile(0.99, sum by (le) (rate(llm_request_latency_seconds_bucket[5m])))" },
];
const wanted = args.queries?.split(",").map((q) => q.trim().replace(/-/g, " "));
const QUERIES = wanted ? ALL_QUERIES.filter((q) => wanted.includes(q.name)) : ALL_QUERIES;
if (QUERIES.length === 0) throw new Error(`--queries: none of ${args.queries} is one of ${ALL_QUERIES.map((q) => q.name.replace(/ /g, "-")).join(", ")}`);
// The ranges that fit the data, plus the whole data when it is shorter than a day.
let RANGES_H = [1, 6, 24].filter((h) => h <= HOURS);
if (HOURS < 24 && !RANGES_H.includes(HOURS)) RANGES_H.push(HOURS);
if (args.ranges) {
  const asked = args.ranges.split(",").map(Number);
  const bad = asked.filter((h) => !(h > 0 && h <= HOURS));
  if (bad.length) throw new Error(`--ranges: ${bad.join(", ")} must be hours in (0, ${HOURS}] (--hours)`);
  RANGES_H = asked;
}

const log = (msg: string) => console.log(msg);
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const n = (x: number) => x.toLocaleString("en-US");

/** One thing queries are timed against; `detailMs` is select time (Headroom) or exec time (Prometheus). */
interface Target {
  name: string;
  /** Set for Headroom in-process targets: their results are checked against Prometheus's. */
  check: boolean;
  run(expr: string, startMs: number, endMs: number): Promise<{ ms: number; data: QueryData; detailMs?: number; bytes?: number }>;
}

interface Timing {
  ms: number[];
  detail: number[];
  bytes: number;
}

function inProcessTarget(s: OpenedStore): Target {
  // Result sharing off: every run evaluates, as Prometheus does (the head and chunk caches stay on).
  const ds = new EmbeddedDatasource(s.name, s.store, {}, false);
  return {
    name: `${s.name} in-process`,
    check: true,
    async run(expr, start, end) {
      s.store.selectMs = 0;
      const t0 = performance.now();
      const r = await ds.rangeQuery(expr, start, end, STEP_MS);
      return { ms: performance.now() - t0, data: r.data, detailMs: s.store.selectMs };
    },
  };
}

function httpTarget(name: string, url: string, stats: boolean): Target {
  return {
    name,
    check: false,
    async run(expr, start, end) {
      const r = await queryRangeHttp(url, expr, start, end, STEP_MS, stats);
      return { ms: r.ms, data: r.data, detailMs: r.execMs, bytes: r.bytes };
    },
  };
}

async function noiseNote(): Promise<string> {
  const busy = await busyCores();
  if (busy === null) return "background CPU use unknown";
  const note = `other processes keep ${busy.toFixed(2)} of ${os.availableParallelism()} cores busy`;
  return busy > 0.25 ? `${note} (figures may be noisy)` : note;
}

/**
 * Warms every target once, checking Headroom's results against Prometheus's (the first target),
 * then times rounds of all targets, in rotating order so none always follows the heaviest.
 */
async function measureCase(targets: Target[], expr: string, start: number, end: number) {
  const timings: Timing[] = targets.map(() => ({ ms: [], detail: [], bytes: 0 }));
  let mismatches = 0;
  let shape = "";
  let reference: Reference = new Map();
  for (const [i, t] of targets.entries()) {
    const warm = await t.run(expr, start, end);
    timings[i].bytes = warm.bytes ?? 0;
    if (i === 0) {
      reference = toReference(warm.data);
      let points = 0;
      for (const s of reference.values()) points += s.t.length;
      shape = `${reference.size} series out, ${n(points)} points`;
    } else if (t.check) {
      const a = compareToReference(warm.data, reference);
      if (a.mismatchCount > 0) {
        mismatches += a.mismatchCount;
        log(`\n!!! MISMATCH ${t.name} vs Prometheus on ${expr}: ${a.mismatchCount} differences (${a.series} vs ${a.referenceSeries} series)`);
        for (const m of a.mismatches) log(`!!!   ${m}`);
      }
    }
  }
  const t0 = performance.now();
  for (let r = 0; r < RUNS && (r < 3 || !BUDGET_MS || performance.now() - t0 < BUDGET_MS); r++) {
    for (let j = 0; j < targets.length; j++) {
      const i = (j + r) % targets.length;
      const res = await targets[i].run(expr, start, end);
      timings[i].ms.push(res.ms);
      if (res.detailMs !== undefined) timings[i].detail.push(res.detailMs);
    }
  }
  return { timings, mismatches, shape };
}

/** Prometheus 2.42 on the dataset; its own compaction runs about a minute after start. */
async function preparePrometheus(ds: Dataset, cleanups: (() => unknown)[]) {
  log("loading Prometheus (promtool tsdb create-blocks-from openmetrics)");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "headroom-promql-prom-"));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  const dataDir = path.join(dir, "data");
  fs.mkdirSync(dataDir);
  const t0 = performance.now();
  await backfillBlocks(ds, dataDir, log);
  const promtoolMs = performance.now() - t0;
  const prom = await startPrometheusOn(dataDir);
  cleanups.push(() => prom.stop());
  return { prom, dataDir, promtoolMs };
}

/** PGlite on disk, and PostgreSQL unless told not to or unreachable, each loaded in turn. */
async function prepareStores(ds: Dataset, cleanups: (() => unknown)[]): Promise<{ stores: OpenedStore[]; loadNotes: string[] }> {
  const pglite = await openPgliteStore();
  cleanups.push(() => pglite.dispose());
  const stores = [pglite];
  const pgUrl = args["no-pg"] ? null : (args.pg ?? (process.env.DATABASE_URL || "private"));
  if (pgUrl) {
    try {
      const pg = await openPostgresStore(pgUrl);
      cleanups.push(() => pg.dispose());
      stores.push(pg);
    } catch (err) {
      log(`*** PostgreSQL skipped: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`);
    }
  }
  const loadNotes: string[] = [];
  for (const s of stores) {
    log(`loading Headroom (${s.name}, ${s.handle.location})`);
    const l = await loadDataset(s.store, ds, s.name, log);
    const rate = n(Math.round(sampleCount(ds) / (l.totalMs / 1000)));
    loadNotes.push(`${s.name.padEnd(20)} ${secs(l.totalMs)} (append ${secs(l.appendMs)}, compact ${secs(l.compactMs)}), ${rate} samples/s`);
  }
  // The embedded default as it runs: PGlite with the last 2h of every series in memory.
  const t0 = performance.now();
  const cached = await withHeadCache(pglite);
  const held = cached.store.headCacheSize();
  loadNotes.push(`${cached.name.padEnd(20)} warmed in ${secs(performance.now() - t0)}: ${n(held?.samples ?? 0)} samples of ${n(held?.series ?? 0)} series held`);
  stores.splice(1, 0, cached);
  return { stores, loadNotes };
}

async function main(): Promise<void> {
  const cleanups: (() => unknown)[] = [];
  const cleanUp = async () => {
    for (const c of cleanups.splice(0).reverse()) {
      try {
        await c();
      } catch (err) {
        console.error("cleanup:", err);
      }
    }
  };
  // Ctrl-C must not leave Prometheus or a private PostgreSQL cluster running.
  for (const sig of ["SIGINT", "SIGTERM"] as const) process.once(sig, () => void cleanUp().then(() => process.exit(130)));
  try {
    const ds = generateDataset({ seriesPerQuery: Number(args.series), hours: HOURS, endMs: Date.now() - 5 * 60_000, seed: Number(args.seed) });
    log(`perf/promql-range: ${n(ds.labels.length)} series x ${n(ds.steps)} samples = ${n(sampleCount(ds))} samples, 15 s apart, ` +
      `${new Date(ds.startMs).toISOString()} .. ${new Date(ds.endMs).toISOString()}`);
    log(`  rate, sum by read ${n(ds.counterSeries)} llm_requests_total series (${ds.counterInstances} instances x ${CODES.length} codes)`);
    log(`  histogram_quantile reads ${n(ds.bucketSeries)} llm_request_latency_seconds_bucket series (${ds.histogramInstances} instances x ${LES.length} le)`);

    const { prom, dataDir, promtoolMs } = await preparePrometheus(ds, cleanups);
    const { stores, loadNotes } = await prepareStores(ds, cleanups);
    const blocks = await waitForCompactions(prom.url, dataDir, log);

    const targets: Target[] = [httpTarget("prometheus http", prom.url, true)];
    for (const s of stores) targets.push(inProcessTarget(s));
    // HTTP adds JSON encoding, transfer and parsing, the same whatever the store: PGlite without
    // and with the head cache (the embedded default).
    for (const s of stores.slice(0, 2)) {
      const api = await serveRangeApi(new EmbeddedDatasource(s.name, s.store, {}, false));
      cleanups.push(() => api.close());
      targets.push(httpTarget(`${s.name} http`, api.url, false));
    }

    log("\nload times");
    for (const note of loadNotes) log(`  ${note}`);
    log(`  ${"prometheus".padEnd(20)} ${secs(promtoolMs)} (promtool), ${blocks} blocks after its own compaction`);

    log(`\nmeasuring: warm-up + up to ${RUNS} runs per target; ${await noiseNote()}`);
    const rows: string[] = [];
    let mismatches = 0;
    const end = ds.endMs + Number(args["eval-offset-ms"]);
    for (const q of QUERIES) {
      for (const h of RANGES_H) {
        const c0 = performance.now();
        const res = await measureCase(targets, q.expr, end - h * HOUR, end);
        mismatches += res.mismatches;
        const runs = res.timings[0].ms.length;
        log(`\n${q.expr}  over ${h}h (${n((h * HOUR) / STEP_MS + 1)} steps): ${res.shape}, ` +
          `${res.mismatches ? "MISMATCH" : "results agree"}, ${runs} runs (${secs(performance.now() - c0)})`);
        log(`  ${"target".padEnd(30)}${"median ms".padStart(10)}${"p90 ms".padStart(10)}${"select/exec".padStart(13)}${"resp MB".padStart(9)}${"x prom".padStart(8)}`);
        const promMedian = quantile(res.timings[0].ms, 0.5);
        const cells: string[] = [];
        res.timings.forEach((t, i) => {
          const med = quantile(t.ms, 0.5);
          const detail = t.detail.length ? fmtMs(quantile(t.detail, 0.5)) : "";
          const ratio = (med / promMedian).toFixed(2);
          log(`  ${targets[i].name.padEnd(30)}${fmtMs(med).padStart(10)}${fmtMs(quantile(t.ms, 0.9)).padStart(10)}` +
            `${detail.padStart(13)}${(t.bytes ? (t.bytes / 1e6).toFixed(1) : "").padStart(9)}${ratio.padStart(8)}`);
          cells.push(detail ? `${fmtMs(med)} (${detail})` : fmtMs(med));
          if (i > 0) cells.push(ratio);
        });
        rows.push(`| ${q.name} | ${h}h | ${cells.join(" | ")} |`);
      }
    }
    log(`after measuring: ${await noiseNote()}`);
    for (const s of stores) {
      const c = s.store.chunkCacheSize();
      log(`  chunk cache of ${s.name}: ${n(c.entries)} entries, ${(c.bytes / 2 ** 20).toFixed(1)} MiB, ` +
        `${n(c.hits)} hits, ${n(c.misses)} misses (series x 2h windows)`);
    }

    log("\nmedian ms (in parentheses: Prometheus's execTotalTime, Headroom's store select time); x = ratio to Prometheus http");
    const head = ["query", "range", "prometheus http (exec)"];
    for (const t of targets.slice(1)) head.push(t.check ? `${t.name} (select)` : t.name, "x");
    log(`| ${head.join(" | ")} |`);
    log(`|${head.map((_, i) => (i < 2 ? "---|" : "---:|")).join("")}`);
    for (const r of rows) log(r);
    if (mismatches > 0) {
      log(`\n!!! ${mismatches} differences from Prometheus's results (see above)`);
      process.exitCode = 1;
    }
  } finally {
    await cleanUp();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
