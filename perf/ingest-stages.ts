/**
 * CPU per stage of a steady scrape, without HTTP: the same synthetic vLLM-like targets as
 * perf/ingest-vs-prometheus.ts, each body gunzipped, parsed, processed (target labels, cache,
 * staleness) and appended to an on-disk PGlite with the head cache, as the worker does. Prints
 * CPU-ms per 1,000-sample scrape for each stage, so a change to one stage can be measured alone.
 *
 *   npx tsx perf/ingest-stages.ts [--targets 100] [--rounds 8] [--pg postgres://...]
 *
 * With --pg the store is that PostgreSQL database (without the head cache, as the worker runs
 * there) and the append stage counts this process only, not the server's backend.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import zlib from "node:zlib";
import { openDb } from "@/db/client";
import { parseConfigText } from "@/lib/config";
import { parseExposition } from "@/lib/exposition";
import { databaseTarget, processBody, ScrapeCache } from "@/lib/scrape";
import { createTsdb } from "@/lib/tsdb";
import { renderExposition, targetFamilies } from "./support/ingest-synthetic";

const { values: args } = parseArgs({
  options: { targets: { type: "string", default: "100" }, rounds: { type: "string", default: "8" }, pg: { type: "string" } },
});
const TARGETS = Number(args.targets);
const ROUNDS = Number(args.rounds);
const INTERVAL = 15_000;

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "headroom-stages-"));
  const db = await openDb(args.pg ? { url: args.pg } : { dataDir: dir });
  const tsdb = createTsdb(db.db, args.pg ? {} : { headCache: { spanMs: 2 * 3600_000 } });
  await tsdb.warmHeadCache();
  const config = parseConfigText("scrape_configs:\n  - job_name: vllm\n", "perf.yml");
  const setup = { global: config.global, scrape_configs: config.scrape_configs, baseDir: process.cwd() };
  const targets = Array.from({ length: TARGETS }, (_, i) => ({
    fams: targetFamilies(i),
    cache: new ScrapeCache(),
    target: databaseTarget({ id: i + 1, job: "vllm", url: `http://127.0.0.1:${9000 + i}/metrics`, labels: {}, intervalMs: null }, setup),
  }));
  const stages = { gunzip: 0, parse: 0, process: 0, append: 0 };
  let samples = 0;
  const t0 = Date.now() - (ROUNDS + 2) * INTERVAL;
  for (let round = -2; round < ROUNDS; round++) {
    // Bodies are rendered and compressed outside the measurement: the targets' work, not ours.
    const bodies = targets.map((t) => zlib.gzipSync(renderExposition(t.fams, round + 10), { level: 1 }));
    for (let i = 0; i < TARGETS; i++) {
      const tg = targets[i];
      const a = cpuMs();
      const text = zlib.gunzipSync(bodies[i]).toString("utf8");
      const b = cpuMs();
      const parsed = parseExposition(text, { contentType: "text/plain; version=0.0.4" });
      const c = cpuMs();
      const p = processBody(parsed, tg.target.labels, tg.target.settings, t0 + (round + 2) * INTERVAL, tg.cache);
      const d = cpuMs();
      await tsdb.appendScrape({ samples: p.samples, metadata: p.metadata });
      tg.cache.commit(p.scrape);
      const e = cpuMs();
      // The first two rounds create the series and warm the JIT: not counted.
      if (round < 0) continue;
      stages.gunzip += b - a;
      stages.parse += c - b;
      stages.process += d - c;
      stages.append += e - d;
      samples += p.samples.length;
    }
  }
  await db.close();
  fs.rmSync(dir, { recursive: true, force: true });
  const scrapes = TARGETS * ROUNDS;
  const total = Object.values(stages).reduce((x, y) => x + y, 0);
  const store = args.pg ? "PostgreSQL (client side only)" : "PGlite on disk with the head cache";
  console.log(`perf/ingest-stages: ${TARGETS} targets x ${ROUNDS} rounds, ${samples.toLocaleString("en-US")} samples, ${store}`);
  for (const [k, v] of Object.entries(stages)) console.log(`  ${k.padEnd(8)} ${(v / scrapes).toFixed(3)} CPU-ms per scrape  ${((v / total) * 100).toFixed(1)}%`);
  console.log(`  total    ${(total / scrapes).toFixed(3)} CPU-ms per scrape = ${((total / samples) * 1000).toFixed(2)} CPU-s per million samples`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
