import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { testDatabases } from "@/db/testing";
import { scrapeTargetStatus } from "@/db/schema";
import { addDbTarget, listDbTargets } from "@/lib/scrape";
import { DEMO_JOB } from "./decision";
import { ensureDemoTarget, listDemoTargets, listTargetRows, readDemoSetting, removeDemoTargets, writeDemoSetting } from "./store";

describe.each(testDatabases())("the demo's rows on $kind", ({ open }) => {
  let h: DbHandle;
  beforeEach(async () => {
    h = await open();
  });
  afterEach(async () => {
    await h.close();
  });

  it("keeps exactly one demo target whatever URL it moves to, and leaves the operator's alone", async () => {
    await addDbTarget(h.db, { job: "vllm", url: "http://10.0.0.5:8000/metrics", labels: {}, interval: null });
    await ensureDemoTarget(h.db, "http://127.0.0.1:4000/metrics", null);
    await ensureDemoTarget(h.db, "http://127.0.0.1:4000/metrics", null);
    expect(await listDemoTargets(h.db)).toEqual([{ id: expect.any(Number), url: "http://127.0.0.1:4000/metrics" }]);
    const [first] = await listDemoTargets(h.db);
    await h.db.insert(scrapeTargetStatus).values({
      key: "k",
      job: DEMO_JOB,
      url: first.url,
      labels: {},
      source: "database",
      targetId: first.id,
      health: "up",
      intervalMs: 1000,
      timeoutMs: 1000,
      updatedAt: new Date(),
    });
    await ensureDemoTarget(h.db, "http://127.0.0.1:4001/metrics", 1000);
    const rows = await listDbTargets(h.db);
    expect(rows.map((r) => [r.job, r.url, r.intervalMs])).toEqual([
      ["vllm", "http://10.0.0.5:8000/metrics", null],
      [DEMO_JOB, "http://127.0.0.1:4001/metrics", 1000],
    ]);
    expect(rows[1].labels).toEqual({ demo: "true", instance: "headroom-demo" });
    expect(await h.db.select().from(scrapeTargetStatus)).toEqual([]); // the old row's status went with it
    expect(await listTargetRows(h.db)).toHaveLength(2);
    expect(await removeDemoTargets(h.db)).toBe(1);
    expect(await removeDemoTargets(h.db)).toBe(0);
    expect((await listDbTargets(h.db)).map((r) => r.job)).toEqual(["vllm"]);
  });

  it("stores the Settings page's switch", async () => {
    expect(await readDemoSetting(h.db)).toBeNull();
    await writeDemoSetting(h.db, false);
    expect(await readDemoSetting(h.db)).toBe(false);
    await writeDemoSetting(h.db, true);
    expect(await readDemoSetting(h.db)).toBe(true);
  });
});
