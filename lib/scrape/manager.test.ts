import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import type { ScrapeBatch } from "@/lib/tsdb";
import { ScrapeError } from "./errors";
import { ScrapeAbortedError, type Fetcher, type ScrapeRequest } from "./http-client";
import { ScrapeManager } from "./manager";
import { scrapeMetrics } from "./metrics";
import { nextScrapeAt } from "./schedule";
import { databaseTarget } from "./targets";
import { setupOf } from "./test-helpers";
import type { ScrapeResult, Target, TargetStatusSink } from "./types";

const T = 1_700_000_000_000;

function target(host: string, intervalMs = 15_000): Target {
  const t = databaseTarget({ id: 1, job: "j", url: `http://${host}/metrics`, labels: {}, intervalMs }, setupOf([]));
  return { ...t, settings: { ...t.settings, timeoutMs: Math.min(t.settings.timeoutMs, intervalMs) } };
}

/** Bodies per host; "hang" waits until aborted; an Error is thrown. */
function fakeFetch(bodies: Record<string, string | "hang" | Error>, calls: string[] = []): Fetcher {
  return (req: ScrapeRequest) => {
    const host = new URL(req.url).host;
    calls.push(host);
    const b = bodies[host];
    if (b instanceof Error) return Promise.reject(b);
    if (b === "hang") {
      return new Promise((_, reject) => {
        if (req.signal.aborted) reject(new ScrapeAbortedError());
        req.signal.addEventListener("abort", () => reject(new ScrapeAbortedError()), { once: true });
      });
    }
    return Promise.resolve({ body: b, contentType: "text/plain; version=0.0.4", bytes: b.length });
  };
}

function memory() {
  const batches: ScrapeBatch[] = [];
  const recorded: Array<{ key: string; result: ScrapeResult }> = [];
  const synced: string[][] = [];
  const appender = {
    async appendScrape(b: ScrapeBatch) {
      batches.push(b);
      return { samples: b.samples.length, seriesCreated: 0 };
    },
  };
  const status: TargetStatusSink = {
    async syncTargets(ts) {
      synced.push(ts.map((t) => t.labels.instance));
    },
    async recordScrape(t, result) {
      recorded.push({ key: t.key, result });
    },
  };
  return { batches, recorded, synced, appender, status };
}

function manager(fetch: Fetcher, m = memory()) {
  return new ScrapeManager({ appender: m.appender, status: m.status, fetch, metrics: scrapeMetrics(new Registry()) });
}

const names = (b: ScrapeBatch) => b.samples.map((s) => `${s.labels.__name__}${s.stale ? "(stale)" : ""}`);

describe("ScrapeManager", () => {
  it("schedules each target at its own phase and records the target list", async () => {
    const m = memory();
    const mgr = manager(fakeFetch({}), m);
    const a = target("a:1");
    await mgr.sync([a], T);
    expect(mgr.states()[0].nextAt).toBe(nextScrapeAt(a.key, 15_000, T));
    expect(m.synced).toEqual([["a:1"]]);
    await mgr.sync([a], T + 1000); // unchanged: not written again
    expect(m.synced).toHaveLength(1);
  });

  it("never lets a hanging target hold up the others", async () => {
    const m = memory();
    const calls: string[] = [];
    const mgr = manager(fakeFetch({ "slow:1": "hang", "fast:1": "x 1\n" }, calls), m);
    const slow = target("slow:1");
    const fast = target("fast:1");
    await mgr.sync([slow, fast], T);
    const far = T + 60_000;
    expect(mgr.launchDue(far)).toBe(2);
    await new Promise((r) => setTimeout(r, 10));
    expect(m.recorded.map((r) => r.result.health)).toEqual(["up"]);
    expect(mgr.inFlightCount()).toBe(1);
    // The next slot: the hanging scrape is skipped, not doubled; the fast target is scraped again.
    expect(mgr.launchDue(far + 15_000)).toBe(1);
    await new Promise((r) => setTimeout(r, 10));
    expect(calls.filter((c) => c === "slow:1")).toHaveLength(1);
    expect(calls.filter((c) => c === "fast:1")).toHaveLength(2);
    await mgr.stop();
    expect(mgr.inFlightCount()).toBe(0);
  });

  it("writes samples, staleness markers and report series of a scrape as one batch", async () => {
    const m = memory();
    const bodies: Record<string, string | Error> = { "a:1": "x 1\ny 1\n" };
    const mgr = manager(fakeFetch(bodies), m);
    const a = target("a:1");
    await mgr.sync([a], T);
    mgr.launchDue(T + 60_000);
    await mgr.whenIdle();
    bodies["a:1"] = "x 2\n";
    mgr.launchDue(T + 75_000);
    await mgr.whenIdle();
    expect(m.batches).toHaveLength(2);
    expect(names(m.batches[1])).toEqual([
      "x",
      "y(stale)",
      "up",
      "scrape_duration_seconds",
      "scrape_samples_scraped",
      "scrape_samples_post_metric_relabeling",
      "scrape_series_added",
    ]);
    expect(m.batches[1].samples.find((s) => s.labels.__name__ === "scrape_series_added")!.value).toBe(0);
  });

  it("records a failed scrape as down with up=0, and marks all series stale", async () => {
    const m = memory();
    const bodies: Record<string, string | Error> = { "a:1": "x 1\n" };
    const mgr = manager(fakeFetch(bodies), m);
    await mgr.sync([target("a:1")], T);
    mgr.launchDue(T + 60_000);
    await mgr.whenIdle();
    bodies["a:1"] = new ScrapeError("http", "server returned HTTP status 503 Service Unavailable");
    mgr.launchDue(T + 75_000);
    await mgr.whenIdle();
    const failed = m.batches[1];
    expect(names(failed)).toEqual(["x(stale)", "up", "scrape_duration_seconds", "scrape_samples_scraped", "scrape_samples_post_metric_relabeling", "scrape_series_added"]);
    expect(failed.samples.find((s) => s.labels.__name__ === "up")!.value).toBe(0);
    expect(m.recorded[1].result).toMatchObject({ health: "down", stored: 0, error: "server returned HTTP status 503 Service Unavailable" });
  });

  it("aborts a removed target's scrape and marks its series and report series stale", async () => {
    const m = memory();
    const bodies: Record<string, string | "hang"> = { "a:1": "x 1\n" };
    const mgr = manager(fakeFetch(bodies), m);
    const a = target("a:1");
    await mgr.sync([a], T);
    mgr.launchDue(T + 60_000);
    await mgr.whenIdle();
    bodies["a:1"] = "hang";
    mgr.launchDue(T + 75_000);
    expect(mgr.inFlightCount()).toBe(1);
    await mgr.sync([], T + 80_000);
    await mgr.whenIdle();
    expect(m.batches).toHaveLength(2); // the aborted scrape wrote nothing
    expect(names(m.batches[1])).toEqual([
      "x(stale)",
      "up(stale)",
      "scrape_duration_seconds(stale)",
      "scrape_samples_scraped(stale)",
      "scrape_samples_post_metric_relabeling(stale)",
      "scrape_series_added(stale)",
    ]);
    expect(m.batches[1].samples.every((s) => s.timestamp === T + 80_000)).toBe(true);
    expect(m.synced.at(-1)).toEqual([]);
  });

  it("runs scrapes at their due times until the deadline, and the watchdog aborts leftovers", async () => {
    const m = memory();
    const calls: string[] = [];
    const mgr = manager(fakeFetch({ "a:1": "x 1\n", "h:1": "hang" }, calls), m);
    await mgr.sync([target("a:1", 40), target("h:1", 40)], Date.now());
    await mgr.runUntil(Date.now() + 300, new AbortController().signal);
    const fast = calls.filter((c) => c === "a:1").length;
    expect(fast).toBeGreaterThanOrEqual(5);
    expect(fast).toBeLessThanOrEqual(9);
    expect(calls.filter((c) => c === "h:1")).toHaveLength(1);
    expect(mgr.inFlightCount()).toBeGreaterThanOrEqual(1);
    mgr.armWatchdog(20);
    await new Promise((r) => setTimeout(r, 60));
    expect(mgr.inFlightCount()).toBe(0);
    await mgr.stop();
  });

  it("aborts in-flight scrapes when the run's signal aborts", async () => {
    const mgr = manager(fakeFetch({ "h:1": "hang" }));
    await mgr.sync([target("h:1", 20)], Date.now());
    const ac = new AbortController();
    const run = mgr.runUntil(Date.now() + 10_000, ac.signal);
    await new Promise((r) => setTimeout(r, 50));
    expect(mgr.inFlightCount()).toBe(1);
    ac.abort();
    await run;
    await mgr.whenIdle();
    expect(mgr.inFlightCount()).toBe(0);
    await mgr.stop();
  });
});
