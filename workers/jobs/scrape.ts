import type { Runtime } from "@/lib/runtime";
import { buildInfo } from "@/lib/build-info";
import { dbStatusStore, ScrapeManager, scrapeMetrics, scrapeSetup, TargetDiscovery } from "@/lib/scrape";
import type { JobSpec } from "../runner";

/** One run of the job lasts about this long; runs follow each other back to back. */
const RUN_INTERVAL_MS = 60_000;
/** How often a run re-reads the targets (config, file_sd files, the scrape_targets table). */
const SYNC_EVERY_MS = 5_000;
// A run ends this long before the next tick, so the runner never finds it still running.
const RUN_MARGIN_MS = 500;
// Short, so another worker process takes over soon after this one dies; renewed during runs.
const LEASE_MS = 20_000;

/**
 * The scrape job. The runner's lease keeps it to one process. A run spans almost the whole job
 * interval: it re-reads the targets every few seconds and launches scrapes at their due times.
 * Scrapes run on their own and are never awaited, so a slow target delays nothing. Because a run
 * is nearly always in progress, a stopping runner aborts the scrapes through the run's signal;
 * a watchdog aborts them if runs stop coming (the lease went elsewhere).
 */
export function scrapeJob(rt: Runtime, log: (line: string) => void = console.log, cwd = /*turbopackIgnore: true*/ process.cwd()): JobSpec {
  const db = rt.database.db;
  const metrics = scrapeMetrics();
  const discovery = new TargetDiscovery(scrapeSetup(rt.config, cwd), db, (message) => {
    metrics.sdErrors.inc();
    log(`scrape: ${message}`);
  });
  const manager = new ScrapeManager({
    appender: rt.tsdb,
    status: dbStatusStore(db),
    userAgent: `Headroom/${buildInfo().version}`,
    log,
    metrics,
  });
  return {
    name: "scrape",
    intervalMs: RUN_INTERVAL_MS,
    catchUp: true,
    leaseMs: LEASE_MS,
    async run({ signal, now }) {
      const end = now + RUN_INTERVAL_MS - RUN_MARGIN_MS;
      for (let at = now; !signal.aborted && at < end; at = Date.now()) {
        try {
          await manager.sync(await discovery.discover(at), at);
        } catch (err) {
          // Keep scraping the targets already known rather than end the run for a minute.
          log(`scrape: reading the targets failed: ${(err as Error).message}`);
        }
        await manager.runUntil(Math.min(at + SYNC_EVERY_MS, end), signal);
      }
      if (!signal.aborted) manager.armWatchdog(5_000);
    },
  };
}
