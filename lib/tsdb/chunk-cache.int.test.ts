import { afterEach, beforeEach, describe, expect, it } from "vitest";
import fc from "fast-check";
import { sql, type SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { openDb, type Db, type DbHandle } from "@/db/client";
import { testDatabases, testDatabaseUrl } from "@/db/testing";
import type { Matcher } from "@/lib/model";
import { readChunksGeneration } from "./chunk-cache";
import { hex, query } from "./sql-util";
import { dump, sample, SERIES_POOL, T0 } from "./test-helpers";
import { createTsdb, type AppendSample, type Tsdb, type TsdbOptions } from "./index";

const H = 3_600_000;
const M = 60_000;
const all: Matcher[] = [{ name: "__name__", type: "=~", value: ".+" }];
const pool = SERIES_POOL;
const selectors: Matcher[][] = [
  all,
  [{ type: "=", name: "__name__", value: "req_total" }],
  [
    { type: "=", name: "__name__", value: "req_total" },
    { type: "!=", name: "instance", value: "b" },
  ],
];
const NO_CACHE: TsdbOptions = { chunkCache: { maxBytes: 0 } };

/** A database handle whose statements are recorded, and optionally interrupted by a hook. */
function recording(db: Db) {
  const dialect = new PgDialect();
  const log: string[] = [];
  let hook: { match: RegExp; run: () => Promise<unknown> } | null = null;
  const proxy = new Proxy(db, {
    get(target, prop) {
      if (prop === "execute") {
        return async (q: SQL) => {
          const text = dialect.sqlToQuery(q).sql;
          log.push(text);
          const res = await target.execute(q);
          const h = hook;
          if (h && h.match.test(text)) {
            hook = null;
            await h.run(); // commits after this statement, before the next one
          }
          return res;
        };
      }
      const v = Reflect.get(target, prop, target);
      return typeof v === "function" ? v.bind(target) : v;
    },
  });
  return {
    db: proxy as Db,
    log,
    /** Statements reading chunks since the log was last cleared. */
    chunkReads: () => log.filter((s) => /FROM tsdb_chunks/.test(s)).length,
    generationReads: () => log.filter((s) => /FROM tsdb_state/.test(s)).length,
    after(match: RegExp, run: () => Promise<unknown>) {
      hook = { match, run };
    },
    hooked: () => hook === null,
  };
}

/** One sample a minute of every pool series over [from, to), in appends of an hour. */
async function ingest(store: Tsdb, from: number, to: number, value = (i: number, t: number) => i * 1000 + (t - T0) / M) {
  for (let t0 = from; t0 < to; t0 += H) {
    const samples: AppendSample[] = [];
    for (let t = t0; t < Math.min(to, t0 + H); t += M) pool.forEach((l, i) => samples.push(sample(l, t, value(i, t))));
    await store.appendScrape({ samples });
  }
}

describe.each(testDatabases())("tsdb chunk cache on $kind", ({ kind, open }) => {
  let t: DbHandle;
  let plain: Tsdb;
  beforeEach(async () => {
    t = await open();
    plain = createTsdb(t.db, NO_CACHE);
  });
  afterEach(() => t.close());

  async function same(store: Tsdb, minT: number, maxT: number, matchers: Matcher[][] = selectors) {
    for (const m of matchers) expect(dump(await store.select(m, minT, maxT))).toEqual(dump(await plain.select(m, minT, maxT)));
  }

  it("serves repeated selects from memory and reads only the windows it lacks", async () => {
    await ingest(plain, T0, T0 + 6 * H);
    await plain.compact(T0 + 7 * H); // windows 0-2 become chunks
    const rec = recording(t.db);
    const store = createTsdb(rec.db);

    await same(store, T0 + 30 * M, T0 + 5 * H, [all]);
    expect(rec.chunkReads()).toBe(1);
    expect(store.chunkCacheSize()).toMatchObject({ entries: 12, hits: 0, misses: 12 }); // 4 series x 3 windows
    expect(store.chunkCacheSize().bytes).toBeGreaterThan(3 * 4 * 100);

    rec.log.length = 0;
    await same(store, T0 + 30 * M, T0 + 5 * H, [all]);
    expect(rec.chunkReads()).toBe(0);
    expect(rec.generationReads()).toBe(1);
    expect(store.chunkCacheSize()).toMatchObject({ hits: 12, misses: 12 });

    // A sub-range, cutting through chunks: memory only.
    await same(store, T0 + 2 * H + 17 * M, T0 + 3 * H, [all]);
    expect(rec.chunkReads()).toBe(0);
    // A wider range, windows -2h..+8h: one query for the four windows not held (all empty).
    await same(store, T0 - 3 * H, T0 + 8 * H + 5, [all]);
    expect(rec.chunkReads()).toBe(1);
    expect(store.chunkCacheSize()).toMatchObject({ entries: 4 * 7, misses: 12 + 4 * 4 });
    rec.log.length = 0;
    await same(store, T0 - 3 * H, T0 + 8 * H + 5);
    expect(rec.chunkReads()).toBe(0);

    // Off: no generation read and nothing held.
    const off = recording(t.db);
    const uncached = createTsdb(off.db, NO_CACHE);
    await uncached.select(all, T0, T0 + 5 * H);
    await uncached.select(all, T0, T0 + 5 * H);
    expect(off.generationReads()).toBe(0);
    expect(off.chunkReads()).toBe(2);
    expect(uncached.chunkCacheSize()).toMatchObject({ entries: 0, bytes: 0, hits: 0, misses: 0 });
  });

  it("sees a compaction that merges late samples into a window it holds", async () => {
    const store = createTsdb(t.db);
    const l = pool[0];
    await plain.appendScrape({ samples: Array.from({ length: 100 }, (_, i) => sample(l, T0 + i * M, i)) });
    await plain.compact(T0 + 3 * H);
    await same(store, T0, T0 + 3 * H);
    const held = store.chunkCacheSize();
    expect(held.entries).toBeGreaterThan(0);
    // Late arrivals: a new timestamp, one replacing a compacted sample, a staleness marker.
    await plain.appendScrape({ samples: [sample(l, T0 + 30, 0.5), sample(l, T0 + M, 99), sample(l, T0 + 90_000, 0, true)] });
    await same(store, T0, T0 + 3 * H); // from the head, chunks still from memory
    expect(store.chunkCacheSize().invalidations).toBe(held.invalidations);
    const r = await plain.compact(T0 + 3 * H);
    expect(r.samples).toBe(3);
    const [{ n }] = await query<{ n: number }>(t.db, sql`SELECT count(*)::int AS n FROM tsdb_chunks`);
    expect(n).toBe(1); // the window's chunk was replaced, the head is empty
    const [s] = await store.select([{ type: "=", name: "__name__", value: "req_total" }], T0, T0 + 3 * H);
    expect(Array.from(s.timestamps.slice(0, 4))).toEqual([T0, T0 + 30, T0 + M, T0 + 90_000]);
    expect(s.values[2]).toBe(99);
    expect(s.stale?.[3]).toBe(1);
    expect(store.chunkCacheSize().invalidations).toBe(held.invalidations + 1);
    await same(store, T0, T0 + 3 * H);
  });

  it("sees compaction and retention by another process", async () => {
    // On PostgreSQL a second pool over the same schema stands for another process; PGlite
    // allows one process, so there it is a second store over the same database.
    let other: DbHandle | null = null;
    if (kind === "postgres") {
      const [{ schema }] = await query<{ schema: string }>(t.db, sql`SELECT current_schema() AS schema`);
      other = await openDb({ url: testDatabaseUrl()!, schema, migrate: false, poolSize: 2 });
    }
    try {
      const writer = createTsdb(other ? other.db : t.db);
      const store = createTsdb(t.db);
      await ingest(writer, T0, T0 + 5 * H);
      await writer.compact(T0 + 5 * H); // windows 0 and 1
      await same(store, T0, T0 + 5 * H);
      await same(store, T0, T0 + 5 * H);
      const hits = store.chunkCacheSize().hits;
      expect(hits).toBeGreaterThan(0);
      // Late samples into window 0 and the next window, compacted by the other one.
      await writer.appendScrape({ samples: [sample(pool[1], T0 + 5 * M + 1, -1), sample(pool[2], T0 + 4 * H, -2), sample(pool[3], T0 + 2 * H, -3)] });
      await writer.compact(T0 + 7 * H);
      await same(store, T0, T0 + 5 * H);
      const [s] = await store.select([{ type: "=", name: "instance", value: "b" }], T0, T0 + 10 * M);
      expect(Array.from(s.values)).toContain(-1);
      // Retention by the other one drops window 0 whole.
      const r = await writer.applyRetention(T0 + 2 * H + 30 * M + 15 * 24 * H);
      expect(r.chunksDeleted).toBe(4);
      await same(store, T0, T0 + 5 * H);
      const [first] = await store.select(all, T0, T0 + 5 * H);
      expect(first.timestamps[0]).toBe(T0 + 2 * H);
    } finally {
      await other?.close();
    }
  });

  it("retention with nothing to delete leaves the cache alone", async () => {
    await ingest(plain, T0, T0 + 3 * H);
    await plain.compact(T0 + 3 * H);
    const store = createTsdb(t.db);
    await same(store, T0, T0 + 3 * H);
    const g = await readChunksGeneration(t.db);
    expect((await plain.applyRetention(T0 + 3 * H)).chunksDeleted).toBe(0);
    expect(await readChunksGeneration(t.db)).toBe(g);
    const rec = recording(t.db);
    const again = createTsdb(rec.db);
    await again.select(all, T0, T0 + 3 * H);
    rec.log.length = 0;
    await again.select(all, T0, T0 + 3 * H);
    expect(rec.chunkReads()).toBe(0);
  });

  describe("with a compaction committing in the middle of a select", () => {
    // Window 0 is compacted; a late sample for it waits in the head. The hook compacts it (its
    // window's chunk is rewritten) right after the given statement of a fresh store's select.
    for (const [name, after] of [
      ["the head read", /FROM tsdb_head_batches/],
      ["the generation read", /FROM tsdb_state/],
      ["the chunk read", /FROM tsdb_chunks/],
    ] as const) {
      it(`still returns every sample, then, and afterwards (after ${name})`, async () => {
        await ingest(plain, T0, T0 + 2 * H);
        await plain.compact(T0 + 3 * H);
        const late = sample(pool[0], T0 + 7 * M + 1, 4242);
        await plain.appendScrape({ samples: [late] });
        const expected = dump(await plain.select(all, T0, T0 + 2 * H));
        expect(expected[0]).toContain(`${late.timestamp}=4242`);
        const rec = recording(t.db);
        const store = createTsdb(rec.db);
        rec.after(after, () => plain.compact(T0 + 3 * H));
        expect(dump(await store.select(all, T0, T0 + 2 * H))).toEqual(expected);
        expect(rec.hooked()).toBe(true);
        expect((await plain.stats()).headSamples).toBe(0);
        // The next select must not use what the first stored if it predates the compaction.
        expect(dump(await store.select(all, T0, T0 + 2 * H))).toEqual(expected);
        expect(dump(await store.select(all, T0, T0 + 2 * H))).toEqual(expected);
      });
    }
  });

  it("does not keep what a slower select read once a newer generation was adopted", async () => {
    await ingest(plain, T0, T0 + 2 * H);
    await plain.compact(T0 + 3 * H);
    await plain.appendScrape({ samples: [sample(pool[2], T0 + 30 * M + 7, -7)] });
    const expected = dump(await plain.select(all, T0, T0 + 2 * H));
    const rec = recording(t.db);
    const store = createTsdb(rec.db);
    let meanwhile: string[] = [];
    // The first select has read the old chunks; then the late sample is compacted and a second
    // select of the same store adopts the new generation and stores the new chunks.
    rec.after(/FROM tsdb_chunks/, async () => {
      await plain.compact(T0 + 3 * H);
      meanwhile = dump(await store.select(all, T0, T0 + 2 * H));
    });
    expect(dump(await store.select(all, T0, T0 + 2 * H))).toEqual(expected);
    expect(meanwhile).toEqual(expected);
    rec.log.length = 0;
    expect(dump(await store.select(all, T0, T0 + 2 * H))).toEqual(expected);
    expect(rec.chunkReads()).toBe(0); // from memory: what the second select stored
  });

  it("stays exact under a tiny byte budget, evicting as it goes", async () => {
    await ingest(plain, T0, T0 + 10 * H);
    await plain.compact(T0 + 11 * H);
    const store = createTsdb(t.db, { chunkCache: { maxBytes: 6_000 } });
    for (const [lo, hi] of [
      [0, 10],
      [1, 3],
      [6, 9.5],
      [0, 10],
      [2.5, 7],
      [0, 4],
    ]) {
      await same(store, T0 + lo * H, T0 + hi * H);
      expect(store.chunkCacheSize().bytes).toBeLessThanOrEqual(6_000);
    }
    const s = store.chunkCacheSize();
    expect(s.evictions).toBeGreaterThan(0);
    expect(s.hits).toBeGreaterThan(0);
    expect(s.entries).toBeGreaterThan(0);
  });

  it("answers exactly what the database holds, with generated appends, late samples, compactions and retention", async () => {
    const sampleArb = fc.record({
      series: fc.integer({ min: 0, max: pool.length - 1 }),
      minute: fc.integer({ min: 0, max: 15 }),
      value: fc.integer({ min: -5, max: 5 }),
      stale: fc.integer({ min: 0, max: 7 }).map((x) => x === 0),
    });
    // An append covers a quarter of an hour, as scrapes do, so that compaction can move it.
    const appendArb = fc.record({ at: fc.integer({ min: 0, max: 10 * 60 - 15 }), samples: fc.array(sampleArb, { minLength: 1, maxLength: 30 }) });
    const stepArb = fc.oneof(
      { weight: 3, arbitrary: fc.record({ append: appendArb }) },
      { weight: 2, arbitrary: fc.record({ compactAtMin: fc.integer({ min: 0, max: 12 * 60 }) }) },
      { weight: 3, arbitrary: fc.record({ fromMin: fc.integer({ min: -150, max: 10 * 60 }), lenMin: fc.integer({ min: 0, max: 10 * 60 }) }) },
      { weight: 1, arbitrary: fc.record({ retainMin: fc.integer({ min: 30, max: 10 * 60 }) }) },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 14 }), async (steps) => {
        const db = await open();
        try {
          const writer = createTsdb(db.db, NO_CACHE);
          const cached = createTsdb(db.db);
          const tiny = createTsdb(db.db, { chunkCache: { maxBytes: 4_000 } });
          const check = async (minT: number, maxT: number) => {
            for (const m of selectors) {
              const want = dump(await writer.select(m, minT, maxT));
              for (let k = 0; k < 2; k++) {
                expect(dump(await cached.select(m, minT, maxT))).toEqual(want);
                expect(dump(await tiny.select(m, minT, maxT))).toEqual(want);
              }
            }
          };
          for (const st of steps) {
            if ("append" in st) {
              const { at, samples } = st.append;
              await writer.appendScrape({ samples: samples.map((x) => sample(pool[x.series], T0 + (at + x.minute) * M, x.value, x.stale)) });
            } else if ("compactAtMin" in st) {
              await writer.compact(T0 + st.compactAtMin * M);
            } else if ("retainMin" in st) {
              await writer.applyRetention(T0 + 10 * H, { retentionMs: st.retainMin * M });
            } else {
              await check(T0 + st.fromMin * M, T0 + (st.fromMin + st.lenMin) * M);
            }
          }
          await check(T0 - H, T0 + 11 * H);
        } finally {
          await db.close();
        }
      }),
      { numRuns: kind === "postgres" ? 8 : 12, endOnFailure: true }, // no shrinking: each run opens a database
    );
  }, 240_000);
});

describe.each(testDatabases())("chunks generation (migration 0008) on $kind", ({ open }) => {
  let t: DbHandle;
  beforeEach(async () => {
    t = await open();
  });
  afterEach(() => t.close());

  const gen = () => readChunksGeneration(t.db);
  const insert = (ex: Pick<Db, "execute">, sid: number, minT: number) =>
    ex.execute(sql`INSERT INTO tsdb_chunks (min_t, max_t, series_id, data) VALUES (${minT}, ${minT + 1}, ${sid}, decode(${hex(new Uint8Array([1, 2]))}, 'hex'))`);

  it("is bumped once by every statement that writes tsdb_chunks, in the writer's transaction", async () => {
    expect(await gen()).toBe(1);
    await t.db.execute(sql`INSERT INTO tsdb_chunks (min_t, max_t, series_id, data) VALUES (0, 1, 1, '\\x00'::bytea), (10, 11, 1, '\\x00'::bytea)`);
    expect(await gen()).toBe(2);
    await t.db.execute(sql`UPDATE tsdb_chunks SET max_t = max_t + 1 WHERE series_id = 1`);
    expect(await gen()).toBe(3);
    await t.db.execute(sql`DELETE FROM tsdb_chunks WHERE min_t = 10`);
    expect(await gen()).toBe(4);
    await t.db.execute(sql`DELETE FROM tsdb_chunks WHERE min_t = 12345`); // statement-level: even when empty
    expect(await gen()).toBe(5);
    await t.db.transaction(async (tx) => {
      await insert(tx, 2, 0);
      await insert(tx, 3, 0);
    });
    expect(await gen()).toBe(7);
    await expect(
      t.db.transaction(async (tx) => {
        await insert(tx, 4, 0);
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    expect(await gen()).toBe(7); // a rolled-back write leaves it as it was
    await t.db.execute(sql`TRUNCATE tsdb_chunks`);
    expect(await gen()).toBe(8);
    // Other tables leave it alone.
    await t.db.execute(sql`INSERT INTO tsdb_rollup_chunks (min_t, max_t, series_id, data) VALUES (0, 1, 1, '\\x00'::bytea)`);
    await createTsdb(t.db).appendScrape({ samples: [sample({ __name__: "x" }, T0, 1)] });
    expect(await gen()).toBe(8);
    // Compaction writes chunks.
    await createTsdb(t.db).compact(T0 + 3 * H);
    expect(await gen()).toBe(9);
  });

  it("comes back if its row is deleted", async () => {
    await t.db.execute(sql`DELETE FROM tsdb_state WHERE key = 'chunks_generation'`);
    expect(await gen()).toBeNull();
    // With no generation the cache is not used; selects read the database.
    const store = createTsdb(t.db);
    await store.appendScrape({ samples: [sample({ __name__: "x" }, T0, 1)] });
    expect((await store.select(all, T0, T0 + H))[0].values[0]).toBe(1);
    await store.compact(T0 + 3 * H);
    expect(await gen()).toBe(1);
    expect((await store.select(all, T0, T0 + H))[0].values[0]).toBe(1);
  });
});
