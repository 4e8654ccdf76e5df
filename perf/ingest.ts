/**
 * Scrape ingest throughput: a local HTTP target serving a vLLM-like exposition, scraped by
 * lib/scrape into the embedded store (in-memory PGlite, or PostgreSQL when DATABASE_URL is set).
 *
 *   npx tsx perf/ingest.ts [series] [scrapes]
 *
 * Prints samples/s for the CPU part (parse, label merging, relabelling) and for whole scrapes
 * (HTTP with gzip, parse, one transaction into the store), first scrape (new series) apart.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";
import { Registry } from "prom-client";
import { openDb } from "@/db/client";
import { parseConfigText } from "@/lib/config";
import { parseExposition } from "@/lib/exposition";
import { createHttpFetcher, databaseTarget, processBody, ScrapeCache, scrapeMetrics, TargetScraper } from "@/lib/scrape";
import { createTsdb } from "@/lib/tsdb";

const SERIES = Number(process.argv[2] ?? 20_000);
const SCRAPES = Number(process.argv[3] ?? 10);

/** A vLLM-like exposition: histograms per model and route, `series` samples in all. */
function exposition(series: number, tick: number): string {
  const lines = ["# HELP vllm_request_latency_seconds Request latency.", "# TYPE vllm_request_latency_seconds histogram"];
  const buckets = ["0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf"];
  let n = 0;
  for (let m = 0; n < series; m++) {
    for (const le of buckets) {
      lines.push(`vllm_request_latency_seconds_bucket{model="model-${m % 50}",route="/v1/r${m}",le="${le}"} ${m + tick}`);
      if (++n >= series) break;
    }
  }
  return lines.join("\n") + "\n";
}

function rate(samples: number, ms: number): string {
  return `${Math.round((samples / ms) * 1000).toLocaleString("en-US")} samples/s`;
}

async function main(): Promise<void> {
  let tick = 0;
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/plain; version=0.0.4", "content-encoding": "gzip" });
    res.end(zlib.gzipSync(exposition(SERIES, tick++), { level: 1 }));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const address = `127.0.0.1:${(server.address() as AddressInfo).port}`;

  const config = parseConfigText(
    "scrape_configs:\n  - job_name: vllm\n    metric_relabel_configs:\n      - { source_labels: [route], regex: '/v1/r1.*', target_label: hot, replacement: 'yes' }\n",
    "perf.yml",
  );
  const setup = { global: config.global, scrape_configs: config.scrape_configs, baseDir: process.cwd() };
  const target = databaseTarget({ id: 1, job: "vllm", url: `http://${address}/metrics`, labels: { zone: "eu-1" }, intervalMs: null }, setup);

  // CPU only: parse and label work on a body in memory, the series cache warm as in steady state.
  const body = exposition(SERIES, 0);
  const cache = new ScrapeCache();
  cache.commit(processBody(parseExposition(body), target.labels, target.settings, 0, cache).scrape);
  const cpuRounds = 5;
  let t0 = performance.now();
  for (let i = 0; i < cpuRounds; i++) cache.commit(processBody(parseExposition(body), target.labels, target.settings, i, cache).scrape);
  const cpuMs = performance.now() - t0;
  const cold = performance.now();
  processBody(parseExposition(body), target.labels, target.settings, 0, new ScrapeCache());
  const coldMs = performance.now() - cold;

  const url = process.env.DATABASE_URL || null;
  const db = await openDb({ url });
  const fetcher = createHttpFetcher();
  const scraper = new TargetScraper(target, { appender: createTsdb(db.db), fetch: fetcher.fetch, userAgent: "Headroom/perf", metrics: scrapeMetrics(new Registry()) });
  const durations: number[] = [];
  let t = Date.now();
  for (let i = 0; i < SCRAPES; i++) {
    t0 = performance.now();
    const r = await scraper.scrape((t += 15_000), new AbortController().signal);
    durations.push(performance.now() - t0);
    if (r?.health !== "up") throw new Error(`scrape failed: ${r?.error}`);
  }
  fetcher.close();
  await db.close();
  server.close();

  const steady = durations.slice(1);
  const steadyMs = steady.reduce((a, b) => a + b, 0) / Math.max(1, steady.length);
  console.log(`perf/ingest: ${SERIES.toLocaleString("en-US")} series per scrape, ${SCRAPES} scrapes, store ${db.kind}`);
  console.log(`  parse + labels, warm cache   ${rate(SERIES * cpuRounds, cpuMs)} (${(cpuMs / cpuRounds).toFixed(1)} ms per body)`);
  console.log(`  parse + labels, cold cache   ${rate(SERIES, coldMs)} (${coldMs.toFixed(1)} ms per body)`);
  console.log(`  first scrape (new series)    ${rate(SERIES, durations[0])} (${durations[0].toFixed(0)} ms)`);
  console.log(`  later scrapes, end to end    ${rate(SERIES, steadyMs)} (${steadyMs.toFixed(0)} ms each)`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
