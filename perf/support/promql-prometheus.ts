/**
 * Prometheus on prepared data for perf/promql-range.ts: backfill blocks with promtool, start
 * Debian's Prometheus 2.42 on that directory (lib/testing's starter makes its own empty one),
 * and wait until its own block compaction has finished, so it does not run during measurements.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startDaemon } from "@/lib/testing/daemon";
import { prometheusBinary } from "@/lib/testing/prometheus-server";
import { CHUNK_RANGE_MS } from "@/lib/tsdb";
import { openMetricsText, STEP_MS, type Dataset } from "./promql-data";

/** A Prometheus serving a prepared data directory. */
export interface PreparedPrometheus {
  url: string;
  stop(): Promise<void>;
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    p.stderr.on("data", (d) => (stderr += d));
    p.on("error", reject);
    p.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(" ")} exited ${code}: ${stderr.slice(-800)}`))));
  });
}

async function writeFile(file: string, pieces: Iterable<string>): Promise<void> {
  const out = fs.createWriteStream(file);
  for (const piece of pieces) {
    if (!out.write(piece)) await new Promise<void>((r) => out.once("drain", () => r()));
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
}

/**
 * Writes one OpenMetrics file per aligned 2h window and turns each into a block with promtool,
 * as many at once as there are cores. promtool re-reads its whole input once per 2h block it
 * makes, so one window per file keeps the import linear in the data size.
 */
export async function backfillBlocks(ds: Dataset, dataDir: string, log: (msg: string) => void): Promise<void> {
  const promtool = "promtool";
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "headroom-om-"));
  const windows: { from: number; to: number }[] = [];
  for (let k = 0; k < ds.steps; ) {
    const t = ds.startMs + k * STEP_MS;
    const end = (Math.floor(t / CHUNK_RANGE_MS) + 1) * CHUNK_RANGE_MS;
    const to = Math.min(ds.steps, Math.ceil((end - ds.startMs) / STEP_MS));
    windows.push({ from: k, to });
    k = to;
  }
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < windows.length) {
      const i = next++;
      const file = path.join(scratch, `w${i}.om`);
      await writeFile(file, openMetricsText(ds, windows[i].from, windows[i].to));
      await run(promtool, ["tsdb", "create-blocks-from", "openmetrics", "--quiet", file, dataDir]);
      fs.rmSync(file);
      log(`  prometheus: ${++done} of ${windows.length} blocks written`);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(windows.length, os.availableParallelism()) }, worker));
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** Prometheus's own metrics, name (without labels) to value, summed over label sets. */
async function scrapeSelf(url: string): Promise<Map<string, number>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const out = new Map<string, number>();
  for (const line of text.split("\n")) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{[^}]*\})? (\S+)$/.exec(line);
    if (m) out.set(m[1], (out.get(m[1]) ?? 0) + Number(m[2]));
  }
  return out;
}

/** Starts Prometheus on `dataDir` with nothing to scrape and a retention longer than the data. */
export async function startPrometheusOn(dataDir: string): Promise<PreparedPrometheus> {
  const bin = prometheusBinary();
  if (!bin) throw new Error("prometheus is not installed (apt-get install prometheus)");
  const config = path.join(dataDir, "..", "prometheus.yml");
  fs.writeFileSync(config, "global:\n  scrape_interval: 1m\n");
  const daemon = await startDaemon("prometheus", bin, (port) => [
      `--config.file=${config}`,
      `--storage.tsdb.path=${dataDir}`,
      "--storage.tsdb.retention.time=30d",
      `--web.listen-address=127.0.0.1:${port}`,
      "--log.level=warn",
    ], 60_000);
  const url = daemon.url;
  return {
    url,
    stop: daemon.stop,
  };
}

/**
 * Waits for Prometheus's first compaction cycle (about a minute after start) to merge the 2h
 * backfilled blocks into larger ones, as a long-running server's would be, and to finish: no
 * compaction completed and none in progress over two polls 5 s apart.
 */
export async function waitForCompactions(url: string, dataDir: string, log: (msg: string) => void, timeoutMs = 10 * 60_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  const busy = () => fs.readdirSync(dataDir).some((d) => d.includes(".tmp"));
  let last = "";
  let quiet = 0;
  let logged = 0;
  for (;;) {
    const m = await scrapeSelf(url);
    const state = `${m.get("prometheus_tsdb_compactions_total")}/${m.get("prometheus_tsdb_blocks_loaded")}`;
    const triggered = (m.get("prometheus_tsdb_compactions_triggered_total") ?? 0) >= 1;
    quiet = triggered && state === last && !busy() ? quiet + 1 : 0;
    last = state;
    if (quiet >= 2) return m.get("prometheus_tsdb_blocks_loaded") ?? 0;
    if (Date.now() > deadline) throw new Error("prometheus compaction did not settle");
    if (Date.now() - logged > 20_000) {
      log(`  prometheus: waiting for its block compaction (${m.get("prometheus_tsdb_compactions_total") ?? 0} done, ${m.get("prometheus_tsdb_blocks_loaded") ?? 0} blocks)`);
      logged = Date.now();
    }
    await new Promise((r) => setTimeout(r, 5_000));
  }
}
