/**
 * History for perf/load-viewers.ts: hours of past scrapes written straight into the data
 * directory before the server opens it (PGlite admits one process at a time). Targets, labels,
 * timestamps and report series come from lib/scrape itself, so the history joins the live
 * scrapes seamlessly; finished 2h windows are then compacted, as a long-running server has them.
 */
import { openDb } from "@/db/client";
import { parseConfigText } from "@/lib/config";
import { parseExposition } from "@/lib/exposition";
import { configTargets, nextScrapeAt, processBody, reportSamples, reportSeries, ScrapeCache, scrapeSetup, type Target } from "@/lib/scrape";
import { instantQuery } from "@/lib/promql";
import { createTsdb, type AppendSample } from "@/lib/tsdb";
import { loadFamilies, renderLoadExposition, tickAt } from "./load-metrics";

/** What the pre-load wrote and how long it took. */
export interface History {
  samples: number;
  scrapes: number;
  appendS: number;
  compactS: number;
  compacted: number;
}

/** Writes `hours` of scrapes ending before `until` for every target of the config. */
export async function preloadHistory(o: {
  dataDir: string;
  configText: string;
  configFile: string;
  series: number;
  hours: number;
  until: number;
  log: (msg: string) => void;
}): Promise<History> {
  const config = parseConfigText(o.configText, o.configFile);
  const targets: Target[] = configTargets(scrapeSetup({ ...config, file: o.configFile }, process.cwd()));
  const interval = targets[0].settings.intervalMs;
  const fams = targets.map((_, i) => loadFamilies(i, o.series, interval));
  const from = o.until - o.hours * 3600_000;
  // One transaction per scrape round (every target once): the live scraper writes one per
  // target, but the history only needs to exist, not to be written the same way.
  const rounds = Math.floor((o.until - from) / interval);
  const handle = await openDb({ dataDir: o.dataDir });
  const store = createTsdb(handle.db);
  const out: History = { samples: 0, scrapes: 0, appendS: 0, compactS: 0, compacted: 0 };
  try {
    const caches = targets.map(() => new ScrapeCache());
    const reports = targets.map((target) => reportSeries(target.labels));
    let lastLog = performance.now();
    const t0 = performance.now();
    for (let r = 0; r < rounds; r++) {
      const batch: AppendSample[] = [];
      targets.forEach((target, i) => {
        const t = nextScrapeAt(target.key, interval, from + r * interval);
        if (t >= o.until) return;
        const body = parseExposition(renderLoadExposition(fams[i], tickAt(t, interval)));
        const p = processBody(body, target.labels, target.settings, t, caches[i]);
        caches[i].commit(p.scrape);
        const durationSeconds = 0.004 + 0.002 * Math.sin(t / 7e5 + i);
        batch.push(...p.samples, ...reportSamples(reports[i], t, { up: 1, durationSeconds, scraped: p.scraped, postRelabel: p.samples.length, seriesAdded: 0 }));
        out.scrapes++;
      });
      if (batch.length === 0) continue;
      await store.appendScrape({ samples: batch });
      out.samples += batch.length;
      if (performance.now() - lastLog > 15_000) {
        lastLog = performance.now();
        o.log(`  history: ${(((r + 1) / rounds) * 100).toFixed(0)}% (${out.samples.toLocaleString("en-US")} samples, ${((lastLog - t0) / 1000).toFixed(0)} s)`);
      }
    }
    out.appendS = (performance.now() - t0) / 1000;
    const c0 = performance.now();
    out.compacted = (await store.compact(o.until)).samples;
    out.compactS = (performance.now() - c0) / 1000;
  } finally {
    await handle.close();
  }
  return out;
}

/** What the stored up and scrape_* series say about scraping in a window. */
export interface StoredIngest {
  scrapes: number;
  ok: number;
  fewest: number;
  samples: number;
  meanDurationS: number;
  maxDurationS: number;
}

/** Reads the ingest figures of the window (endMs - windowS, endMs] from the stopped server's data. */
export async function storedIngest(dataDir: string, endMs: number, windowS: number): Promise<StoredIngest> {
  const handle = await openDb({ dataDir });
  try {
    const store = createTsdb(handle.db);
    const w = `${Math.floor(windowS)}s`;
    const q = async (expr: string) => {
      const v = (await instantQuery(store, expr, endMs)).value;
      return v.resultType === "vector" && v.result.length > 0 ? v.result[0].v : NaN;
    };
    return {
      scrapes: await q(`sum(count_over_time(up[${w}]))`),
      ok: await q(`sum(sum_over_time(up[${w}]))`),
      fewest: await q(`min(count_over_time(up[${w}]))`),
      samples: await q(`sum(sum_over_time(scrape_samples_scraped[${w}]))`),
      meanDurationS: await q(`avg(avg_over_time(scrape_duration_seconds[${w}]))`),
      maxDurationS: await q(`max(max_over_time(scrape_duration_seconds[${w}]))`),
    };
  } finally {
    await handle.close();
  }
}
