import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openDb, queryRows } from "./client";
import { testDatabases } from "./testing";

const journal = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, "migrations/meta/_journal.json"), "utf8"));

describe.each(testDatabases())("migrations on $kind", ({ open }) => {
  it("apply every migration and create the tables", async () => {
    const h = await open();
    try {
      const rows = await queryRows<{ table_name: string }>(
        h.db,
        sql`SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1`,
      );
      const tables = rows.map((r) => r.table_name);
      expect(tables).toEqual(expect.arrayContaining(["job_leases", "job_runs"]));
      expect(journal.entries.length).toBeGreaterThan(0);
    } finally {
      await h.close();
    }
  });
});

describe("embedded database", () => {
  it("keeps data across a reopen of its directory, and refuses a second live process", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "headroom-db-"));
    const first = await openDb({ dataDir: dir });
    await first.db.execute(sql`INSERT INTO job_leases VALUES ('j', 'h', now())`);
    await first.close();
    const second = await openDb({ dataDir: dir });
    expect(await queryRows(second.db, sql`SELECT holder FROM job_leases`)).toEqual([{ holder: "h" }]);
    await second.close();
    fs.writeFileSync(path.join(dir, "headroom.pid"), String(process.ppid));
    await expect(openDb({ dataDir: dir })).rejects.toThrow(/in use by another Headroom process/);
    fs.writeFileSync(path.join(dir, "headroom.pid"), "999999999"); // a dead pid is stale
    const third = await openDb({ dataDir: dir });
    await third.close();
  });
});
