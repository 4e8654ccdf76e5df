import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { defaultMigrationsDir, openDb, type DbHandle } from "@/db/client";
import { testDatabaseUrl } from "@/db/testing";
import { createTsdb } from "./store";
import { seriesRef } from "./series-index";
import { intArray, floatArray, textArray } from "./sql-util";

// Migration 0007 turns the old one-row-per-sample head into head batches; stores upgraded from
// an earlier version must read exactly what they held.

const LAST_OLD = "0006_bench-queue";
const dirs: string[] = [];

/** A migrations folder holding the journal up to and including `tag`. */
function migrationsUpTo(tag: string): string {
  const src = defaultMigrationsDir();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "headroom-mig-"));
  dirs.push(dir);
  fs.mkdirSync(path.join(dir, "meta"));
  const journal = JSON.parse(fs.readFileSync(path.join(src, "meta", "_journal.json"), "utf8"));
  const idx = journal.entries.findIndex((e: { tag: string }) => e.tag === tag);
  if (idx < 0) throw new Error(`no migration ${tag}`);
  journal.entries = journal.entries.slice(0, idx + 1);
  for (const e of journal.entries) fs.copyFileSync(path.join(src, `${e.tag}.sql`), path.join(dir, `${e.tag}.sql`));
  fs.writeFileSync(path.join(dir, "meta", "_journal.json"), JSON.stringify(journal));
  return dir;
}

afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

const T0 = 1_750_000_000_000;
/** Old head contents: 2,500 series (ids span three groups of 1,000) over 40 minutes, with markers. */
function oldHead(): { labels: Record<string, string>[]; sid: number[]; t: number[]; v: (number | null)[] } {
  const labels = Array.from({ length: 2_500 }, (_, i) => ({ __name__: "old_metric", i: String(i) }));
  const sid: number[] = [];
  const t: number[] = [];
  const v: (number | null)[] = [];
  for (let s = 0; s < labels.length; s += 7) {
    for (let k = 0; k < 160; k += 13) {
      sid.push(s + 1);
      t.push(T0 + k * 15_000);
      v.push(k === 156 && s % 2 === 0 ? null : s * 1000 + k + 0.5);
    }
  }
  return { labels, sid, t, v };
}

async function fillOldHead(h: DbHandle): Promise<ReturnType<typeof oldHead>> {
  const data = oldHead();
  const refs = data.labels.map((l, i) => seriesRef(l, `labels[${i}]`));
  await h.db.execute(sql`INSERT INTO tsdb_series (id, key_hash, labels)
    SELECT i, decode(h, 'hex'), l::jsonb FROM unnest(${intArray(refs.map((_, i) => i + 1))}::int4[],
      ${textArray(refs.map((r) => r.hash))}::text[], ${textArray(refs.map((r) => JSON.stringify(r.labels)))}::text[]) AS x(i, h, l)`);
  await h.db.execute(sql`SELECT setval(pg_get_serial_sequence('tsdb_series', 'id'), ${refs.length})`);
  await h.db.execute(sql`INSERT INTO tsdb_postings (name, value, series_id)
    SELECT e.key, e.value, s.id FROM tsdb_series s CROSS JOIN LATERAL jsonb_each_text(s.labels) AS e`);
  await h.db.execute(sql`INSERT INTO tsdb_head (series_id, t, v)
    SELECT * FROM unnest(${intArray(data.sid)}::int4[], ${intArray(data.t)}::int8[], ${floatArray(data.v)}::float8[])`);
  return data;
}

async function checkUpgraded(h: DbHandle, data: ReturnType<typeof oldHead>): Promise<void> {
  const tables = await h.db.execute(sql`SELECT to_regclass('tsdb_head') AS t`);
  expect((tables as unknown as { rows: { t: unknown }[] }).rows[0].t).toBeNull();
  const store = createTsdb(h.db);
  const got = await store.select([{ name: "__name__", type: "=", value: "old_metric" }], 0, T0 + 10 * 3_600_000);
  const byI = new Map(got.map((s) => [Number(s.labels.i), s]));
  let checked = 0;
  for (let j = 0; j < data.sid.length; j++) {
    const s = byI.get(data.sid[j] - 1);
    expect(s, `series ${data.sid[j]}`).toBeDefined();
    const k = Array.from(s!.timestamps).indexOf(data.t[j]);
    expect(k).toBeGreaterThanOrEqual(0);
    if (data.v[j] === null) expect(s!.stale?.[k]).toBe(1);
    else expect(s!.values[k]).toBe(data.v[j]);
    checked++;
  }
  expect(got.reduce((a, s) => a + s.timestamps.length, 0)).toBe(data.sid.length);
  expect((await store.stats()).headSamples).toBe(checked);
  // Upgraded rows compact like new ones, and new appends land beside them.
  await store.appendScrape({ samples: [{ labels: { __name__: "old_metric", i: "0" }, value: 9, timestamp: T0 + 3_000_000 }] });
  const c = await store.compact(T0 + 4 * 3_600_000, { graceMs: 0 });
  expect(c.samples).toBe(checked + 1);
  const after = await store.select([{ name: "__name__", type: "=", value: "old_metric" }], 0, T0 + 10 * 3_600_000);
  expect(after.reduce((a, s) => a + s.timestamps.length, 0)).toBe(checked + 1);
}

describe("migration 0007: the old head table becomes head batches", () => {
  it("on PGlite, keeping every sample and marker", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "headroom-mig-db-"));
    dirs.push(dir);
    const old = await openDb({ dataDir: dir, migrationsDir: migrationsUpTo(LAST_OLD) });
    let data;
    try {
      data = await fillOldHead(old);
    } finally {
      await old.close();
    }
    const h = await openDb({ dataDir: dir });
    try {
      await checkUpgraded(h, data);
    } finally {
      await h.close();
    }
  });

  const url = testDatabaseUrl();
  it.runIf(url || process.env.CI === "true")("on PostgreSQL, keeping every sample and marker", async () => {
    if (!url) throw new Error("CI=true needs TEST_DATABASE_URL");
    const schema = `t_${randomBytes(6).toString("hex")}`;
    try {
      const old = await openDb({ url, schema, migrationsDir: migrationsUpTo(LAST_OLD), poolSize: 2 });
      let data;
      try {
        data = await fillOldHead(old);
      } finally {
        await old.close();
      }
      const h = await openDb({ url, schema, poolSize: 2 });
      try {
        await checkUpgraded(h, data);
      } finally {
        await h.close();
      }
    } finally {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    }
  });
});
