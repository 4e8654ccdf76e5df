import { ExpositionError, parseExposition } from "@/lib/exposition";
import type { AppendSample, ScrapeBatch } from "@/lib/tsdb";
import { ScrapeError } from "./errors";
import { ScrapeAbortedError, scrapeHeaders, type Fetcher } from "./http-client";
import { scrapeMetrics, type ScrapeMetrics } from "./metrics";
import { processBody, ScrapeCache, type ScrapedSeries } from "./process";
import { reportSamples, reportSeries, reportStaleMarkers, staleMarkers, type ReportSeries } from "./report";
import type { ScrapeAppender, ScrapeResult, Target } from "./types";

/** What a TargetScraper needs from outside. */
export interface ScraperDeps {
  appender: ScrapeAppender;
  fetch: Fetcher;
  userAgent: string;
  metrics?: ScrapeMetrics;
  /** A monotonic clock in ms for durations (performance.now by default). */
  elapsed?: () => number;
}

/**
 * Scrapes one target and remembers what staleness needs: the series its last scrape stored. One
 * scrape at a time per instance; the manager guarantees that. Each scrape is one append: its
 * samples, staleness markers and report series are committed together or not at all.
 */
export class TargetScraper {
  private readonly cache = new ScrapeCache();
  /** The series the last committed scrape stored at its own time, for staleness. */
  private tracked: ScrapedSeries[] = [];
  private reported = false;
  private report: ReportSeries;
  private readonly metrics: ScrapeMetrics;
  private readonly elapsed: () => number;
  /** The outcome of the latest scrape, or null before the first one. */
  last: ScrapeResult | null = null;

  constructor(
    private current: Target,
    private readonly deps: ScraperDeps,
  ) {
    this.metrics = deps.metrics ?? scrapeMetrics();
    this.report = reportSeries(current.labels);
    this.elapsed = deps.elapsed ?? (() => performance.now());
  }

  /** The target this scraper scrapes. */
  get target(): Target {
    return this.current;
  }

  /** Replaces the target's settings (same identity); cached label work is redone with them. */
  retarget(target: Target): void {
    this.current = target;
    this.cache.clearSpellings();
    this.report = reportSeries(target.labels);
  }

  /** Scrapes at time `t`; resolves to null when `signal` aborted it (nothing is written then). */
  async scrape(t: number, signal: AbortSignal): Promise<ScrapeResult | null> {
    const { settings, labels } = this.target;
    const started = this.elapsed();
    let processed;
    try {
      const headers = await scrapeHeaders(settings, this.deps.userAgent);
      if (signal.aborted) return null;
      const res = await this.deps.fetch({
        url: this.target.url,
        headers,
        timeoutMs: settings.timeoutMs,
        bodySizeLimit: settings.bodySizeLimit,
        insecureSkipVerify: settings.insecureSkipVerify,
        denyNetworks: settings.denyNetworks,
        signal,
      });
      if (signal.aborted) return null;
      let parsed;
      try {
        parsed = parseExposition(res.body, { contentType: res.contentType });
      } catch (err) {
        if (err instanceof ExpositionError) throw new ScrapeError("parse", `invalid exposition: ${err.message}`);
        throw err;
      }
      processed = processBody(parsed, labels, settings, t, this.cache);
    } catch (err) {
      if (err instanceof ScrapeAbortedError || signal.aborted) return null;
      return this.fail(t, started, err);
    }
    const durationMs = this.elapsed() - started;
    const stale = staleMarkers(this.tracked, processed.scrape, t);
    const report = reportSamples(this.report, t, {
      up: 1,
      durationSeconds: durationMs / 1000,
      scraped: processed.scraped,
      postRelabel: processed.samples.length,
      seriesAdded: processed.seriesAdded,
    });
    try {
      await this.deps.appender.appendScrape({
        samples: processed.samples.concat(stale, report),
        metadata: processed.metadata,
        maxDelayMs: settings.intervalMs / 10,
      });
    } catch (err) {
      return this.fail(t, started, new ScrapeError("append", `storing the scrape failed: ${(err as Error).message}`));
    }
    this.tracked = processed.tracked;
    this.cache.commit(processed.scrape);
    this.reported = true;
    this.metrics.scrapes.inc({ outcome: "up" });
    this.metrics.duration.observe(durationMs / 1000);
    this.metrics.samplesStored.inc(processed.samples.length);
    if (processed.duplicates > 0) this.metrics.duplicates.inc(processed.duplicates);
    if (stale.length > 0) this.metrics.staleMarkers.inc(stale.length);
    this.last = {
      health: "up",
      at: t,
      durationMs,
      scraped: processed.scraped,
      stored: processed.samples.length,
      seriesAdded: processed.seriesAdded,
      staleMarkers: stale.length,
      error: null,
    };
    return this.last;
  }

  /** A failed scrape stores only up=0, the other report series and staleness markers for all series. */
  private async fail(t: number, started: number, err: unknown): Promise<ScrapeResult> {
    const durationMs = this.elapsed() - started;
    const scrapeErr = err instanceof ScrapeError ? err : new ScrapeError("http", err instanceof Error ? err.message : String(err));
    let message = scrapeErr.message;
    const stale = staleMarkers(this.tracked, null, t);
    const report = reportSamples(this.report, t, { up: 0, durationSeconds: durationMs / 1000, scraped: 0, postRelabel: 0, seriesAdded: 0 });
    let written = 0;
    try {
      await this.deps.appender.appendScrape({ samples: stale.concat(report) });
      this.tracked = [];
      this.reported = true;
      written = stale.length;
    } catch (appendErr) {
      message += `; recording up=0 failed too: ${(appendErr as Error).message}`;
    }
    this.metrics.scrapes.inc({ outcome: "down" });
    this.metrics.failures.inc({ reason: scrapeErr.reason });
    if (written > 0) this.metrics.staleMarkers.inc(written);
    this.last = { health: "down", at: t, durationMs, scraped: 0, stored: 0, seriesAdded: 0, staleMarkers: written, error: message };
    return this.last;
  }

  /** Marks every series of the target stale at `t`, report series included: the target is gone. */
  async markGone(t: number): Promise<number> {
    const samples: AppendSample[] = staleMarkers(this.tracked, null, t);
    if (this.reported) samples.push(...reportStaleMarkers(this.report, t));
    if (samples.length === 0) return 0;
    const batch: ScrapeBatch = { samples };
    await this.deps.appender.appendScrape(batch);
    this.tracked = [];
    this.reported = false;
    this.metrics.staleMarkers.inc(samples.length);
    return samples.length;
  }
}
