import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { DbHandle as TestDb } from "@/db/client";
import { testDatabases } from "@/db/testing";
import { createTsdb, type AppendSample, type SeriesMemo, type Tsdb } from "./index";
import { query } from "./sql-util";
import { dump, T0 } from "./test-helpers";
import { CHUNK_RANGE_MS } from "./types";

const all = [{ name: "__name__", type: "=~" as const, value: ".+" }];

describe.each(testDatabases())("the head as one row per append on $kind", ({ open }) => {
  let t: TestDb;
  let store: Tsdb;
  beforeEach(async () => {
    t = await open();
    store = createTsdb(t.db);
  });
  afterEach(() => t.close());

  const rowCount = async () => Number((await query<{ n: unknown }>(t.db, sql`SELECT count(*) AS n FROM tsdb_head_batches`))[0].n);

  it("writes each scrape as one row, and series memos skip the lookups without changing what is stored", async () => {
    const memos: SeriesMemo[] = Array.from({ length: 50 }, () => ({}));
    const scrape = (k: number): AppendSample[] =>
      memos.map((memo, i) => ({ labels: { __name__: "m", i: String(i) }, value: k * 100 + i, timestamp: T0 + k * 15_000, memo }));
    await store.appendScrape({ samples: scrape(0) });
    // Once the id is known the memo keeps only it (and its epoch), not the label key and hash.
    expect(memos.every((mm) => typeof mm.id === "number" && mm.ref === undefined)).toBe(true);
    const ids = memos.map((mm) => mm.id);
    for (let k = 1; k < 4; k++) await store.appendScrape({ samples: scrape(k) });
    expect(memos.map((mm) => mm.id)).toEqual(ids);
    expect(await rowCount()).toBe(4);
    const got = await store.select(all, T0, T0 + 60_000);
    expect(got.length).toBe(50);
    for (const s of got) {
      const i = Number(s.labels.i);
      expect(Array.from(s.timestamps)).toEqual([0, 1, 2, 3].map((k) => T0 + k * 15_000));
      expect(Array.from(s.values)).toEqual([0, 1, 2, 3].map((k) => k * 100 + i));
    }
  });

  it("does not use a memo's id once retention has deleted its series", async () => {
    const memo: SeriesMemo = {};
    const s = (ts: number, v: number): AppendSample => ({ labels: { __name__: "gone" }, value: v, timestamp: ts, memo });
    await store.appendScrape({ samples: [s(T0, 1)] });
    const first = memo.id;
    const r = await store.applyRetention(T0 + 10 * CHUNK_RANGE_MS, { retentionMs: CHUNK_RANGE_MS });
    expect(r.seriesDeleted).toBe(1);
    await store.appendScrape({ samples: [s(T0 + 10 * CHUNK_RANGE_MS, 2)] });
    expect(memo.id).not.toBe(first);
    expect(dump(await store.select(all, 0, T0 + 20 * CHUNK_RANGE_MS))).toEqual([`{__name__="gone"} ${T0 + 10 * CHUNK_RANGE_MS}=2`]);
  });

  it("never trusts a memo filled by another store", async () => {
    const other = await open();
    try {
      const elsewhere = createTsdb(other.db);
      // Give the other database different ids for the same labels.
      await elsewhere.appendScrape({ samples: [{ labels: { __name__: "pad" }, value: 0, timestamp: T0 }] });
      const memo: SeriesMemo = {};
      const s = (ts: number, v: number): AppendSample => ({ labels: { __name__: "shared" }, value: v, timestamp: ts, memo });
      await store.appendScrape({ samples: [s(T0, 1)] });
      const here = memo.id;
      await elsewhere.appendScrape({ samples: [s(T0, 2)] });
      expect(memo.id).not.toBe(here);
      await store.appendScrape({ samples: [s(T0 + 15_000, 3)] });
      expect(memo.id).toBe(here);
      expect(dump(await store.select(all, 0, T0 + 60_000))).toEqual([`{__name__="shared"} ${T0}=1 ${T0 + 15_000}=3`]);
      expect(dump(await elsewhere.select(all, 0, T0 + 60_000))).toEqual([`{__name__="pad"} ${T0}=0`, `{__name__="shared"} ${T0}=2`]);
    } finally {
      await other.close();
    }
  });

  it("takes the steady path only for valid samples whose memos it knows, keeping the last of equal pairs", async () => {
    const memos: SeriesMemo[] = [{}, {}];
    const s = (i: number, ts: number, v: unknown, stale = false): AppendSample =>
      ({ labels: { __name__: "m", i: String(i) }, value: v, timestamp: ts, memo: memos[i], ...(stale ? { stale: true } : {}) }) as AppendSample;
    await store.appendScrape({ samples: [s(0, T0, 1), s(1, T0, 1)], metadata: [{ metric: "m", type: "gauge", help: "h", unit: "" }] });
    // Invalid input on the steady path is still refused whole, naming the sample.
    await expect(store.appendScrape({ samples: [s(0, T0 + 1_000, 2), s(1, T0 + 1.5, 2)] })).rejects.toThrow(/samples\[1\]: timestamp/);
    await expect(store.appendScrape({ samples: [s(0, T0 + 1_000, "2")] })).rejects.toThrow(/samples\[0\]: value must be a number/);
    // Equal (series, time) pairs: the later one wins, staleness markers included.
    await store.appendScrape({ samples: [s(1, T0 + 2_000, 5), s(0, T0 + 2_000, 7), s(1, T0 + 2_000, 6), s(0, T0 + 2_000, NaN, true)] });
    // Changed metadata goes through the general path and is written.
    await store.appendScrape({ samples: [s(0, T0 + 3_000, 8)], metadata: [{ metric: "m", type: "gauge", help: "changed", unit: "" }] });
    expect(await store.metadata("m")).toEqual([{ metric: "m", type: "gauge", help: "changed", unit: "" }]);
    const got = await store.select(all, 0, T0 + 60_000);
    expect(dump(got)).toEqual([`{__name__="m",i="0"} ${T0}=1 ${T0 + 2_000}=STALE ${T0 + 3_000}=8`, `{__name__="m",i="1"} ${T0}=1 ${T0 + 2_000}=6`]);
    expect(await rowCount()).toBe(3);
  });

  it("compacts a row only once all its samples are before the cutoff", async () => {
    // A target with its own timestamps can put samples of two windows into one scrape.
    const w1 = T0 + CHUNK_RANGE_MS;
    await store.appendScrape({
      samples: [
        { labels: { __name__: "own", i: "a" }, value: 1, timestamp: w1 - 1_000 },
        { labels: { __name__: "own", i: "b" }, value: 2, timestamp: w1 + 1_000 },
      ],
    });
    await store.appendScrape({ samples: [{ labels: { __name__: "own", i: "a" }, value: 3, timestamp: w1 - 500 }] });
    const expected = [`{__name__="own",i="a"} ${w1 - 1_000}=1 ${w1 - 500}=3`, `{__name__="own",i="b"} ${w1 + 1_000}=2`];
    const c1 = await store.compact(w1 + 1, { graceMs: 0 }); // cutoff w1: the straddling row waits
    expect(c1.samples).toBe(1);
    expect(await rowCount()).toBe(1);
    expect(dump(await store.select(all, T0, w1 + CHUNK_RANGE_MS))).toEqual(expected);
    const c2 = await store.compact(w1 + CHUNK_RANGE_MS + 1, { graceMs: 0 }); // merges into the chunk written before
    expect(c2.samples).toBe(2);
    expect(await rowCount()).toBe(0);
    expect(dump(await store.select(all, T0, w1 + CHUNK_RANGE_MS))).toEqual(expected);
    expect((await store.stats()).chunkSamples).toBe(3);
  });

  it("lists series of the head by the id spans of rows in the range", async () => {
    await store.appendScrape({ samples: [{ labels: { __name__: "x", i: "1" }, value: 1, timestamp: T0 }] });
    await store.appendScrape({ samples: [{ labels: { __name__: "y", i: "2" }, value: 1, timestamp: T0 + 3 * CHUNK_RANGE_MS }] });
    expect(await store.labelValues("__name__", undefined, T0 - 1_000, T0 + 1_000)).toEqual(["x"]);
    expect(await store.labelValues("__name__", undefined, T0 + 3 * CHUNK_RANGE_MS, T0 + 3 * CHUNK_RANGE_MS)).toEqual(["y"]);
    expect(await store.labelValues("__name__", undefined, T0 + 1_000, T0 + 2 * CHUNK_RANGE_MS)).toEqual([]);
  });
});
