import type { ScrapeConfig } from "@/lib/config";
import type { Labels } from "@/lib/model";
import type { AppendResult, ScrapeBatch } from "@/lib/tsdb";

/** One metric_relabel_configs rule as lib/config validated it (regex compiled and anchored). */
export type RelabelRule = ScrapeConfig["metric_relabel_configs"][number];

/** Where a target came from. */
export type TargetSource = "config" | "file_sd" | "database";

/** Body size cap applied when body_size_limit is unset, so no target can exhaust memory. */
export const DEFAULT_BODY_SIZE_LIMIT = 50 * 1024 * 1024;

/** How one target is scraped, resolved from its scrape config and the global section. */
export interface ScrapeSettings {
  intervalMs: number;
  timeoutMs: number;
  honorLabels: boolean;
  honorTimestamps: boolean;
  /** 0: no limit. */
  sampleLimit: number;
  /** Bytes after decompression; always positive. */
  bodySizeLimit: number;
  basicAuth: { username: string; password?: string; passwordFile?: string } | null;
  authorization: { type: string; credentials?: string; credentialsFile?: string } | null;
  insecureSkipVerify: boolean;
  relabel: readonly RelabelRule[];
  /** CIDR blocks the target may not resolve to (targets added on the page: cloud metadata). */
  denyNetworks: readonly string[];
}

/** A target to scrape. */
export interface Target {
  /** Stable identity: a hash of job, URL and labels. */
  key: string;
  job: string;
  /** The full scrape URL, params included. */
  url: string;
  /** Target labels added to every sample: job, instance and any configured ones. */
  labels: Labels;
  source: TargetSource;
  /** The scrape_targets row, for targets added on the Targets page. */
  targetId: number | null;
  settings: ScrapeSettings;
}

/** A target's health as Prometheus's /targets page shows it. */
export type TargetHealth = "up" | "down" | "unknown";

/** The outcome of one scrape. */
export interface ScrapeResult {
  health: TargetHealth;
  /** The scrape's timestamp (ms since epoch). */
  at: number;
  durationMs: number;
  /** Samples in the body. */
  scraped: number;
  /** Samples stored (after metric relabelling), 0 for a failed scrape. */
  stored: number;
  seriesAdded: number;
  /** Staleness markers written. */
  staleMarkers: number;
  error: string | null;
}

/** Where scrapes are written; lib/tsdb's Tsdb is one. The batch is committed all or nothing. */
export interface ScrapeAppender {
  appendScrape(batch: ScrapeBatch): Promise<AppendResult>;
}

/** Persists what the Targets page shows; the scraping process writes, web processes read. */
export interface TargetStatusSink {
  /** Replaces the set of known targets: new ones are added as unknown, missing ones removed. */
  syncTargets(targets: readonly Target[], now: number): Promise<void>;
  /** Records the outcome of a scrape of a known target. */
  recordScrape(target: Target, result: ScrapeResult): Promise<void>;
}
