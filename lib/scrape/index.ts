/**
 * lib/scrape: the scrape manager. Targets come from scrape_configs (static_configs, file_sd_configs)
 * and from the Targets page (the scrape_targets table); each is scraped on its own schedule with
 * Prometheus's semantics (job/instance labels, honor_labels, metric relabelling, up and scrape_*
 * series, staleness markers, sample and body size limits) into lib/tsdb. See docs/scraping.md.
 */
export { ScrapeManager, type ScrapeManagerOptions, type TargetState } from "./manager";
export { TargetScraper, type ScraperDeps } from "./target-scraper";
export { TargetDiscovery, listTargets, scrapeSetup, type JobTargets } from "./discovery";
export { dbStatusStore, listTargetStatus, type TargetStatus } from "./status-store";
export {
  addDbTarget,
  listDbTargets,
  newTargetSchema,
  parseNewTarget,
  removeDbTarget,
  type NewTarget,
  type StoredTarget,
} from "./db-targets";
export {
  configTargets,
  databaseTarget,
  dedupeTargets,
  groupTargets,
  resolveSettings,
  targetKey,
  type DbTargetRow,
  type ScrapeSetup,
  type TargetGroup,
} from "./targets";
export { FileSdCache, parseTargetGroups, type FileSdSpec } from "./file-sd";
export { createHttpFetcher, scrapeHeaders, ScrapeAbortedError, type Fetcher, type ScrapeRequest, type ScrapeResponse } from "./http-client";
export { readBody, readLimited } from "./body";
export { BodyLimitError, ScrapeError, type ScrapeFailureReason } from "./errors";
export { expandTemplate, relabel } from "./relabel";
export { mergeTargetLabels } from "./labels";
export { processBody, ScrapeCache, type ParsedBody, type ProcessedScrape, type ScrapedSeries } from "./process";
export { REPORT_METRICS, reportSamples, reportSeries, staleMarkers } from "./report";
export { nextScrapeAt, scrapeOffset } from "./schedule";
export { scrapeMetrics, type ScrapeMetrics } from "./metrics";
export {
  DEFAULT_BODY_SIZE_LIMIT,
  type RelabelRule,
  type ScrapeAppender,
  type ScrapeResult,
  type ScrapeSettings,
  type Target,
  type TargetHealth,
  type TargetSource,
  type TargetStatusSink,
} from "./types";
