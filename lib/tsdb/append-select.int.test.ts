import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { Matcher } from "@/lib/model";
import { createTsdb, TsdbInputError, type Tsdb } from "./index";
import type { DbHandle as TestDb } from "@/db/client";
import { testDatabases } from "@/db/testing";
import { dump, sample, T0 } from "./test-helpers";


const api0 = { __name__: "http_requests_total", job: "api", instance: "a:9090", code: "200" };
const api1 = { __name__: "http_requests_total", job: "api", instance: "b:9090", code: "500" };
const gw = { __name__: "http_requests_total", job: "gateway", instance: "c:9090" };
const up = { __name__: "up", job: "api", instance: "a:9090" };

const m = (name: string, type: Matcher["type"], value: string): Matcher => ({ name, type, value });

describe.each(testDatabases())("tsdb append and select on $kind", ({ open }) => {
  let t: TestDb;
  let store: Tsdb;
  beforeEach(async () => {
    t = await open();
    store = createTsdb(t.db);
  });
  afterEach(() => t.close());

  async function seed() {
    for (let i = 0; i < 4; i++) {
      const ts = T0 + i * 15_000;
      await store.appendScrape({
        samples: [sample(api0, ts, i), sample(api1, ts, 10 + i), sample(gw, ts, 100 + i), sample(up, ts, 1)],
      });
    }
  }

  const names = async (matchers: Matcher[]) =>
    (await store.select(matchers, T0, T0 + 60_000)).map((s) => `${s.labels.__name__}/${s.labels.instance}`);

  it("selects with each matcher type", async () => {
    await seed();
    const name = m("__name__", "=", "http_requests_total");
    expect(await names([name])).toEqual(["http_requests_total/a:9090", "http_requests_total/b:9090", "http_requests_total/c:9090"]);
    expect(await names([name, m("job", "=", "api")])).toEqual(["http_requests_total/a:9090", "http_requests_total/b:9090"]);
    expect(await names([name, m("job", "!=", "api")])).toEqual(["http_requests_total/c:9090"]);
    expect(await names([name, m("instance", "=~", "(a|c):.*")])).toEqual(["http_requests_total/a:9090", "http_requests_total/c:9090"]);
    expect(await names([name, m("instance", "!~", "a:.*")])).toEqual(["http_requests_total/b:9090", "http_requests_total/c:9090"]);
    // A missing label reads as "": `code=""` selects series without it, `code!=""` those with it.
    expect(await names([name, m("code", "=", "")])).toEqual(["http_requests_total/c:9090"]);
    expect(await names([name, m("code", "!=", "")])).toEqual(["http_requests_total/a:9090", "http_requests_total/b:9090"]);
    expect(await names([name, m("code", "=~", "5..|")])).toEqual(["http_requests_total/b:9090", "http_requests_total/c:9090"]);
    expect(await names([name, m("code", "!~", ".+")])).toEqual(["http_requests_total/c:9090"]);
    expect(await names([m("__name__", "=~", "up|nothing")])).toEqual(["up/a:9090"]);
    expect(await names([m("__name__", "=~", "nothing.*")])).toEqual([]);
    expect(await names([m("job", "=", "api"), m("job", "=", "gateway")])).toEqual([]);
    // Regexes are fully anchored, as in Prometheus.
    expect(await names([m("job", "=~", "ap")])).toEqual([]);
    await expect(store.select([m("job", "=~", "(")], T0, T0)).rejects.toThrow(TsdbInputError);
  });

  it("returns samples in time order within inclusive bounds", async () => {
    await seed();
    const [s] = await store.select([m("instance", "=", "b:9090")], T0 + 15_000, T0 + 45_000);
    expect(s.labels).toEqual(api1);
    expect(Array.from(s.timestamps)).toEqual([T0 + 15_000, T0 + 30_000, T0 + 45_000]);
    expect(Array.from(s.values)).toEqual([11, 12, 13]);
    expect(s.stale).toBeUndefined();
    expect(await store.select([m("job", "=", "api")], T0 + 1, T0 + 14_999)).toEqual([]);
    // Unbounded and fractional bounds are clamped, not passed through to SQL.
    expect((await store.select([m("job", "=", "api")], -Infinity, Infinity)).map((x) => x.timestamps.length)).toEqual([4, 4, 4]);
    expect((await store.select([m("instance", "=", "b:9090")], T0 + 0.5, T0 + 15_000.5))[0].timestamps.length).toBe(1);
    expect(await store.series([m("job", "=", "gateway")], -Infinity, Infinity)).toEqual([gw]);
  });

  it("round-trips staleness markers and special floats exactly", async () => {
    const l = { __name__: "g" };
    const values = [NaN, Infinity, -Infinity, -0, 0, 5e-324, Number.MAX_VALUE, 0.1 + 0.2];
    await store.appendScrape({ samples: values.map((v, i) => sample(l, T0 + i, v)) });
    await store.appendScrape({ samples: [sample(l, T0 + 100, 0, true), sample(l, T0 + 101, 7)] });
    const got = await store.select([m("__name__", "=", "g")], T0, T0 + 1000);
    expect(dump(got)).toEqual([
      `{__name__="g"} ${values.map((v, i) => `${T0 + i}=${Number.isNaN(v) ? "NaN" : v === -Infinity ? "-Infinity" : v === Infinity ? "Infinity" : Object.is(v, -0) ? "-0" : String(v)}`).join(" ")} ${T0 + 100}=STALE ${T0 + 101}=7`,
    ]);
  });

  it("keeps the last of duplicate timestamps, within and across scrapes", async () => {
    const l = { __name__: "d" };
    await store.appendScrape({ samples: [sample(l, T0, 1), sample(l, T0, 2)] });
    await store.appendScrape({ samples: [sample(l, T0 + 1, 3)] });
    await store.appendScrape({ samples: [sample(l, T0 + 1, 4)] });
    expect(dump(await store.select([m("__name__", "=", "d")], T0, T0 + 10))).toEqual([`{__name__="d"} ${T0}=2 ${T0 + 1}=4`]);
  });

  it("drops empty label values and validates input before writing anything", async () => {
    await store.appendScrape({ samples: [sample({ __name__: "e", x: "" }, T0, 1)] });
    expect(await store.series([m("__name__", "=", "e")])).toEqual([{ __name__: "e" }]);
    const bad = [sample({ __name__: "ok" }, T0, 1), { labels: { __name__: "bad" }, timestamp: 1.5, value: 1 }];
    await expect(store.appendScrape({ samples: bad })).rejects.toThrow(/samples\[1\].*timestamp/);
    await expect(store.appendScrape({ samples: [{ labels: {}, timestamp: T0, value: 1 }] })).rejects.toThrow(TsdbInputError);
    expect(await store.labelValues("__name__")).toEqual(["e"]);
  });

  it("commits a scrape all or nothing when the database fails midway", async () => {
    await store.appendScrape({ samples: [sample(up, T0, 1)] });
    // A trigger makes the head insert fail after the new series rows were written in the same transaction.
    await t.db.execute(sql.raw(`CREATE FUNCTION tsdb_test_fail() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.min_t = ${T0 + 666} THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$`));
    await t.db.execute(sql.raw(`CREATE TRIGGER tsdb_test_fail BEFORE INSERT ON tsdb_head_batches FOR EACH ROW EXECUTE FUNCTION tsdb_test_fail()`));
    const batch = {
      samples: [sample(up, T0 + 15_000, 1), sample(gw, T0 + 15_000, 5), sample(api0, T0 + 666, 1)],
      metadata: [{ metric: "up", type: "gauge", help: "target up" }],
    };
    await expect(store.appendScrape(batch)).rejects.toThrow();
    expect(await store.labelValues("instance")).toEqual(["a:9090"]);
    expect(dump(await store.select([m("__name__", "=~", ".+")], T0, T0 + 100_000))).toEqual([
      `{__name__="up",instance="a:9090",job="api"} ${T0}=1`,
    ]);
    expect(await store.metadata()).toEqual([]);
    await t.db.execute(sql.raw(`DROP TRIGGER tsdb_test_fail ON tsdb_head_batches`));
    // The ids seen inside the failed transaction must not have been cached.
    const r = await store.appendScrape(batch);
    expect(r).toEqual({ samples: 3, seriesCreated: 2 });
    expect((await store.select([m("__name__", "=~", ".+")], T0, T0 + 100_000)).length).toBe(3);
    expect(await store.metadata("up")).toEqual([{ metric: "up", type: "gauge", help: "target up", unit: "" }]);
  });

  it("creates each series once when several stores append concurrently", async () => {
    const stores = [createTsdb(t.db), createTsdb(t.db), createTsdb(t.db)];
    const labels = Array.from({ length: 50 }, (_, i) => ({ __name__: "c", i: String(i) }));
    const results = await Promise.all(
      stores.map((s, k) => s.appendScrape({ samples: labels.map((l) => sample(l, T0 + k, k)) })),
    );
    expect(results.reduce((a, r) => a + r.seriesCreated, 0)).toBe(50);
    const got = await store.select([m("__name__", "=", "c")], T0, T0 + 10);
    expect(got.length).toBe(50);
    for (const s of got) expect(Array.from(s.timestamps)).toEqual([T0, T0 + 1, T0 + 2]);
  });

  it("answers series, label name and label value lookups", async () => {
    await seed();
    await store.appendScrape({ samples: [sample({ __name__: "late", zone: "eu" }, T0 + 3_600_000, 1)] });
    expect(await store.labelNames()).toEqual(["__name__", "code", "instance", "job", "zone"]);
    expect(await store.labelNames([m("job", "=", "gateway")])).toEqual(["__name__", "instance", "job"]);
    expect(await store.labelValues("job")).toEqual(["api", "gateway"]);
    expect(await store.labelValues("instance", [m("code", "=~", ".+")])).toEqual(["a:9090", "b:9090"]);
    expect(await store.labelValues("__name__", [], T0 + 3_000_000, T0 + 4_000_000)).toEqual(["late"]);
    expect(await store.labelNames([], T0, T0 + 1000)).toEqual(["__name__", "code", "instance", "job"]);
    expect(await store.series([m("__name__", "=", "up")], T0, T0 + 1000)).toEqual([up]);
    expect(await store.series([m("__name__", "=", "up")], T0 + 100_000, T0 + 200_000)).toEqual([]);
  });

  it("uses an injected matcher compiler for regular expressions", async () => {
    await seed();
    // Stands in for the PromQL engine's RE2 translation: here, case-insensitive matching.
    const ci = createTsdb(t.db, {
      matcherPredicate: (mt) => {
        const re = new RegExp(`^(?:${mt.value})$`, "i");
        return mt.type === "=~" ? (v) => re.test(v) : mt.type === "!~" ? (v) => !re.test(v) : (v) => (mt.type === "=" ? v === mt.value : v !== mt.value);
      },
    });
    expect((await ci.select([m("job", "=~", "API")], T0, T0 + 60_000)).length).toBe(3);
    expect(await ci.labelValues("instance", [m("job", "=~", "GATEWAY")])).toEqual(["c:9090"]);
    expect((await store.select([m("job", "=~", "API")], T0, T0 + 60_000)).length).toBe(0);
  });

  it("upserts metric metadata", async () => {
    await store.appendScrape({ samples: [], metadata: [{ metric: "up", type: "gauge", help: "a" }] });
    await store.appendScrape({ samples: [], metadata: [{ metric: "up", type: "gauge", help: "b", unit: "" }] });
    await store.appendScrape({ samples: [], metadata: [{ metric: "x_seconds", type: "histogram", help: "h", unit: "seconds" }] });
    expect(await store.metadata()).toEqual([
      { metric: "up", type: "gauge", help: "b", unit: "" },
      { metric: "x_seconds", type: "histogram", help: "h", unit: "seconds" },
    ]);
  });
});
