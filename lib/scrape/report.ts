import type { Labels } from "@/lib/model";
import type { AppendSample, SeriesMemo } from "@/lib/tsdb";
import { reportLabels } from "./labels";
import type { ScrapedSeries } from "./process";

/** The series Prometheus writes for every scrape of a target, in this order. */
export const REPORT_METRICS = [
  "up",
  "scrape_duration_seconds",
  "scrape_samples_scraped",
  "scrape_samples_post_metric_relabeling",
  "scrape_series_added",
] as const;

/** The figures of one scrape that the report series carry. */
export interface ScrapeReport {
  up: 0 | 1;
  durationSeconds: number;
  scraped: number;
  postRelabel: number;
  seriesAdded: number;
}

/** A target's report series with the store's memos, kept by its scraper across scrapes. */
export interface ReportSeries {
  labels: Labels[];
  memos: SeriesMemo[];
}

/** The report series of a target, in REPORT_METRICS order. */
export function reportSeries(target: Labels): ReportSeries {
  return { labels: REPORT_METRICS.map((name) => reportLabels(name, target)), memos: REPORT_METRICS.map(() => ({})) };
}

/** The report samples of one scrape, at the scrape's time `t`. */
export function reportSamples(rs: ReportSeries, t: number, r: ScrapeReport): AppendSample[] {
  const values = [r.up, r.durationSeconds, r.scraped, r.postRelabel, r.seriesAdded];
  return REPORT_METRICS.map((_, i) => ({ labels: rs.labels[i], value: values[i], timestamp: t, memo: rs.memos[i] }));
}

/** Staleness markers for the report series, written when a target goes away. */
export function reportStaleMarkers(rs: ReportSeries, t: number): AppendSample[] {
  return REPORT_METRICS.map((_, i) => ({ labels: rs.labels[i], value: NaN, timestamp: t, stale: true, memo: rs.memos[i] }));
}

/**
 * Staleness markers at `t` for every series the previous committed scrape tracked that scrape
 * number `current` did not (all of them when `current` is null: the scrape failed or the target
 * is gone).
 */
export function staleMarkers(previous: readonly ScrapedSeries[], current: number | null, t: number): AppendSample[] {
  const out: AppendSample[] = [];
  for (const s of previous) {
    if (current === null || s.trackedIn !== current) out.push({ labels: s.labels, value: NaN, timestamp: t, stale: true, memo: s.memo });
  }
  return out;
}
