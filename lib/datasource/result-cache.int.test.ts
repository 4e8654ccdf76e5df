import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { testDatabases } from "@/db/testing";
import { createTsdb, type Tsdb } from "@/lib/tsdb";
import { EmbeddedDatasource } from "./embedded";

const T0 = Date.UTC(2026, 0, 1, 12);
const MIN = 60_000;
const reqs = (job: string) => ({ __name__: "reqs_total", job });

describe.each(testDatabases())("embedded query results shared exactly on $kind", ({ open }) => {
  let h: DbHandle;
  let cached: Tsdb;
  let ds: EmbeddedDatasource;
  // A second datasource over a store without the cache: what a fresh evaluation gives.
  let fresh: EmbeddedDatasource;
  beforeEach(async () => {
    h = await open();
    cached = createTsdb(h.db, { headCache: { spanMs: 6 * 3600_000, now: () => T0 + 30 * MIN } });
    await cached.warmHeadCache();
    ds = new EmbeddedDatasource("embedded", cached);
    fresh = new EmbeddedDatasource("plain", createTsdb(h.db));
    for (let m = 0; m <= 20; m++) {
      await cached.appendScrape({ samples: [{ labels: reqs("api"), timestamp: T0 + m * MIN, value: m * 60 }] });
    }
  });
  afterEach(() => h.close());

  const range = (d: EmbeddedDatasource, expr: string, end = T0 + 20 * MIN) => d.rangeQuery(expr, T0 + 5 * MIN, end, 30_000);
  const expectSame = async (expr: string, end?: number) => expect(await range(ds, expr, end)).toEqual(await range(fresh, expr, end));

  it("answers a repeated query from the cache until data at or before its end is written", async () => {
    const expr = "rate(reqs_total[5m])";
    const a = await range(ds, expr);
    expect(await range(ds, expr)).toBe(a);
    expect(ds.results.stats).toEqual({ hits: 1, misses: 1 });
    // Newer than the query's end: the answer cannot change, and it is still shared.
    await cached.appendScrape({ samples: [{ labels: reqs("api"), timestamp: T0 + 21 * MIN, value: 21 * 60 }] });
    expect(await range(ds, expr)).toBe(a);
    await expectSame(expr);
    // A late sample inside the range, and a new series: both must show.
    await cached.appendScrape({ samples: [{ labels: reqs("api"), timestamp: T0 + 10 * MIN + 1, value: 1e6 }] });
    const b = await range(ds, expr);
    expect(b).not.toEqual(a);
    await expectSame(expr);
    await cached.appendScrape({ samples: [{ labels: reqs("gw"), timestamp: T0 + 19 * MIN, value: 1 }, { labels: reqs("gw"), timestamp: T0 + 20 * MIN, value: 61 }] });
    expect((await range(ds, expr)).data).toMatchObject({ result: [{}, {}] });
    await expectSame(expr);
  });

  it("knows that a negative offset or an @ modifier reads past the end", async () => {
    const end = T0 + 18 * MIN;
    for (const expr of ["reqs_total offset -2m", "reqs_total @ end()", `reqs_total @ ${(T0 + 20 * MIN) / 1000}`]) {
      await range(ds, expr, end);
      expect(await range(ds, expr, end)).toBe(await range(ds, expr, end));
    }
    await cached.appendScrape({ samples: [{ labels: reqs("api"), timestamp: T0 + 19 * MIN + 30_000, value: 5 }] });
    for (const expr of ["reqs_total offset -2m", `reqs_total @ ${(T0 + 20 * MIN) / 1000}`]) await expectSame(expr, end);
    await expectSame("reqs_total @ end()", end);
  });

  it("computes identical concurrent queries once, and instant queries too", async () => {
    const expr = "sum(rate(reqs_total[5m]))";
    const all = await Promise.all(Array.from({ length: 10 }, () => range(ds, expr)));
    expect(new Set(all).size).toBe(1);
    expect(ds.results.stats).toEqual({ hits: 9, misses: 1 });
    const i1 = await ds.instantQuery("reqs_total", T0 + 15 * MIN);
    expect(await ds.instantQuery("reqs_total", T0 + 15 * MIN)).toBe(i1);
    await cached.appendScrape({ samples: [{ labels: reqs("api"), timestamp: T0 + 15 * MIN, value: 7 }] });
    expect(await ds.instantQuery("reqs_total", T0 + 15 * MIN)).toEqual(await fresh.instantQuery("reqs_total", T0 + 15 * MIN));
  });

  it("forgets everything after retention deleted data, and never shares without a head cache", async () => {
    const expr = "reqs_total";
    const a = await range(ds, expr);
    await cached.applyRetention(T0 + 12 * MIN, { retentionMs: 5 * MIN });
    const b = await range(ds, expr);
    expect(b).not.toBe(a);
    await expectSame(expr);
    await range(fresh, expr);
    await range(fresh, expr);
    expect(fresh.results.stats).toEqual({ hits: 0, misses: 0 });
    const unshared = new EmbeddedDatasource("unshared", cached, {}, false);
    expect(await range(unshared, expr)).not.toBe(await range(unshared, expr));
    expect(unshared.results.stats).toEqual({ hits: 0, misses: 0 });
  });

  it("does not keep errors", async () => {
    await expect(range(ds, "rate(reqs_total[5m]")).rejects.toThrow();
    await expect(range(ds, "rate(reqs_total[5m]")).rejects.toThrow();
    expect(ds.results.stats.hits).toBe(0);
  });
});
