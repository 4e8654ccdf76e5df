/**
 * Prometheus's side of perf/ingest-vs-prometheus.ts: Debian's Prometheus 2.42 scraping the same
 * targets, its own counters, and its disk use. lib/testing's starter hides the pid and data
 * directory, and the admin API (for the snapshot) must be on, hence this starter.
 */
import fs from "node:fs";
import path from "node:path";
import { startDaemon } from "@/lib/testing/daemon";
import { prometheusBinary } from "@/lib/testing/prometheus-server";
import { dirBytes } from "./ingest-headroom";

/** A running Prometheus. */
export interface IngestPrometheus {
  url: string;
  pid: number;
  dataDir: string;
  stop(): Promise<void>;
}

/** Starts Prometheus in `dir` with the scrape config text; resolves once it is ready. */
export async function startIngestPrometheus(dir: string, scrapeYaml: string): Promise<IngestPrometheus> {
  const bin = prometheusBinary();
  if (!bin) throw new Error("prometheus is not installed (apt-get install prometheus)");
  const config = path.join(dir, "prometheus.yml");
  fs.writeFileSync(config, scrapeYaml);
  const dataDir = path.join(dir, "data");
  const daemon = await startDaemon("prometheus", bin, (port) => [`--config.file=${config}`, `--storage.tsdb.path=${dataDir}`, `--web.listen-address=127.0.0.1:${port}`, "--web.enable-admin-api", "--log.level=warn"], 60_000);
  const url = daemon.url;
  return {
    url,
    pid: daemon.child.pid!,
    dataDir,
    stop: daemon.stop,
  };
}

/** The sum of one of Prometheus's own metrics over its label sets, from its /metrics. */
export async function selfMetric(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  let sum = 0;
  for (const line of text.split("\n")) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{[^}]*\})? (\S+)$/.exec(line);
    if (m && m[1] === name) sum += Number(m[2]);
  }
  return sum;
}

/** An instant query that returns one number (0 for an empty result). */
export async function queryScalar(url: string, expr: string, timeMs: number): Promise<number> {
  const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(expr)}&time=${timeMs / 1000}`);
  const body = (await res.json()) as { status: string; error?: string; data?: { result: { value: [number, string] }[] } };
  if (body.status !== "success") throw new Error(`prometheus query ${expr}: ${body.error}`);
  const r = body.data?.result ?? [];
  return r.length ? Number(r[0].value[1]) : 0;
}

/** A TSDB block on disk: its size, split into index and chunks, and its meta.json counts. */
export interface BlockSize {
  bytes: number;
  indexBytes: number;
  chunkBytes: number;
  samples: number;
  series: number;
  chunks: number;
}

/**
 * Writes the head as a block through the admin snapshot API. Prometheus builds it with the same
 * compactor as its 2-hourly head compaction, so this is the "after compaction" size without
 * waiting 3 hours (min-block-duration is 2h; a shorter one would cut blocks of a few samples).
 */
export async function snapshotHead(p: IngestPrometheus): Promise<BlockSize> {
  const res = await fetch(`${p.url}/api/v1/admin/tsdb/snapshot`, { method: "POST" });
  const body = (await res.json()) as { status: string; error?: string; data?: { name: string } };
  if (body.status !== "success" || !body.data) throw new Error(`snapshot failed: ${body.error}`);
  const dir = path.join(p.dataDir, "snapshots", body.data.name);
  const out: BlockSize = { bytes: 0, indexBytes: 0, chunkBytes: 0, samples: 0, series: 0, chunks: 0 };
  for (const block of fs.readdirSync(dir)) {
    const b = path.join(dir, block);
    const meta = JSON.parse(fs.readFileSync(path.join(b, "meta.json"), "utf8")) as { stats: { numSamples: number; numSeries: number; numChunks: number } };
    out.bytes += dirBytes(b);
    out.indexBytes += fs.statSync(path.join(b, "index")).size;
    out.chunkBytes += dirBytes(path.join(b, "chunks"));
    out.samples += meta.stats.numSamples;
    out.series += meta.stats.numSeries;
    out.chunks += meta.stats.numChunks;
  }
  return out;
}

/** Bytes of the WAL and of the memory-mapped head chunks: what a run shorter than 3h has on disk. */
export function walAndHeadBytes(dataDir: string): { wal: number; headChunks: number } {
  const size = (d: string) => (fs.existsSync(d) ? dirBytes(d) : 0);
  return { wal: size(path.join(dataDir, "wal")), headChunks: size(path.join(dataDir, "chunks_head")) };
}
