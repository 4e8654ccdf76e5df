import { afterEach, beforeEach, describe, expect, it } from "vitest";
import fc from "fast-check";
import type { DbHandle as TestDb } from "@/db/client";
import { testDatabases } from "@/db/testing";
import type { Matcher } from "@/lib/model";
import { createTsdb, type Tsdb } from "./index";
import { dump, sample, SERIES_POOL, T0 } from "./test-helpers";
import type { AppendSample } from "./types";

const HOUR = 3600_000;
const pool = SERIES_POOL;
const selectors: Matcher[][] = [
  [{ type: "=", name: "__name__", value: "req_total" }],
  [{ type: "=~", name: "job", value: "api|gw" }],
  [{ type: "=", name: "__name__", value: "up" }],
  [
    { type: "=", name: "__name__", value: "req_total" },
    { type: "!=", name: "instance", value: "b" },
  ],
];

const sampleArb = fc.record({
  series: fc.integer({ min: 0, max: pool.length - 1 }),
  // Minutes around "now": some before the cached span, some late, some repeated.
  minute: fc.integer({ min: -200, max: 10 }),
  value: fc.integer({ min: -5, max: 5 }),
  stale: fc.integer({ min: 0, max: 7 }).map((x) => x === 0),
});

describe.each(testDatabases())("tsdb head cache on $kind", ({ open }) => {
  let t: TestDb;
  let clock: number;
  let cached: Tsdb;
  let plain: Tsdb;
  beforeEach(async () => {
    t = await open();
    clock = T0 + 4 * HOUR;
    cached = createTsdb(t.db, { headCache: { spanMs: 2 * HOUR, now: () => clock } });
    plain = createTsdb(t.db);
  });
  afterEach(() => t.close());

  const toSamples = (xs: { series: number; minute: number; value: number; stale: boolean }[]): AppendSample[] =>
    xs.map((x) => sample(pool[x.series], clock + x.minute * 60_000, x.value, x.stale));

  async function same(minT: number, maxT: number) {
    for (const m of selectors) {
      expect(dump(await cached.select(m, minT, maxT))).toEqual(dump(await plain.select(m, minT, maxT)));
    }
  }

  it("answers from memory exactly what the database holds, before and after warming, compaction and trimming", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(sampleArb, { minLength: 1, maxLength: 6 }), { maxLength: 6 }),
        fc.array(fc.array(sampleArb, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: -240, max: 20 }),
        fc.integer({ min: 0, max: 240 }),
        async (before, after, startMin, lenMin) => {
          const db = await open();
          try {
            const c = createTsdb(db.db, { headCache: { spanMs: 2 * HOUR, now: () => clock } });
            const p = createTsdb(db.db);
            for (const b of before) await p.appendScrape({ samples: toSamples(b) });
            await p.compact(clock + 4 * HOUR); // older windows become chunks
            await c.warmHeadCache();
            expect(c.headCacheSize()?.coveredFrom).toBe(clock - 2 * HOUR);
            for (const [i, a] of after.entries()) {
              await c.appendScrape({ samples: toSamples(a) });
              if (i === 2) await c.compact(clock + 4 * HOUR);
            }
            const minT = clock + startMin * 60_000;
            for (const [lo, hi] of [
              [minT, minT + lenMin * 60_000],
              [clock - 2 * HOUR, clock + HOUR],
              [clock - 3 * HOUR, clock - HOUR],
            ]) {
              for (const m of selectors) expect(dump(await c.select(m, lo, hi))).toEqual(dump(await p.select(m, lo, hi)));
            }
          } finally {
            await db.close();
          }
        },
      ),
      { numRuns: 8 },
    );
  }, 120_000);

  it("moves its covered span forward as time passes and still answers exactly", async () => {
    for (let m = -150; m <= 0; m += 10) await plain.appendScrape({ samples: [sample(pool[0], clock + m * 60_000, m)] });
    await cached.warmHeadCache();
    const start = clock;
    for (let k = 1; k <= 30; k++) {
      clock = start + k * 5 * 60_000;
      await cached.appendScrape({ samples: [sample(pool[0], clock, k), sample(pool[1], clock, -k)] });
    }
    const size = cached.headCacheSize()!;
    expect(size.coveredFrom).toBeGreaterThan(start - 2 * HOUR);
    expect(size.coveredFrom).toBeLessThanOrEqual(clock - 2 * HOUR);
    // Nothing older than the span is held any more.
    expect(size.samples).toBeLessThanOrEqual(2 * (2 * HOUR) / (5 * 60_000) + 4);
    await same(start - 3 * HOUR, clock);
    await same(clock - HOUR, clock);
  });

  it("sees series created after a lookup was cached", async () => {
    await cached.warmHeadCache();
    await cached.appendScrape({ samples: [sample(pool[0], clock, 1)] });
    expect((await cached.select(selectors[0], clock - HOUR, clock)).length).toBe(1);
    await cached.appendScrape({ samples: [sample(pool[1], clock, 2)] });
    expect((await cached.select(selectors[0], clock - HOUR, clock)).length).toBe(2);
    await same(clock - HOUR, clock);
  });

  it("serves the database until warmed, and a later append wins over the loaded value", async () => {
    await plain.appendScrape({ samples: [sample(pool[0], clock - 60_000, 1)] });
    await cached.appendScrape({ samples: [sample(pool[0], clock, 2)] });
    expect(cached.headCacheSize()?.coveredFrom).toBe(Infinity);
    await same(clock - HOUR, clock);
    await cached.warmHeadCache();
    await cached.appendScrape({ samples: [sample(pool[0], clock - 60_000, 7, true)] });
    await same(clock - HOUR, clock);
    const [s] = await cached.select(selectors[0], clock - HOUR, clock);
    expect(s.stale?.[0]).toBe(1);
  });

  it("loads afresh after retention deleted samples inside its span", async () => {
    await cached.warmHeadCache();
    for (let m = -100; m <= 0; m += 5) await cached.appendScrape({ samples: [sample(pool[0], clock + m * 60_000, m), sample(pool[3], clock + m * 60_000, 1)] });
    const r = await cached.applyRetention(clock, { retentionMs: HOUR });
    expect(r.headSamplesDeleted + r.chunksDeleted).toBeGreaterThan(0);
    await same(clock - 2 * HOUR, clock);
    await cached.warmHeadCache();
    expect(cached.headCacheSize()?.coveredFrom).toBe(clock - 2 * HOUR);
    await same(clock - 2 * HOUR, clock);
  });
});
