import { labelsKey, METRIC_NAME, type Labels } from "@/lib/model";
import type { AppendSample, MetricMetadata, SeriesMemo } from "@/lib/tsdb";
import { ScrapeError } from "./errors";
import { mergeTargetLabels } from "./labels";
import { relabel } from "./relabel";
import type { ScrapeSettings } from "./types";

/** What processing reads of a parsed body; lib/exposition's Exposition has this shape. */
export interface ParsedBody {
  readonly length: number;
  series(i: number): string;
  labels(i: number): Labels;
  value(i: number): number;
  timestamp(i: number): number | null;
  family(i: number): { name: string; type: string; help: string; unit: string };
}

/** A series as written by the target, after label merging and relabelling; null: dropped. */
/** A series as this target writes it; `memo` lets the store skip hashing and id lookups. */
export type CachedSeries = { labels: Labels; key: string; memo: SeriesMemo } | null;

/** The result of turning one body into samples to store. */
export interface ProcessedScrape {
  samples: AppendSample[];
  metadata: MetricMetadata[];
  /** Series stored at the scrape's own time, by key: what staleness tracking follows. */
  tracked: Map<string, Labels>;
  /** The series cache to use for the next scrape (only what this one saw). */
  cache: Map<string, CachedSeries>;
  scraped: number;
  /** Series not in the previous scrape's cache (Prometheus's scrape_series_added). */
  seriesAdded: number;
  /** Later samples of a series already seen in this body, which were dropped. */
  duplicates: number;
}

/**
 * Merges target labels into every sample, applies metric_relabel_configs and the sample limit,
 * and chooses timestamps (the body's own with honor_timestamps, else the scrape time `t`).
 * Label work is cached by the series text as written, as Prometheus's scrape cache does, so a
 * steady target costs one map lookup per sample. Throws ScrapeError: nothing is to be stored.
 */
export function processBody(body: ParsedBody, target: Labels, settings: ScrapeSettings, t: number, prevCache: ReadonlyMap<string, CachedSeries>): ProcessedScrape {
  const samples: AppendSample[] = [];
  const tracked = new Map<string, Labels>();
  const cache = new Map<string, CachedSeries>();
  const seenKeys = new Set<string>();
  const families = new Map<string, MetricMetadata>();
  let seriesAdded = 0;
  let duplicates = 0;
  for (let i = 0; i < body.length; i++) {
    const raw = body.series(i);
    let entry = cache.get(raw);
    if (entry === undefined) {
      entry = prevCache.get(raw);
      if (entry === undefined) {
        entry = buildSeries(body.labels(i), target, settings);
        if (entry !== null) seriesAdded++;
      }
      cache.set(raw, entry);
    }
    if (entry === null) continue;
    if (seenKeys.has(entry.key)) {
      duplicates++;
      continue;
    }
    seenKeys.add(entry.key);
    if (settings.sampleLimit > 0 && samples.length >= settings.sampleLimit) {
      throw new ScrapeError("sample_limit", `sample limit exceeded: more than ${settings.sampleLimit} samples after metric relabelling (sample_limit)`);
    }
    const own = settings.honorTimestamps ? body.timestamp(i) : null;
    // Series with their own timestamps are not marked stale, as in Prometheus.
    if (own === null) tracked.set(entry.key, entry.labels);
    samples.push({ labels: entry.labels, value: body.value(i), timestamp: own === null ? t : Math.round(own), memo: entry.memo });
    const fam = body.family(i);
    if (!families.has(fam.name)) families.set(fam.name, { metric: fam.name, type: fam.type, help: fam.help, unit: fam.unit });
  }
  return { samples, metadata: [...families.values()], tracked, cache, scraped: body.length, seriesAdded, duplicates };
}

function buildSeries(scraped: Labels, target: Labels, settings: ScrapeSettings): CachedSeries {
  const merged = mergeTargetLabels(scraped, target, settings.honorLabels);
  const labels = settings.relabel.length > 0 ? relabel(merged, settings.relabel) : merged;
  if (labels === null) return null;
  // Prometheus fails the whole scrape here rather than store a nameless series.
  if (!labels[METRIC_NAME]) {
    throw new ScrapeError("relabel", `metric_relabel_configs removed the metric name of ${labelsKey(scraped)}`);
  }
  return { labels, key: labelsKey(labels), memo: {} };
}
