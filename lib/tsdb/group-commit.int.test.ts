import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { DbHandle as TestDb } from "@/db/client";
import { testDatabases } from "@/db/testing";
import { createTsdb, type AppendSample, type SeriesMemo, type Tsdb } from "./index";
import { query } from "./sql-util";
import { T0 } from "./test-helpers";

const all = [{ name: "__name__", type: "=~" as const, value: ".+" }];

describe.each(testDatabases())("group commit of steady appends on $kind", ({ open }) => {
  let t: TestDb;
  let store: Tsdb;
  // Five "targets" of ten series each; the memos make their later appends steady.
  const memos: SeriesMemo[][] = Array.from({ length: 5 }, () => Array.from({ length: 10 }, () => ({})));
  const scrape = (target: number, k: number): AppendSample[] =>
    memos[target].map((memo, i) => ({ labels: { __name__: "m", target: String(target), i: String(i) }, value: k * 100 + i, timestamp: T0 + k * 15_000, memo }));

  async function start(groupCommitMs: number): Promise<void> {
    store = createTsdb(t.db, { groupCommitMs, headCache: { spanMs: 10 * 365 * 24 * 3600_000, now: () => T0 + 3600_000 } });
    await store.warmHeadCache();
    for (let target = 0; target < 5; target++) await store.appendScrape({ samples: scrape(target, 0) });
  }
  // Rows written by one statement share its transaction id.
  const transactionsOf = async (afterK: number) =>
    (await query<{ x: string }>(t.db, sql`SELECT DISTINCT xmin::text AS x FROM tsdb_head_batches WHERE min_t >= ${T0 + afterK * 15_000}`)).length;

  beforeEach(async () => {
    t = await open();
    for (const list of memos) for (const m of list) for (const k of Object.keys(m)) delete (m as Record<string, unknown>)[k];
  });
  afterEach(() => t.close());

  it("puts appends arriving together into one statement, each resolved only once stored", async () => {
    await start(200);
    const results = await Promise.all([0, 1, 2, 3, 4].map((target) => store.appendScrape({ samples: scrape(target, 1) })));
    expect(results.map((r) => r.samples)).toEqual([10, 10, 10, 10, 10]);
    expect(await transactionsOf(1)).toBe(1);
    const rows = await query<{ n: unknown }>(t.db, sql`SELECT count(*) AS n FROM tsdb_head_batches`);
    expect(Number(rows[0].n)).toBe(10); // still one head row per append
    const got = await store.select(all, T0, T0 + 15_000);
    expect(got.length).toBe(50);
    for (const s of got) expect(Array.from(s.values)).toEqual([0, 100].map((v) => v + Number(s.labels.i)));
  });

  it("writes each append alone when group commit is off", async () => {
    await start(0);
    await Promise.all([0, 1, 2].map((target) => store.appendScrape({ samples: scrape(target, 1) })));
    expect(await transactionsOf(1)).toBe(3);
  });

  it("never holds an append longer than its batch allows, nor past flush()", async () => {
    await start(60_000);
    const t0 = Date.now();
    await store.appendScrape({ samples: scrape(0, 1), maxDelayMs: 20 });
    expect(Date.now() - t0).toBeLessThan(5_000);
    const waiting = store.appendScrape({ samples: scrape(1, 1) });
    let settled = false;
    void waiting.then(() => (settled = true));
    await new Promise((r) => setTimeout(r, 100));
    expect(settled).toBe(false);
    await store.flush();
    // Written by the time flush() resolves, before the append's own promise is looked at.
    expect(await transactionsOf(1)).toBe(2);
    await waiting;
    expect(settled).toBe(true);
    expect((await store.select(all, T0 + 15_000, T0 + 15_000)).length).toBe(20);
  });

  it("fails every append of a failed statement, stores none of them, and goes on afterwards", async () => {
    await start(200);
    await t.db.execute(sql`ALTER TABLE tsdb_head_batches RENAME TO tsdb_head_batches_away`);
    const outcomes = await Promise.allSettled([0, 1, 2].map((target) => store.appendScrape({ samples: scrape(target, 1) })));
    await t.db.execute(sql`ALTER TABLE tsdb_head_batches_away RENAME TO tsdb_head_batches`);
    expect(outcomes.map((o) => o.status)).toEqual(["rejected", "rejected", "rejected"]);
    expect(await store.select(all, T0 + 15_000, T0 + 15_000)).toEqual([]);
    await Promise.all([0, 1, 2].map((target) => store.appendScrape({ samples: scrape(target, 2) })));
    expect((await store.select(all, T0 + 30_000, T0 + 30_000)).length).toBe(30);
  });
});
