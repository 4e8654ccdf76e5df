import { Registry } from "prom-client";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { testDatabases } from "@/db/testing";
import { createTsdb, type Tsdb } from "@/lib/tsdb";
import { addDbTarget, removeDbTarget } from "./db-targets";
import { listTargets, TargetDiscovery } from "./discovery";
import { ScrapeManager } from "./manager";
import { scrapeMetrics } from "./metrics";
import { dbStatusStore } from "./status-store";
import { scrapeConfig, setupOf } from "./test-helpers";
import { startTestServer, type TestServer } from "./test-server";

const metrics = scrapeMetrics(new Registry());

describe.each(testDatabases())("ScrapeManager on $kind", ({ open }) => {
  let h: DbHandle;
  let tsdb: Tsdb;
  let server: TestServer;
  let manager: ScrapeManager;

  beforeAll(async () => {
    server = await startTestServer({
      "/fast": { kind: "body", body: "fast_metric 1\n" },
      "/slow": { kind: "body", body: "slow_metric 1\n", delayMs: 150 },
      "/hang": { kind: "hang" },
      "/garbage": { kind: "body", body: "{{{\n" },
    });
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(async () => {
    h = await open();
    tsdb = createTsdb(h.db);
    manager = new ScrapeManager({ appender: tsdb, status: dbStatusStore(h.db), metrics, userAgent: "Headroom/test" });
  });
  afterEach(async () => {
    await manager.stop();
    await h.close();
  });

  const upSamples = async (job: string, from: number, to: number) => {
    const [s] = await tsdb.select(
      [
        { type: "=", name: "__name__", value: "up" },
        { type: "=", name: "job", value: job },
      ],
      from,
      to,
    );
    return s ? Array.from(s.values).map((v, i) => (s.stale?.[i] ? "stale" : v)) : [];
  };

  it("keeps scraping the other targets on time while one hangs, and reports every target", async () => {
    const setup = setupOf([
      scrapeConfig("job_name: fast\nscrape_interval: 1s"),
      scrapeConfig("job_name: hang\nscrape_interval: 1s\nscrape_timeout: 700ms"),
      scrapeConfig("job_name: garbage\nscrape_interval: 1s"),
    ]);
    for (const [job, p, intervalMs] of [
      ["fast", "/fast", 100],
      ["slow", "/slow", 200],
      ["hang", "/hang", null],
      ["garbage", "/garbage", null],
    ] as const) {
      await addDbTarget(h.db, { job, url: `http://${server.address}${p}`, labels: {}, interval: intervalMs });
    }
    const discovery = new TargetDiscovery(setup, h.db);
    const start = Date.now();
    await manager.sync(await discovery.discover(start), start);
    expect((await listTargets(h.db, setup, Date.now())).flatMap((j) => j.targets.map((t) => t.health))).toEqual(["unknown", "unknown", "unknown", "unknown"]);

    await manager.runUntil(start + 1600, new AbortController().signal);
    await manager.whenIdle();
    const end = Date.now();
    // A fast target every 100 ms for 1.6 s, whatever the hanging one does.
    const fast = await upSamples("fast", start, end);
    expect(fast.length).toBeGreaterThanOrEqual(10);
    expect(fast.every((v) => v === 1)).toBe(true);
    expect((await upSamples("slow", start, end)).length).toBeGreaterThanOrEqual(5);
    const hang = await upSamples("hang", start, end);
    expect(hang.length).toBeGreaterThanOrEqual(1);
    expect(hang.every((v) => v === 0)).toBe(true);

    const jobs = await listTargets(h.db, setup, Date.now());
    const byJob = Object.fromEntries(jobs.map((j) => [j.job, j.targets[0]]));
    expect(byJob.fast).toMatchObject({ health: "up", lastSamples: 1, lastError: null, source: "database" });
    expect(byJob.fast.lastDurationMs).toBeLessThan(500); // never waits behind the 700 ms hang
    expect(byJob.hang).toMatchObject({ health: "down", lastSamples: 0, lastError: "scrape timed out after 0.7s (scrape_timeout)" });
    expect(byJob.hang.lastDurationMs).toBeGreaterThanOrEqual(650);
    expect(byJob.garbage.health).toBe("down");
    expect(byJob.garbage.lastError).toMatch(/^invalid exposition: line 1: /);
    expect(byJob.fast.lastScrapeAt!.getTime()).toBeGreaterThan(start);
    expect(byJob.fast.overdue).toBe(false);
    // Seen from a minute later with no scraping in between: every recorded status is overdue.
    const later = await listTargets(h.db, setup, end + 60_000);
    expect(later.flatMap((j) => j.targets.map((t) => t.overdue))).toEqual([true, true, true, true]);
  });

  it("picks up a target added in the database, and marks it stale when it is removed", async () => {
    const setup = setupOf([]);
    const discovery = new TargetDiscovery(setup, h.db);
    const row = await addDbTarget(h.db, { job: "adhoc", url: `http://${server.address}/fast`, labels: { team: "ml" }, interval: 100 });
    expect(row).not.toBeNull();
    expect(await addDbTarget(h.db, { job: "adhoc", url: `http://${server.address}/fast`, labels: {}, interval: null })).toBeNull();
    const start = Date.now();
    await manager.sync(await discovery.discover(start), start);
    await manager.runUntil(start + 400, new AbortController().signal);
    await manager.whenIdle();
    const [job] = await listTargets(h.db, setup, Date.now());
    expect(job).toMatchObject({ job: "adhoc", up: 1 });
    expect(job.targets[0]).toMatchObject({ health: "up", targetId: row!.id, labels: { job: "adhoc", instance: server.address, team: "ml" } });

    expect(await removeDbTarget(h.db, row!.id)).toBe(true);
    expect(await removeDbTarget(h.db, row!.id)).toBe(false);
    const removedAt = Date.now() + 1;
    await manager.sync(await discovery.discover(removedAt), removedAt);
    await manager.whenIdle();
    expect(await listTargets(h.db, setup, Date.now())).toEqual([]);
    const up = await upSamples("adhoc", start, Date.now() + 10);
    expect(up.at(-1)).toBe("stale");
    expect(up.slice(0, -1).every((v) => v === 1)).toBe(true);
  });

  it("shows configured targets as unknown before the first scrape", async () => {
    const setup = setupOf([scrapeConfig("job_name: vllm\nstatic_configs:\n  - targets: ['10.0.0.5:8000']\n    labels: { model: m }")]);
    const [job] = await listTargets(h.db, setup, Date.now());
    expect(job.job).toBe("vllm");
    expect(job.targets[0]).toMatchObject({ health: "unknown", url: "http://10.0.0.5:8000/metrics", source: "config", lastScrapeAt: null });
  });
});
