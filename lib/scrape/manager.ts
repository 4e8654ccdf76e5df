import { createHttpFetcher, type Fetcher } from "./http-client";
import { scrapeMetrics, type ScrapeMetrics } from "./metrics";
import { nextScrapeAt } from "./schedule";
import { TargetScraper } from "./target-scraper";
import type { ScrapeAppender, ScrapeResult, ScrapeSettings, Target, TargetStatusSink } from "./types";
import { sleep } from "@/lib/async";

/** What a ScrapeManager needs from outside. */
export interface ScrapeManagerOptions {
  appender: ScrapeAppender;
  /** Where target health is persisted for the Targets page; none in some tests. */
  status?: TargetStatusSink | null;
  /** Defaults to an HTTP(S) fetcher with keep-alive connections, closed by stop(). */
  fetch?: Fetcher;
  userAgent?: string;
  /** Wall clock for runUntil; scrape timestamps come from it. */
  now?: () => number;
  log?: (line: string) => void;
  metrics?: ScrapeMetrics;
}

interface Entry {
  scraper: TargetScraper;
  nextAt: number;
  inFlight: Promise<void> | null;
  controller: AbortController | null;
}

/** A target's scheduling state, for tests and diagnostics. */
export interface TargetState {
  target: Target;
  nextAt: number;
  inFlight: boolean;
  last: ScrapeResult | null;
}

/**
 * Schedules scrapes. Each target runs on its own: launching never waits for another target, a
 * target with a scrape in flight skips its missed slots, and removal aborts the target's scrape
 * and marks its series stale. The caller drives time through sync, launchDue and runUntil.
 */
export class ScrapeManager {
  private readonly entries = new Map<string, Entry>();
  private readonly background = new Set<Promise<void>>();
  private readonly fetch: Fetcher;
  private readonly closeFetcher: () => void;
  private readonly metrics: ScrapeMetrics;
  private readonly log: (line: string) => void;
  private readonly now: () => number;
  private synced = false;
  private statusStale = false;
  private stopped = false;
  private watchdog: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly opts: ScrapeManagerOptions) {
    if (opts.fetch) {
      this.fetch = opts.fetch;
      this.closeFetcher = () => {};
    } else {
      const f = createHttpFetcher();
      this.fetch = f.fetch;
      this.closeFetcher = f.close;
    }
    this.metrics = opts.metrics ?? scrapeMetrics();
    this.log = opts.log ?? (() => {});
    this.now = opts.now ?? Date.now;
  }

  /** Makes `targets` the set scraped: new ones are scheduled, missing ones removed and marked stale. */
  async sync(targets: readonly Target[], now: number): Promise<void> {
    if (this.stopped) return;
    const wanted = new Map(targets.map((t) => [t.key, t]));
    let changed = !this.synced;
    for (const [key, entry] of this.entries) {
      if (wanted.has(key)) continue;
      this.entries.delete(key);
      this.retire(entry, now);
      changed = true;
    }
    for (const target of wanted.values()) {
      const entry = this.entries.get(target.key);
      if (!entry) {
        const scraper = new TargetScraper(target, { appender: this.opts.appender, fetch: this.fetch, userAgent: this.opts.userAgent ?? "Headroom", metrics: this.metrics });
        this.entries.set(target.key, { scraper, nextAt: nextScrapeAt(target.key, target.settings.intervalMs, now), inFlight: null, controller: null });
        changed = true;
      } else if (!sameTarget(entry.scraper.target, target)) {
        if (entry.scraper.target.settings.intervalMs !== target.settings.intervalMs) {
          entry.nextAt = nextScrapeAt(target.key, target.settings.intervalMs, now);
        }
        entry.scraper.retarget(target);
        changed = true;
      }
    }
    this.synced = true;
    this.metrics.targets.set(this.entries.size);
    if ((changed || this.statusStale) && this.opts.status) {
      try {
        await this.opts.status.syncTargets(this.targets(), now);
        this.statusStale = false;
      } catch (err) {
        this.statusStale = true; // retried on the next sync
        this.log(`scrape: saving the target list failed: ${(err as Error).message}`);
      }
    }
  }

  /** Launches the scrapes due at `now` that are not already running; never waits for them. */
  launchDue(now: number): number {
    if (this.stopped) return 0;
    let launched = 0;
    for (const [key, entry] of this.entries) {
      if (now < entry.nextAt) continue;
      const interval = entry.scraper.target.settings.intervalMs;
      // Missed slots (a scrape still running, or a late tick) are skipped, as Prometheus does.
      entry.nextAt = nextScrapeAt(key, interval, now + 1);
      if (entry.inFlight) continue;
      // Stamp the scrape with its slot (the latest one due), not the moment of launch: an event
      // loop busy with a large append delays launches, and jittered timestamps compress worse.
      this.launch(key, entry, entry.nextAt - interval);
      launched++;
    }
    return launched;
  }

  private launch(key: string, entry: Entry, now: number): void {
    const controller = new AbortController();
    entry.controller = controller;
    this.metrics.inFlight.inc();
    entry.inFlight = (async () => {
      try {
        const result = await entry.scraper.scrape(now, controller.signal);
        if (result && this.entries.get(key) === entry && this.opts.status) {
          await this.opts.status.recordScrape(entry.scraper.target, result);
        }
      } catch (err) {
        this.log(`scrape ${entry.scraper.target.url}: ${(err as Error).message}`);
      } finally {
        entry.inFlight = null;
        entry.controller = null;
        this.metrics.inFlight.dec();
      }
    })();
  }

  // A removed target: stop its scrape, then mark everything it wrote stale.
  private retire(entry: Entry, now: number): void {
    entry.controller?.abort();
    const last = entry.scraper.last?.at ?? -Infinity;
    const task = (async () => {
      await entry.inFlight;
      try {
        await entry.scraper.markGone(Math.max(now, last + 1));
      } catch (err) {
        this.log(`scrape ${entry.scraper.target.url}: marking removed target stale failed: ${(err as Error).message}`);
      }
    })();
    this.background.add(task);
    void task.finally(() => this.background.delete(task));
  }

  /** The earliest time a scrape is due, or null without targets. */
  nextDueAt(): number | null {
    let next: number | null = null;
    for (const e of this.entries.values()) if (next === null || e.nextAt < next) next = e.nextAt;
    return next;
  }

  /** Launches scrapes at their due times until `deadline` (wall clock) or until `signal` aborts, which aborts all scrapes. */
  async runUntil(deadline: number, signal: AbortSignal): Promise<void> {
    this.disarmWatchdog();
    while (!signal.aborted && !this.stopped) {
      const now = this.now();
      if (now >= deadline) break;
      this.launchDue(now);
      const wake = Math.min(this.nextDueAt() ?? deadline, deadline);
      await sleep(Math.max(1, wake - this.now()), signal);
    }
    if (signal.aborted) this.abortAll();
  }

  /**
   * Aborts in-flight scrapes unless runUntil is called again within `ms`: when this process
   * stops being the one that scrapes, its last scrapes do not linger.
   */
  armWatchdog(ms: number): void {
    this.disarmWatchdog();
    this.watchdog = setTimeout(() => {
      this.watchdog = null;
      if (this.inFlightCount() > 0) this.log(`scrape: not driven for ${ms} ms; aborting ${this.inFlightCount()} scrapes`);
      this.abortAll();
    }, ms);
    this.watchdog.unref?.();
  }

  private disarmWatchdog(): void {
    if (this.watchdog) clearTimeout(this.watchdog);
    this.watchdog = null;
  }

  /** Aborts every in-flight scrape; the targets stay scheduled. */
  abortAll(): void {
    for (const e of this.entries.values()) e.controller?.abort();
  }

  /** Scrapes running now. */
  inFlightCount(): number {
    let n = 0;
    for (const e of this.entries.values()) if (e.inFlight) n++;
    return n;
  }

  /** The current targets. */
  targets(): Target[] {
    return [...this.entries.values()].map((e) => e.scraper.target);
  }

  /** Per-target scheduling state. */
  states(): TargetState[] {
    return [...this.entries.values()].map((e) => ({ target: e.scraper.target, nextAt: e.nextAt, inFlight: e.inFlight !== null, last: e.scraper.last }));
  }

  /** Resolves once no scrape and no removal is in progress. */
  async whenIdle(): Promise<void> {
    for (;;) {
      const pending = [...this.background, ...[...this.entries.values()].flatMap((e) => (e.inFlight ? [e.inFlight] : []))];
      if (pending.length === 0) return;
      await Promise.allSettled(pending);
    }
  }

  /** Stops scheduling, aborts in-flight scrapes and waits for them; series are not marked stale. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.disarmWatchdog();
    this.abortAll();
    await this.whenIdle();
    this.closeFetcher();
  }
}

function sameSettings(a: ScrapeSettings, b: ScrapeSettings): boolean {
  // Relabel rules hold compiled RegExps; they come from one parsed config, so identity suffices.
  return a.relabel === b.relabel && JSON.stringify({ ...a, relabel: null }) === JSON.stringify({ ...b, relabel: null });
}

function sameTarget(a: Target, b: Target): boolean {
  return a.source === b.source && a.targetId === b.targetId && sameSettings(a.settings, b.settings);
}

