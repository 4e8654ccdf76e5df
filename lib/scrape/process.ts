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

/**
 * One series of a target after label merging and relabelling, shared by every spelling of it in
 * the body (two spellings can relabel to the same labels). `memo` lets the store skip hashing and
 * id lookups. The scrape numbers say what each scrape did with it without building sets.
 */
export interface ScrapedSeries {
  readonly labels: Labels;
  readonly key: string;
  readonly memo: SeriesMemo;
  /** The last scrape that stored a sample of it (a second sample in one scrape is a duplicate). */
  seenIn: number;
  /** The last scrape that stored it at the scrape's own time: what staleness follows. */
  trackedIn: number;
}

/** A series text as the target writes it; `series` is null when relabelling dropped it. */
interface Spelling {
  /** The text itself, as first met. */
  readonly raw: string;
  readonly series: ScrapedSeries | null;
  readonly createdIn: number;
  usedIn: number;
}

// Scrape numbers are unique in the process, so a number never matches state of another cache.
let scrapeCounter = 0;

/**
 * A target's scrape cache, as Prometheus keeps one: label work per series text, so a steady
 * target costs one map lookup per sample. It lives as long as the target; `commit` prunes what
 * the latest committed scrape did not write.
 */
export class ScrapeCache {
  private spellings = new Map<string, Spelling>();
  private readonly byKey = new Map<string, ScrapedSeries>();
  private lastCommitted = 0;
  /** Spellings used by the scrape numbered `usedBy`. */
  private used = 0;
  private usedBy = 0;
  /** Spellings were forgotten since the last prune, so series may have none left. */
  private cleared = false;
  /**
   * The spellings of the last committed scrape in body order. A target writes the same series
   * in the same order scrape after scrape, so a text is first compared with the one at its
   * position, which spares hashing it for the map.
   */
  private order: Spelling[] = [];
  /** The order being recorded, and the scrape it is for (0: none; scrape numbers start at 1). */
  private pending: Spelling[] = [];
  private pendingFor = 0;

  /** Series texts held. */
  get size(): number {
    return this.spellings.size;
  }

  /**
   * Forgets the label work (the target's settings changed). Series identities stay, so the
   * staleness of series written before the change is still judged by label set.
   */
  clearSpellings(): void {
    this.spellings = new Map();
    // A scrape under way keeps its order from being recorded: it was made with the old settings.
    this.order = [];
    this.pending = [];
    this.pendingFor = 0;
    this.cleared = true;
  }

  /** Records that scrape `n` was committed, and drops what it did not write. */
  commit(n: number): void {
    this.lastCommitted = n;
    // An empty body records no order, and then the last one must not stay either.
    this.order = this.pendingFor === n ? this.pending : [];
    this.pending = [];
    this.pendingFor = 0;
    const usedNow = this.usedBy === n ? this.used : 0;
    // When scrape n used every spelling held, every series has a spelling n used, so n saw it.
    if (this.spellings.size === usedNow && !this.cleared) return;
    for (const [raw, sp] of this.spellings) if (sp.usedIn !== n) this.spellings.delete(raw);
    for (const [key, s] of this.byKey) if (s.seenIn !== n) this.byKey.delete(key);
    this.cleared = false;
  }

  /** The entry of a series text, if known; `i` is its position in the body of scrape `n`. */
  get(raw: string, i: number, n: number): Spelling | undefined {
    const at = this.order[i];
    const sp = at !== undefined && at.raw === raw ? at : this.spellings.get(raw);
    this.note(sp, i, n);
    return sp;
  }

  /** Records the body order of scrape `n`, for the next scrape's positional check. */
  private note(sp: Spelling | undefined, i: number, n: number): void {
    if (this.pendingFor !== n) {
      this.pendingFor = n;
      this.pending = [];
    }
    if (sp !== undefined && this.pending.length === i) this.pending.push(sp);
  }

  /**
   * Notes the first use of a known spelling in scrape `n`; true when it counts as added, that
   * is, it was first met by a scrape that was never committed.
   */
  use(sp: Spelling, n: number): boolean {
    sp.usedIn = n;
    this.markUsed(n);
    return sp.createdIn > this.lastCommitted;
  }

  /**
   * Adds a spelling first met in scrape `n` at position `i` of its body, with its labels (null:
   * relabelling dropped it).
   */
  add(raw: string, labels: Labels | null, n: number, i: number): Spelling {
    let series: ScrapedSeries | null = null;
    if (labels !== null) {
      const key = labelsKey(labels);
      series = this.byKey.get(key) ?? null;
      if (series === null) {
        series = { labels, key, memo: {}, seenIn: 0, trackedIn: 0 };
        this.byKey.set(key, series);
      }
    }
    const sp: Spelling = { raw, series, createdIn: n, usedIn: n };
    this.spellings.set(raw, sp);
    this.markUsed(n);
    this.note(sp, i, n);
    return sp;
  }

  private markUsed(n: number): void {
    if (this.usedBy !== n) {
      this.usedBy = n;
      this.used = 0;
    }
    this.used++;
  }
}

/** The result of turning one body into samples to store. */
export interface ProcessedScrape {
  /** This scrape's number: pass it to ScrapeCache.commit once the samples are stored. */
  scrape: number;
  samples: AppendSample[];
  metadata: MetricMetadata[];
  /** Series stored at the scrape's own time: what staleness tracking follows. */
  tracked: ScrapedSeries[];
  scraped: number;
  /** Series texts new since the last committed scrape (Prometheus's scrape_series_added). */
  seriesAdded: number;
  /** Later samples of a series already seen in this body, which were dropped. */
  duplicates: number;
}

/**
 * Merges target labels into every sample, applies metric_relabel_configs and the sample limit,
 * and chooses timestamps (the body's own with honor_timestamps, else the scrape time `t`).
 * Label work comes from the target's cache, keyed by the series text as written. Throws
 * ScrapeError: nothing is to be stored.
 */
export function processBody(body: ParsedBody, target: Labels, settings: ScrapeSettings, t: number, cache: ScrapeCache): ProcessedScrape {
  const n = ++scrapeCounter;
  const samples: AppendSample[] = [];
  const tracked: ScrapedSeries[] = [];
  const families = new Map<string, MetricMetadata>();
  let lastFamily: ReturnType<ParsedBody["family"]> | null = null;
  let seriesAdded = 0;
  let duplicates = 0;
  const limit = settings.sampleLimit;
  const honor = settings.honorTimestamps;
  for (let i = 0; i < body.length; i++) {
    const raw = body.series(i);
    let sp = cache.get(raw, i, n);
    if (sp === undefined) {
      sp = cache.add(raw, buildLabels(body.labels(i), target, settings), n, i);
      if (sp.series !== null) seriesAdded++;
    } else if (sp.usedIn !== n && cache.use(sp, n) && sp.series !== null) {
      seriesAdded++;
    }
    const s = sp.series;
    if (s === null) continue;
    if (s.seenIn === n) {
      duplicates++;
      continue;
    }
    s.seenIn = n;
    if (limit > 0 && samples.length >= limit) {
      throw new ScrapeError("sample_limit", `sample limit exceeded: more than ${limit} samples after metric relabelling (sample_limit)`);
    }
    const own = honor ? body.timestamp(i) : null;
    // Series with their own timestamps are not marked stale, as in Prometheus.
    if (own === null) {
      s.trackedIn = n;
      tracked.push(s);
    }
    samples.push({ labels: s.labels, value: body.value(i), timestamp: own === null ? t : Math.round(own), memo: s.memo });
    const fam = body.family(i);
    if (fam !== lastFamily) {
      lastFamily = fam;
      if (!families.has(fam.name)) families.set(fam.name, { metric: fam.name, type: fam.type, help: fam.help, unit: fam.unit });
    }
  }
  return { scrape: n, samples, metadata: [...families.values()], tracked, scraped: body.length, seriesAdded, duplicates };
}

function buildLabels(scraped: Labels, target: Labels, settings: ScrapeSettings): Labels | null {
  const merged = mergeTargetLabels(scraped, target, settings.honorLabels);
  const labels = settings.relabel.length > 0 ? relabel(merged, settings.relabel) : merged;
  if (labels === null) return null;
  // Prometheus fails the whole scrape here rather than store a nameless series.
  if (!labels[METRIC_NAME]) {
    throw new ScrapeError("relabel", `metric_relabel_configs removed the metric name of ${labelsKey(scraped)}`);
  }
  return labels;
}
