import type { Labels } from "@/lib/model";
import type { AppendSample } from "@/lib/tsdb";
import { reportLabels } from "./labels";

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

/** The report samples of one scrape, at the scrape's time `t`. */
export function reportSamples(target: Labels, t: number, r: ScrapeReport): AppendSample[] {
  const values = [r.up, r.durationSeconds, r.scraped, r.postRelabel, r.seriesAdded];
  return REPORT_METRICS.map((name, i) => ({ labels: reportLabels(name, target), value: values[i], timestamp: t }));
}

/** Staleness markers for the report series, written when a target goes away. */
export function reportStaleMarkers(target: Labels, t: number): AppendSample[] {
  return REPORT_METRICS.map((name) => ({ labels: reportLabels(name, target), value: NaN, timestamp: t, stale: true }));
}

/**
 * Staleness markers at `t` for every series of the previous scrape missing from this one (all of
 * them when `current` is null: the scrape failed or the target is gone).
 */
export function staleMarkers(previous: ReadonlyMap<string, Labels>, current: ReadonlyMap<string, Labels> | null, t: number): AppendSample[] {
  const out: AppendSample[] = [];
  for (const [key, labels] of previous) {
    if (!current?.has(key)) out.push({ labels, value: NaN, timestamp: t, stale: true });
  }
  return out;
}
