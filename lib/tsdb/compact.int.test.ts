import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { num, query } from "./sql-util";
import { CHUNK_RANGE_MS, createTsdb, type AppendSample, type Tsdb } from "./index";
import type { DbHandle as TestDb } from "@/db/client";
import { testDatabases } from "@/db/testing";
import { dump, sample, T0 } from "./test-helpers";


const H = 3_600_000;
const all = [{ name: "__name__", type: "=~" as const, value: ".+" }];

/** 5h of 15s scrapes for a few kinds of series, with jitter, NaN, -0 and staleness markers. */
function syntheticScrapes(hours: number): AppendSample[][] {
  const scrapes: AppendSample[][] = [];
  let counter = 1000;
  for (let i = 0; i < (hours * H) / 15_000; i++) {
    const ts = T0 + i * 15_000 + ((i * 7) % 5); // a few ms of jitter
    counter += i % 3;
    const s: AppendSample[] = [
      sample({ __name__: "reqs_total", job: "api" }, ts, counter),
      sample({ __name__: "kv_usage", job: "api" }, ts, Math.round(Math.sin(i / 50) * 1e4) / 1e4),
      sample({ __name__: "odd", job: "api" }, ts, [NaN, -0, Infinity, 0.1][i % 4]),
    ];
    // A series that disappears for a while, marked stale as a scraper would.
    if (i % 400 < 300) s.push(sample({ __name__: "flappy", job: "api" }, ts, i));
    else if (i % 400 === 300) s.push(sample({ __name__: "flappy", job: "api" }, ts, 0, true));
    scrapes.push(s);
  }
  return scrapes;
}

const countBefore = (scrapes: AppendSample[][], t: number) => scrapes.flat().filter((s) => s.timestamp < t).length;

async function ingest(store: Tsdb, scrapes: AppendSample[][], per = 40) {
  for (let i = 0; i < scrapes.length; i += per) await store.appendScrape({ samples: scrapes.slice(i, i + per).flat() });
}

describe.each(testDatabases())("tsdb compaction on $kind", ({ open }) => {
  let t: TestDb;
  let store: Tsdb;
  beforeEach(async () => {
    t = await open();
    store = createTsdb(t.db);
  });
  afterEach(() => t.close());

  it("moves finished windows into chunks and preserves every sample exactly", async () => {
    const scrapes = syntheticScrapes(5);
    await ingest(store, scrapes);
    const before = dump(await store.select(all, T0, T0 + 5 * H));
    const now = T0 + 5 * H; // windows [T0, T0+2h) and [T0+2h, T0+4h) are finished
    const r = await store.compact(now);
    expect(r.cutoff).toBe(T0 + 4 * H);
    expect(r.samples).toBe(countBefore(scrapes, T0 + 4 * H));
    expect(r.series).toBe(4);
    expect(dump(await store.select(all, T0, T0 + 5 * H))).toEqual(before);
    // Sub-ranges that cut through chunks and through the head boundary.
    const sub = await store.select(all, T0 + 4 * H - 60_000, T0 + 4 * H + 60_000);
    expect(sub[0].timestamps.length).toBe(8);
    const stats = await store.stats();
    expect(stats.headSamples).toBe(scrapes.flat().length - r.samples);
    expect(stats.chunkSamples).toBe(r.samples);
    const windows = await query<{ a: unknown; b: unknown }>(t.db, sql`SELECT min_t AS a, max_t AS b FROM tsdb_chunks`);
    for (const w of windows) expect(Math.floor(num(w.a) / CHUNK_RANGE_MS)).toBe(Math.floor(num(w.b) / CHUNK_RANGE_MS));
    // Nothing left to do for the same `now`.
    expect((await store.compact(now)).samples).toBe(0);
  });

  it("respects the grace period", async () => {
    const scrapes = syntheticScrapes(2.1);
    await ingest(store, scrapes);
    expect((await store.compact(T0 + 2 * H + 5 * 60_000)).samples).toBe(0);
    expect((await store.compact(T0 + 2 * H + 10 * 60_000)).samples).toBe(countBefore(scrapes, T0 + 2 * H));
  });

  it("merges late samples into windows already compacted", async () => {
    const l = { __name__: "late" };
    await store.appendScrape({ samples: Array.from({ length: 100 }, (_, i) => sample(l, T0 + i * 60_000, i)) });
    await store.compact(T0 + 3 * H);
    // Late arrivals: one new timestamp, one replacing a compacted sample, one staleness marker.
    await store.appendScrape({ samples: [sample(l, T0 + 30, 0.5), sample(l, T0 + 60_000, 99), sample(l, T0 + 90_000, 0, true)] });
    const expected = dump(await store.select(all, T0, T0 + 3 * H));
    expect(expected[0]).toContain(`${T0 + 60_000}=99 ${T0 + 90_000}=STALE ${T0 + 120_000}=2`);
    const r = await store.compact(T0 + 3 * H);
    expect(r.samples).toBe(3);
    expect(dump(await store.select(all, T0, T0 + 3 * H))).toEqual(expected);
    const [{ n }] = await query<{ n: number }>(t.db, sql`SELECT count(*)::int AS n FROM tsdb_chunks`);
    expect(n).toBe(1);
    expect((await store.stats()).headSamples).toBe(0);
  });

  it("splits a window that does not fit in one chunk", async () => {
    const l = { __name__: "noisy" };
    // Incompressible values, one per second: far more than the ~1.85 kB chunk budget.
    const samples = Array.from({ length: 1000 }, (_, i) => sample(l, T0 + i * 1000, Math.sin(i) * 1e9 + i / 7));
    await store.appendScrape({ samples });
    const before = dump(await store.select(all, T0, T0 + H));
    const r = await store.compact(T0 + 3 * H);
    expect(r.chunksWritten).toBeGreaterThan(3);
    expect(dump(await store.select(all, T0, T0 + H))).toEqual(before);
  });
});
