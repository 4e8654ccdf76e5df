import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTsdb, ROLLUP_STEP_MS, type Tsdb } from "./index";
import { bucketize } from "./rollup-math";
import type { DbHandle as TestDb } from "@/db/client";
import { testDatabases } from "@/db/testing";
import { sample, T0 } from "./test-helpers";


const H = 3_600_000;
const D = 24 * H;
const byName = (name: string) => [{ name: "__name__", type: "=" as const, value: name }];

describe.each(testDatabases())("tsdb retention and rollups on $kind", ({ open }) => {
  let t: TestDb;
  let store: Tsdb;
  beforeEach(async () => {
    t = await open();
    store = createTsdb(t.db);
  });
  afterEach(() => t.close());

  /** One sample a minute for `days` days from T0, 60 per append. */
  async function ingestDays(name: string, days: number, value: (i: number) => number) {
    const n = days * 24 * 60;
    for (let i = 0; i < n; i += 60) {
      const samples = [];
      for (let j = i; j < Math.min(n, i + 60); j++) {
        // A staleness marker and a NaN every so often: rollups must skip them.
        if (j % 500 === 7) samples.push(sample({ __name__: name }, T0 + j * 60_000, 0, true));
        else samples.push(sample({ __name__: name }, T0 + j * 60_000, j % 700 === 3 ? NaN : value(j)));
      }
      await store.appendScrape({ samples });
    }
  }

  it("deletes raw data past retention, whole chunks at a time, and then empty series", async () => {
    await ingestDays("old", 1, (i) => i);
    await store.appendScrape({ samples: [sample({ __name__: "fresh" }, T0 + 20 * D, 1)] });
    await store.compact(T0 + 20 * D);
    const now = T0 + 20 * D + H;
    const retentionFor = (cut: number) => ({ retentionMs: now - cut });
    // Cut at T0+30m: the first 2h chunk still has newer samples, so it stays whole.
    const r = await store.applyRetention(now, retentionFor(T0 + 30 * 60_000));
    expect(r).toEqual({ chunksDeleted: 0, headSamplesDeleted: 0, rollupChunksDeleted: 0, seriesDeleted: 0 });
    expect((await store.select(byName("old"), T0 - D, T0 + 2 * D))[0].timestamps[0]).toBe(T0);
    // Cut at T0+2h30m: the first window's chunk is entirely older and goes.
    const r2 = await store.applyRetention(now, retentionFor(T0 + 2.5 * H));
    expect(r2.chunksDeleted).toBe(1);
    expect((await store.select(byName("old"), T0 - D, T0 + 2 * D))[0].timestamps[0]).toBe(T0 + 2 * H);
    const r3 = await store.applyRetention(now, { retentionMs: 2 * H });
    expect(r3.seriesDeleted).toBe(1);
    expect(await store.labelValues("__name__")).toEqual(["fresh"]);
    expect(await store.select(byName("old"), 0, now)).toEqual([]);
    // The series can come back, under a new id.
    await store.appendScrape({ samples: [sample({ __name__: "old" }, now, 5)] });
    expect((await store.select(byName("old"), 0, now)).length).toBe(1);
  });

  it("deletes head samples past retention exactly", async () => {
    await store.appendScrape({ samples: [sample({ __name__: "h" }, T0, 1), sample({ __name__: "h" }, T0 + 1000, 2)] });
    const r = await store.applyRetention(T0 + 1000 + D, { retentionMs: D });
    expect(r.headSamplesDeleted).toBe(1);
    const [s] = await store.select(byName("h"), 0, T0 + 2 * D);
    expect(Array.from(s.timestamps)).toEqual([T0 + 1000]);
  });

  it("rolls up whole days into 5-minute buckets that match the raw data", async () => {
    await ingestDays("reqs", 2, (i) => i * 2.5);
    await store.compact(T0 + 3 * D);
    expect((await store.rollup(T0 + D + 30 * 60_000)).days).toBe(0); // day 1 still within grace
    const r = await store.rollup(T0 + 3 * D);
    expect(r).toEqual({ days: 2, buckets: 2 * 288, until: T0 + 2 * D });
    expect((await store.rollup(T0 + 3 * D)).days).toBe(0);
    const [raw] = await store.select(byName("reqs"), T0, T0 + 2 * D);
    const want = bucketize(raw.timestamps, raw.values, raw.stale ?? null, T0, T0 + 2 * D, ROLLUP_STEP_MS);
    const [got] = await store.selectRollups(byName("reqs"), T0, T0 + 2 * D);
    expect(got.labels).toEqual({ __name__: "reqs" });
    expect(Array.from(got.timestamps)).toEqual(want.timestamps);
    expect(Array.from(got.count)).toEqual(want.count);
    expect(Array.from(got.sum)).toEqual(want.sum);
    expect(Array.from(got.min)).toEqual(want.min);
    expect(Array.from(got.max)).toEqual(want.max);
    expect(Array.from(got.last)).toEqual(want.last);
    expect(got.count[0]).toBe(4); // minutes 0-4 of which minute 3 is NaN
    // A sub-range by bucket start, inclusive.
    const [part] = await store.selectRollups(byName("reqs"), T0 + D, T0 + D + 2 * ROLLUP_STEP_MS);
    expect(Array.from(part.timestamps)).toEqual([T0 + D, T0 + D + ROLLUP_STEP_MS, T0 + D + 2 * ROLLUP_STEP_MS]);
  });

  it("keeps rollups, and their series, after raw data expires", async () => {
    await ingestDays("g", 1, (i) => Math.sin(i));
    await store.rollup(T0 + 2 * D);
    const now = T0 + 30 * D;
    const r = await store.applyRetention(now);
    expect(r.seriesDeleted).toBe(0);
    expect(r.headSamplesDeleted).toBe(24 * 60);
    expect(await store.select(byName("g"), 0, now)).toEqual([]);
    expect(await store.labelValues("__name__")).toEqual(["g"]);
    expect((await store.selectRollups(byName("g"), 0, now))[0].timestamps.length).toBe(288);
    const r2 = await store.applyRetention(T0 + 91 * D);
    expect(r2.rollupChunksDeleted).toBeGreaterThan(0); // noisy floats: a day spans several chunks
    expect(r2.seriesDeleted).toBe(1);
    expect(await store.selectRollups(byName("g"), 0, now)).toEqual([]);
  });

  it("rejects nonsensical retention settings without deleting anything", async () => {
    await store.appendScrape({ samples: [sample({ __name__: "x" }, T0, 1)] });
    await expect(store.applyRetention(T0, { retentionMs: -1 })).rejects.toThrow(/retentionMs/);
    await expect(store.applyRetention(T0, { rollupRetentionMs: NaN })).rejects.toThrow(/rollupRetentionMs/);
    expect((await store.select(byName("x"), 0, T0)).length).toBe(1);
  });
});
