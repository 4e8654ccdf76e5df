import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import { telemetry } from "@/lib/telemetry";

/** Headroom's own metrics about scraping (bounded labels only: never a job or a URL). */
export interface ScrapeMetrics {
  scrapes: Counter<"outcome">;
  failures: Counter<"reason">;
  duration: Histogram;
  samplesStored: Counter;
  duplicates: Counter;
  staleMarkers: Counter;
  targets: Gauge;
  inFlight: Gauge;
  sdErrors: Counter;
}

// On globalThis: Next.js bundles instrumentation and routes separately, and registering the same
// metric twice on one registry throws.
const g = globalThis as unknown as Record<symbol, WeakMap<Registry, ScrapeMetrics> | undefined>;
const byRegistry = (g[Symbol.for("headroom.scrapeMetrics")] ??= new WeakMap());

/** The scrape metrics on a registry (Headroom's own by default), created once per registry. */
export function scrapeMetrics(registry: Registry = telemetry().registry): ScrapeMetrics {
  const existing = byRegistry.get(registry);
  if (existing) return existing;
  const registers = [registry];
  const m: ScrapeMetrics = {
    scrapes: new Counter({
      name: "headroom_scrape_scrapes_total",
      help: "Scrapes of targets by outcome (up, down).",
      labelNames: ["outcome"],
      registers,
    }),
    failures: new Counter({
      name: "headroom_scrape_failures_total",
      help: "Failed scrapes by reason (http, timeout, body_limit, parse, sample_limit, relabel, append).",
      labelNames: ["reason"],
      registers,
    }),
    duration: new Histogram({
      name: "headroom_scrape_duration_seconds",
      help: "Time from the start of a scrape to its samples being ready to store.",
      buckets: [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    samplesStored: new Counter({
      name: "headroom_scrape_samples_stored_total",
      help: "Samples stored by successful scrapes, after metric relabelling.",
      registers,
    }),
    duplicates: new Counter({
      name: "headroom_scrape_duplicate_samples_total",
      help: "Samples dropped because their series appeared earlier in the same body.",
      registers,
    }),
    staleMarkers: new Counter({
      name: "headroom_scrape_stale_markers_total",
      help: "Staleness markers written for series that disappeared, failed or were removed.",
      registers,
    }),
    targets: new Gauge({ name: "headroom_scrape_targets", help: "Targets currently scraped by this process.", registers }),
    inFlight: new Gauge({ name: "headroom_scrape_in_flight", help: "Scrapes running right now in this process.", registers }),
    sdErrors: new Counter({
      name: "headroom_scrape_sd_errors_total",
      help: "Errors reading file_sd files or target lists; the last good targets are kept.",
      registers,
    }),
  };
  byRegistry.set(registry, m);
  return m;
}
