import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { testDatabases } from "@/db/testing";
import { createTsdb, type Tsdb } from "@/lib/tsdb";
import { EmbeddedDatasource } from "./embedded";

const T0 = Date.UTC(2026, 0, 1, 12);
const STEP = 15_000;
const EXPRS = [
  "rate(req_total[1m])",
  'sum by (code) (rate(req_total{code=~"2.."}[2m]))',
  "histogram_quantile(0.9, sum by (le) (rate(lat_bucket[1m])))",
  "absent(req_total{code=\"404\"})",
  "topk(1, req_total)",
  "req_total offset 1m",
  "time() - timestamp(req_total)",
  "sum_over_time(req_total[1m:15s])",
];

// A small seeded generator so that a failure repeats.
function rng(seed: number) {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

describe.each(testDatabases())("sliding range queries on $kind", ({ open }) => {
  let h: DbHandle;
  let clock = T0;
  let store: Tsdb;
  beforeEach(async () => {
    h = await open();
    clock = T0;
    store = createTsdb(h.db, { headCache: { spanMs: 3 * 3600_000, now: () => clock } });
    await store.warmHeadCache();
  });
  afterEach(() => h.close());

  it("gives, window after window, exactly what evaluating the whole window gives", async () => {
    const ds = new EmbeddedDatasource("embedded", store);
    const fresh = new EmbeddedDatasource("plain", createTsdb(h.db));
    const r = rng(7);
    const totals = new Map<string, number>();
    for (let k = 0; k < 40; k++) {
      clock += 5_000 + Math.floor(r() * 10_000);
      const samples = [];
      for (const code of ["200", "500", "404"]) {
        if (code === "404" && k % 13 > 8) continue; // a series that comes and goes
        const key = `req:${code}`;
        const v = (totals.get(key) ?? 0) + Math.floor(r() * 10);
        totals.set(key, v);
        samples.push({ labels: { __name__: "req_total", code }, timestamp: clock, value: v });
      }
      for (const le of ["0.1", "1", "+Inf"]) {
        const key = `lat:${le}`;
        const v = (totals.get(key) ?? 0) + Math.floor(r() * 5) + (le === "+Inf" ? 5 : le === "1" ? 2 : 0);
        totals.set(key, v);
        samples.push({ labels: { __name__: "lat_bucket", le }, timestamp: clock, value: v });
      }
      // Now and then a late sample lands inside windows already answered.
      if (k % 9 === 5) samples.push({ labels: { __name__: "req_total", code: "200" }, timestamp: clock - 40_000 - 1, value: 1 });
      await store.appendScrape({ samples });
      if (k < 4) continue;
      const end = Math.floor(clock / STEP) * STEP;
      for (const expr of EXPRS) {
        const got = await ds.rangeQuery(expr, end - 5 * 60_000, end, STEP);
        expect(got, `${expr} at step ${k}`).toEqual(await fresh.rangeQuery(expr, end - 5 * 60_000, end, STEP));
      }
    }
    expect(ds.slidden).toBeGreaterThan(40);
    expect(ds.results.stats.hits).toBeGreaterThan(0);
  }, 120_000);
});
