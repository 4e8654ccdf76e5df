/**
 * The disk comparison at full windows for perf/ingest-vs-prometheus.ts. A live run of a few
 * minutes leaves ~10 samples per series, where per-series and per-chunk overheads dominate both
 * stores; the bytes-per-sample goal is about steady state, i.e. full 2-hour chunks and blocks.
 * So the same synthetic targets are replayed over whole 2h windows on a synthetic clock:
 * into Headroom's store (PGlite on disk) through appendScrape, and into Prometheus blocks with
 * promtool's backfill, which writes blocks as its head compaction does.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { openDb } from "@/db/client";
import { CHUNK_RANGE_MS, createTsdb, type AppendSample } from "@/lib/tsdb";
import { dirBytes, pgliteBytes } from "./ingest-headroom";
import { targetFamilies, tickAt, type SyntheticSeries } from "./ingest-synthetic";

/** Bytes per sample of both stores over the same samples. */
export interface DiskFigures {
  samples: number;
  series: number;
  headroom: {
    payload: number;
    chunksTable: number;
    /** tsdb_series + tsdb_postings. */
    indexTables: number;
    /** Data directory growth without pg_wal (WAL segments are recycled, not per-sample). */
    dataDirGrowth: number;
    /** The emptied head: its pages are reused by the next 2h, so not a per-sample cost. */
    headAfter: number;
    wal: number;
    ingestSeconds: number;
    compactSeconds: number;
  };
  prometheus: { block: number; index: number; chunks: number; samples: number; blocks: number };
}

interface Stored {
  name: string;
  labels: Record<string, string>;
  gen: SyntheticSeries;
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    p.stderr.on("data", (d) => (stderr += d));
    p.on("error", reject);
    p.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} exited ${code}: ${stderr.slice(-800)}`))));
  });
}

/**
 * Replays `targets` synthetic targets for `hours` (whole 2h windows from an aligned start) at
 * `intervalMs`, each target at its own fixed offset as both scrapers do, and measures both stores.
 * `dir` is scratch space; `emptyDir` is an empty migrated PGlite directory's size.
 */
export async function measureDisk(opts: { dir: string; targets: number; hours: number; intervalMs: number; emptyDir: { total: number; wal: number }; log: (m: string) => void }): Promise<DiskFigures> {
  const { dir, targets, intervalMs, log } = opts;
  const t0 = Date.UTC(2026, 0, 1);
  const steps = Math.floor((opts.hours * 3600_000) / intervalMs);
  const perTarget: Stored[][] = [];
  for (let k = 0; k < targets; k++) {
    const base = { job: "vllm", instance: `127.0.0.1:${9100 + k}` };
    perTarget.push(targetFamilies(k).flatMap((f) => f.series.map((s) => ({ name: s.name, labels: { __name__: s.name, ...base, ...s.labels }, gen: s }))));
  }
  const offset = (k: number) => Math.floor(((k * 7919) % 997) / 997 * intervalMs);

  // Headroom: one appendScrape per target and scrape, as the scraper does.
  const h = await openDb({ dataDir: path.join(dir, "headroom") });
  const store = createTsdb(h.db);
  let started = performance.now();
  let samples = 0;
  for (let i = 0; i < steps; i++) {
    for (let k = 0; k < targets; k++) {
      const t = t0 + i * intervalMs + offset(k);
      const tick = tickAt(t, intervalMs);
      const batch: AppendSample[] = perTarget[k].map((s) => ({ labels: s.labels, value: s.gen.value(tick), timestamp: t }));
      samples += (await store.appendScrape({ samples: batch })).samples;
    }
    if (i % 120 === 119) log(`  disk: headroom ${i + 1} of ${steps} scrapes per target`);
  }
  const ingestSeconds = (performance.now() - started) / 1000;
  started = performance.now();
  await store.compact(t0 + steps * intervalMs + CHUNK_RANGE_MS, { graceMs: 0 });
  const compactSeconds = (performance.now() - started) / 1000;
  await h.db.execute(sql`VACUUM ANALYZE tsdb_chunks`);
  const s = await store.stats();
  await h.close();
  const dirSize = pgliteBytes(path.join(dir, "headroom"));

  // Prometheus: the same samples as OpenMetrics, series by series (no TYPE lines: types do not
  // change what is stored), turned into blocks by promtool.
  log("  disk: writing the same samples for promtool");
  const om = path.join(dir, "samples.om");
  const out = fs.createWriteStream(om);
  const byName = new Map<string, { labels: Record<string, string>; gen: SyntheticSeries; k: number }[]>();
  perTarget.forEach((list, k) => list.forEach((s) => byName.set(s.name, [...(byName.get(s.name) ?? []), { labels: s.labels, gen: s.gen, k }])));
  for (const [name, list] of byName) {
    for (const s of list) {
      const lbl = Object.entries(s.labels).filter(([n]) => n !== "__name__").map(([n, v]) => `${n}="${v}"`).join(",");
      let buf = "";
      for (let i = 0; i < steps; i++) {
        const t = t0 + i * intervalMs + offset(s.k);
        buf += `${name}{${lbl}} ${s.gen.value(tickAt(t, intervalMs))} ${t / 1000}\n`;
      }
      if (!out.write(buf)) await new Promise<void>((r) => out.once("drain", () => r()));
    }
  }
  await new Promise<void>((resolve, reject) => out.end("# EOF\n", (err?: Error | null) => (err ? reject(err) : resolve())));
  log("  disk: promtool tsdb create-blocks-from openmetrics");
  const blocksDir = path.join(dir, "prometheus");
  await run("promtool", ["tsdb", "create-blocks-from", "openmetrics", "--quiet", om, blocksDir]);
  fs.rmSync(om);
  const prom = { bytes: 0, index: 0, chunks: 0, samples: 0, blocks: 0 };
  for (const b of fs.readdirSync(blocksDir)) {
    const meta = path.join(blocksDir, b, "meta.json");
    if (!fs.existsSync(meta)) continue;
    prom.blocks++;
    prom.bytes += dirBytes(path.join(blocksDir, b));
    prom.index += fs.statSync(path.join(blocksDir, b, "index")).size;
    prom.chunks += dirBytes(path.join(blocksDir, b, "chunks"));
    prom.samples += (JSON.parse(fs.readFileSync(meta, "utf8")) as { stats: { numSamples: number } }).stats.numSamples;
  }
  return {
    samples,
    series: s.series,
    headroom: {
      payload: s.chunkDataBytes / s.chunkSamples,
      chunksTable: s.tableBytes.tsdb_chunks / s.chunkSamples,
      indexTables: (s.tableBytes.tsdb_series + s.tableBytes.tsdb_postings) / s.chunkSamples,
      headAfter: s.tableBytes.tsdb_head_batches / s.chunkSamples,
      dataDirGrowth: (dirSize.total - dirSize.wal - (opts.emptyDir.total - opts.emptyDir.wal)) / s.chunkSamples,
      wal: dirSize.wal / s.chunkSamples,
      ingestSeconds,
      compactSeconds,
    },
    prometheus: { block: prom.bytes / prom.samples, index: prom.index / prom.samples, chunks: prom.chunks / prom.samples, samples: prom.samples, blocks: prom.blocks },
  };
}
