import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { testDatabases } from "@/db/testing";
import { dbStatusStore, listTargetStatus } from "./status-store";
import { settingsOf } from "./test-helpers";
import type { ScrapeResult, Target } from "./types";

function target(i: number): Target {
  return {
    key: `k${i}`,
    job: "j",
    url: `http://127.0.0.1:${9000 + i}/metrics`,
    labels: { job: "j", instance: `127.0.0.1:${9000 + i}` },
    source: "config",
    targetId: null,
    settings: { ...settingsOf("job_name: j\nscrape_interval: 2s") },
  };
}

const result = (at: number, stored: number, error: string | null = null): ScrapeResult => ({
  health: error ? "down" : "up",
  at,
  durationMs: 12.5,
  scraped: stored,
  stored,
  seriesAdded: 0,
  staleMarkers: 0,
  error,
});

describe.each(testDatabases())("scrape status rows on $kind", ({ open }) => {
  let h: DbHandle;
  beforeEach(async () => {
    h = await open();
  });
  afterEach(() => h.close());

  it("writes status rows of scrapes finishing together in one go, each call resolving once its row is stored", async () => {
    const store = dbStatusStore(h.db);
    const targets = Array.from({ length: 30 }, (_, i) => target(i));
    await store.syncTargets(targets, 1_000);
    const T = Date.UTC(2026, 0, 1);
    // Two results for target 0 in the same window: the later one is what the page shows.
    await Promise.all([
      ...targets.map((t, i) => store.recordScrape(t, result(T, i))),
      store.recordScrape(targets[0], result(T + 1, 0, "connection refused")),
    ]);
    const rows = await listTargetStatus(h.db);
    expect(rows.length).toBe(30);
    const byKey = new Map(rows.map((r) => [r.key, r]));
    for (let i = 1; i < 30; i++) {
      expect(byKey.get(`k${i}`)).toMatchObject({ health: "up", lastSamples: i, lastError: null, lastDurationMs: 12.5 });
      expect(byKey.get(`k${i}`)!.lastScrapeAt!.getTime()).toBe(T);
    }
    expect(byKey.get("k0")).toMatchObject({ health: "down", lastError: "connection refused" });
    // A later scrape, alone, is written too.
    await store.recordScrape(targets[5], result(T + 2_000, 77));
    expect((await listTargetStatus(h.db)).find((r) => r.key === "k5")).toMatchObject({ lastSamples: 77 });
  });

  it("rejects every waiting call when the write fails", async () => {
    const store = dbStatusStore(h.db);
    await h.close();
    await expect(store.recordScrape(target(1), result(1, 1))).rejects.toThrow();
    h = await open(); // for afterEach
  });
});
