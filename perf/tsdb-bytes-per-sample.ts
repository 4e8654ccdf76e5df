/**
 * Measures lib/tsdb's storage cost: ingests synthetic scrapes shaped like an LLM inference server's
 * /metrics (histograms, counters, slowly moving gauges, a few noisy floats) at a regular 15s
 * interval, compacts, and prints bytes per sample, both the chunk payload and the table on disk.
 *
 *   npx tsx perf/tsdb-bytes-per-sample.ts [--targets 10] [--hours 6] [--jitter-ms 0] [--url postgres://...]
 */
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { openDb, type DbHandle } from "@/db/client";
import { labelsKey } from "@/lib/model";
import { CHUNK_RANGE_MS, createTsdb, DEFAULT_HEAD_GRACE_MS, DEFAULT_RETENTION_MS, type AppendSample } from "@/lib/tsdb";

const { values: args } = parseArgs({
  options: {
    targets: { type: "string", default: "10" },
    hours: { type: "string", default: "6" },
    "jitter-ms": { type: "string", default: "0" },
    url: { type: "string" },
  },
});
const TARGETS = Number(args.targets);
const HOURS = Number(args.hours);
const JITTER = Number(args["jitter-ms"]);
const STEP = 15_000;
const T0 = Date.UTC(2026, 0, 1);
const HISTOGRAMS = [
  "e2e_request_latency_seconds",
  "time_to_first_token_seconds",
  "time_per_output_token_seconds",
  "request_queue_time_seconds",
  "request_prefill_time_seconds",
  "request_decode_time_seconds",
  "request_prompt_tokens",
  "request_generation_tokens",
];
const BUCKETS = ["0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "25", "+Inf"];

/** Deterministic PRNG (mulberry32), so runs are comparable. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

type Kind = "histogram" | "counter" | "gauge-int" | "gauge-float" | "constant";
interface Gen {
  labels: Record<string, string>;
  kind: Kind;
  next: () => number;
}

/** About 135 series per target, mostly histogram buckets, as on a vLLM /metrics page. */
function targetSeries(target: number): Gen[] {
  const r = rng(target + 1);
  const base = { job: "vllm", instance: `10.0.0.${target}:8000`, model_name: "deepseek-r1-distill-qwen-7b" };
  const gens: Gen[] = [];
  for (const hist of HISTOGRAMS) {
    const counts = BUCKETS.map(() => 0);
    let sum = 0;
    let total = 0;
    let pending = 0;
    const observe = () => {
      // A few requests per scrape, latencies log-normal-ish; cumulative buckets.
      pending = Math.floor(r() * 6);
      for (let k = 0; k < pending; k++) {
        const v = Math.exp(r() * 4 - 3);
        sum += v;
        total++;
        BUCKETS.forEach((b, i) => {
          if (b === "+Inf" || v <= Number(b)) counts[i]++;
        });
      }
    };
    BUCKETS.forEach((le, i) =>
      gens.push({
        labels: { ...base, __name__: `vllm:${hist}_bucket`, le },
        kind: "histogram",
        next: () => {
          if (i === 0) observe();
          return counts[i];
        },
      }),
    );
    gens.push({ labels: { ...base, __name__: `vllm:${hist}_sum` }, kind: "histogram", next: () => Math.round(sum * 1e6) / 1e6 });
    gens.push({ labels: { ...base, __name__: `vllm:${hist}_count` }, kind: "histogram", next: () => total });
  }
  for (const [name, rate] of [["request_success_total", 3], ["prompt_tokens_total", 2000], ["generation_tokens_total", 900], ["num_preemptions_total", 0.01]] as const) {
    for (const reason of name === "request_success_total" ? ["stop", "length", "abort"] : [""]) {
      let c = 0;
      const labels = { ...base, __name__: `vllm:${name}`, ...(reason ? { finished_reason: reason } : {}) };
      gens.push({ labels, kind: "counter", next: () => (c += Math.floor(r() * rate * 2)) });
    }
  }
  for (const name of ["num_requests_running", "num_requests_waiting", "num_requests_swapped"]) {
    let g = 0;
    gens.push({ labels: { ...base, __name__: `vllm:${name}` }, kind: "gauge-int", next: () => (g = Math.max(0, g + Math.round((r() - 0.5) * 2))) });
  }
  for (const name of ["gpu_cache_usage_perc", "cpu_cache_usage_perc"]) {
    let used = 4000;
    gens.push({ labels: { ...base, __name__: `vllm:${name}` }, kind: "gauge-float", next: () => (used = Math.max(0, used + Math.round((r() - 0.5) * 40))) / 8192 });
  }
  let cpu = 100;
  gens.push({ labels: { ...base, __name__: "process_cpu_seconds_total" }, kind: "gauge-float", next: () => (cpu = Math.round((cpu + r() * 2) * 100) / 100) });
  gens.push({ labels: { ...base, __name__: "scrape_duration_seconds" }, kind: "gauge-float", next: () => 0.003 + r() * 0.004 });
  let rss = 8_000_000_000;
  gens.push({ labels: { ...base, __name__: "process_resident_memory_bytes" }, kind: "gauge-int", next: () => (rss += Math.floor((r() - 0.5) * 65536) * 4096) });
  for (const [name, v] of [["up", 1], ["process_start_time_seconds", 1767225000.12], ["vllm:cache_config_info", 1], ["process_max_fds", 1048576]] as const) {
    gens.push({ labels: { ...base, __name__: name }, kind: "constant", next: () => v });
  }
  for (let g = 0; g < 3; g++) {
    let c = 0;
    gens.push({ labels: { ...base, __name__: "python_gc_objects_collected_total", generation: String(g) }, kind: "counter", next: () => (c += r() < 0.3 ? Math.floor(r() * 500) : 0) });
  }
  return gens;
}

async function main() {
  // A throwaway schema on PostgreSQL, an in-memory PGlite otherwise: the store must start empty.
  const schema = `perf_tsdb_${process.pid}`;
  const h = await openDb(args.url ? { url: args.url, schema } : {});
  try {
    await run(h);
  } finally {
    if (h.kind === "postgres") await h.db.execute(sql.raw(`DROP SCHEMA IF EXISTS ${schema} CASCADE`));
    await h.close();
  }
}

async function run(h: DbHandle) {
  const store = createTsdb(h.db);
  const targets = Array.from({ length: TARGETS }, (_, i) => targetSeries(i));
  const kindOf = new Map<string, Kind>();
  for (const t of targets) for (const g of t) kindOf.set(labelsKey(g.labels), g.kind);
  const scrapes = Math.round((HOURS * 3_600_000) / STEP);
  const started = performance.now();
  let samples = 0;
  for (let i = 0; i < scrapes; i++) {
    for (let k = 0; k < targets.length; k++) {
      const ts = T0 + i * STEP + (JITTER ? Math.round((Math.random() - 0.5) * 2 * JITTER) : 0);
      const batch: AppendSample[] = targets[k].map((g) => ({ labels: g.labels, value: g.next(), timestamp: ts }));
      samples += (await store.appendScrape({ samples: batch })).samples;
    }
  }
  const ingestS = (performance.now() - started) / 1000;
  const headStats = await store.stats();
  const compactStart = performance.now();
  const c = await store.compact(T0 + scrapes * STEP + 3 * 3_600_000);
  const compactS = (performance.now() - compactStart) / 1000;
  await h.db.execute(sql`VACUUM ANALYZE tsdb_chunks`);
  const s = await store.stats();
  const perKind = new Map<Kind, { bytes: number; samples: number }>();
  const rows = (await h.db.execute(
    sql`SELECT s.labels, sum(octet_length(c.data))::float8 AS bytes, sum(get_byte(c.data, 2) * 256 + get_byte(c.data, 3))::float8 AS n
        FROM tsdb_chunks c JOIN tsdb_series s ON s.id = c.series_id GROUP BY s.labels`,
  )) as unknown as { rows: { labels: Record<string, string>; bytes: number; n: number }[] };
  for (const r of rows.rows) {
    const labels = typeof r.labels === "string" ? JSON.parse(r.labels) : r.labels;
    const kind = kindOf.get(labelsKey(labels)) ?? "constant";
    const acc = perKind.get(kind) ?? { bytes: 0, samples: 0 };
    acc.bytes += Number(r.bytes);
    acc.samples += Number(r.n);
    perKind.set(kind, acc);
  }
  const f = (x: number) => x.toFixed(3);
  console.log(`database:            ${h.kind} (${h.location})`);
  console.log(`series:              ${s.series} (${TARGETS} targets x ${targets[0].length})`);
  console.log(`samples ingested:    ${samples} over ${HOURS}h at 15s${JITTER ? `, jitter ±${JITTER}ms` : ""}`);
  console.log(`ingest:              ${(samples / ingestS).toFixed(0)} samples/s (${(scrapes * TARGETS / ingestS).toFixed(0)} scrapes/s)`);
  console.log(`head before compact: ${f(headStats.tableBytes.tsdb_head_batches / headStats.headSamples)} bytes/sample on disk (tsdb_head_batches incl. index and TOAST)`);
  console.log(`compaction:          ${c.samples} samples -> ${c.chunksWritten} chunks in ${compactS.toFixed(1)}s`);
  console.log(`chunk payload:       ${f(s.chunkDataBytes / s.chunkSamples)} bytes/sample (${s.chunkDataBytes} bytes)`);
  console.log(`tsdb_chunks on disk: ${f(s.tableBytes.tsdb_chunks / s.chunkSamples)} bytes/sample (${s.tableBytes.tsdb_chunks} bytes, pg_total_relation_size)`);
  // Steady state: chunks for the whole retention plus a head holding at most 2h + grace of raw rows.
  const headPerSample = headStats.tableBytes.tsdb_head_batches / headStats.headSamples;
  const headShare = (CHUNK_RANGE_MS + DEFAULT_HEAD_GRACE_MS) / DEFAULT_RETENTION_MS;
  const indexBytes = s.tableBytes.tsdb_series + s.tableBytes.tsdb_postings;
  const retainedSamples = (s.chunkSamples / HOURS) * 24 * 15;
  const steady = s.tableBytes.tsdb_chunks / s.chunkSamples + headPerSample * headShare + indexBytes / retainedSamples;
  console.log(`steady state, 15d:   ${f(steady)} bytes/sample on disk (chunks + a full 2h10m head + series/postings)`);
  for (const [kind, v] of [...perKind.entries()].sort()) {
    console.log(`  ${kind.padEnd(12)} ${f(v.bytes / v.samples)} payload bytes/sample (${v.samples} samples)`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
