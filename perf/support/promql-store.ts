/**
 * Headroom's stores for perf/promql-range.ts: open PGlite on disk or a fresh PostgreSQL schema,
 * load the dataset as steady-state data would arrive (one scrape of every series per 15 s step,
 * each finished 2h window compacted into chunks), and time each select the engine makes.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { openDb, type Db, type DbHandle } from "@/db/client";
import type { Matcher, SeriesSamples } from "@/lib/model";
import { matcherPredicate } from "@/lib/promql";
import { CHUNK_RANGE_MS, DEFAULT_HEAD_GRACE_MS, Tsdb, type AppendSample, type TsdbOptions } from "@/lib/tsdb";
import { STEP_MS, type Dataset } from "./promql-data";
import { startPrivatePostgres, type PrivatePostgres } from "./private-postgres";

/** A Tsdb that remembers how long its selects took since the last reset. */
export class TimedTsdb extends Tsdb {
  /** Summed wall time of select calls (the engine issues one per selector). */
  selectMs = 0;

  constructor(db: Db, opts: TsdbOptions = {}) {
    super(db, { matcherPredicate, ...opts });
  }

  override async select(matchers: Matcher[], minT: number, maxT: number): Promise<SeriesSamples[]> {
    const t0 = performance.now();
    try {
      return await super.select(matchers, minT, maxT);
    } finally {
      this.selectMs += performance.now() - t0;
    }
  }
}

/** An opened store and how to get rid of it. */
export interface OpenedStore {
  name: string;
  handle: DbHandle;
  store: TimedTsdb;
  dispose(): Promise<void>;
}

/** PGlite in a fresh temporary data directory, removed on dispose. */
export async function openPgliteStore(): Promise<OpenedStore> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "headroom-promql-"));
  const handle = await openDb({ dataDir: dir });
  return {
    name: "pglite",
    handle,
    store: new TimedTsdb(handle.db),
    async dispose() {
      await handle.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A second store over an opened PGlite, with the head cache the embedded default runs with
 * (storage.head_cache, 2h), warmed from what is stored as after a restart.
 */
export async function withHeadCache(base: OpenedStore, spanMs = 2 * 3600_000): Promise<OpenedStore> {
  const store = new TimedTsdb(base.handle.db, { headCache: { spanMs } });
  await store.warmHeadCache();
  return { name: `${base.name}+cache`, handle: base.handle, store, dispose: async () => {} };
}

/**
 * PostgreSQL: a fresh schema on `url` (dropped on dispose) or, with url "private", a throwaway
 * cluster from private-postgres.ts, so the numbers are not disturbed by other users of a server.
 */
export async function openPostgresStore(url: string): Promise<OpenedStore> {
  let cluster: PrivatePostgres | null = null;
  if (url === "private") {
    cluster = await startPrivatePostgres();
    url = cluster.url;
  }
  const schema = `perf_promql_${process.pid}`;
  let handle: DbHandle;
  try {
    handle = await openDb({ url, schema, poolSize: 4 });
  } catch (err) {
    cluster?.destroy();
    throw err;
  }
  return {
    name: cluster ? "postgres (private)" : "postgres",
    handle,
    store: new TimedTsdb(handle.db),
    async dispose() {
      if (!cluster) await handle.db.execute(sql.raw(`DROP SCHEMA IF EXISTS ${schema} CASCADE`));
      await handle.close();
      cluster?.destroy();
    },
  };
}

/** How long loading took. */
export interface LoadTimes {
  appendMs: number;
  compactMs: number;
  totalMs: number;
}

/**
 * Appends step by step (one transaction of every series per step) and compacts each aligned 2h
 * window once its last step is in, then everything left, so all data ends up in chunks.
 */
export async function loadDataset(store: Tsdb, ds: Dataset, name: string, log: (msg: string) => void): Promise<LoadTimes> {
  const t0 = performance.now();
  let appendMs = 0;
  let compactMs = 0;
  const samples: AppendSample[] = ds.labels.map((l) => ({ labels: l, value: 0, timestamp: 0 }));
  const compact = async (now: number) => {
    const c0 = performance.now();
    await store.compact(now);
    compactMs += performance.now() - c0;
  };
  let lastLog = t0;
  for (let k = 0; k < ds.steps; k++) {
    const t = ds.startMs + k * STEP_MS;
    for (let i = 0; i < samples.length; i++) {
      samples[i].value = ds.values[i][k];
      samples[i].timestamp = t;
    }
    const a0 = performance.now();
    await store.appendScrape({ samples });
    appendMs += performance.now() - a0;
    const windowEnd = (Math.floor(t / CHUNK_RANGE_MS) + 1) * CHUNK_RANGE_MS;
    if (t + STEP_MS >= windowEnd && k + 1 < ds.steps) await compact(windowEnd + DEFAULT_HEAD_GRACE_MS);
    if (performance.now() - lastLog > 15_000 || k + 1 === ds.steps) {
      lastLog = performance.now();
      const pct = ((k + 1) / ds.steps) * 100;
      log(`  ${name}: ${pct.toFixed(0)}% appended (${((k + 1) * samples.length).toLocaleString("en-US")} samples, ${((lastLog - t0) / 1000).toFixed(0)} s)`);
    }
  }
  await compact(ds.endMs + CHUNK_RANGE_MS + DEFAULT_HEAD_GRACE_MS);
  return { appendMs, compactMs, totalMs: performance.now() - t0 };
}
