import { formatDuration } from "@/lib/config";
import { listTargets, scrapeSetup } from "@/lib/scrape";
import { promApiRoute } from "@/app/_server/prom-api";

/**
 * Scrape targets in Prometheus's /api/v1/targets shape (Headroom's own scraper; `state=` filters
 * as Prometheus does). Headroom drops no targets, so droppedTargets is always empty.
 */
export const GET = promApiRoute("/api/v1/targets", async (p, _ds, _ctx, rt) => {
  const state = p.optional("state") ?? "any";
  const jobs = await listTargets(rt.database.db, scrapeSetup(rt.config, /*turbopackIgnore: true*/ process.cwd()), Date.now());
  const activeTargets = jobs.flatMap((j) =>
    j.targets.map((t) => {
      const url = new URL(t.url);
      return {
        discoveredLabels: { __address__: url.host, __scheme__: url.protocol.replace(":", ""), __metrics_path__: url.pathname, job: t.job },
        labels: t.labels,
        scrapePool: t.job,
        scrapeUrl: t.url,
        globalUrl: t.url,
        lastError: t.lastError ?? "",
        lastScrape: t.lastScrapeAt ? t.lastScrapeAt.toISOString() : "0001-01-01T00:00:00Z",
        lastScrapeDuration: (t.lastDurationMs ?? 0) / 1000,
        health: t.health,
        scrapeInterval: formatDuration(t.intervalMs),
        scrapeTimeout: formatDuration(t.timeoutMs),
      };
    }),
  );
  return { data: { activeTargets: state === "dropped" ? [] : activeTargets, droppedTargets: [] } };
});
