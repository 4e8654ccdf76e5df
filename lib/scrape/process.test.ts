import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { parseExposition } from "@/lib/exposition";
import { ScrapeError } from "./errors";
import { processBody, ScrapeCache } from "./process";
import { reportSamples, reportSeries, reportStaleMarkers, staleMarkers } from "./report";
import { settingsOf } from "./test-helpers";

const T = 1_700_000_000_000;
const target = { job: "vllm", instance: "h:1" };
const body = [
  "# HELP vllm_requests_total Requests.",
  "# TYPE vllm_requests_total counter",
  'vllm_requests_total{model="a"} 10',
  'vllm_requests_total{model="b"} 20',
  "# TYPE queue_depth gauge",
  "queue_depth 3 1699999999000",
  "",
].join("\n");

describe("processBody", () => {
  it("adds target labels, stamps samples with the scrape time and collects metadata", () => {
    const cache = new ScrapeCache();
    const r = processBody(parseExposition(body), target, settingsOf(), T, cache);
    expect(r.samples.map(({ memo: _memo, ...rest }) => rest)).toEqual([
      { labels: { __name__: "vllm_requests_total", model: "a", ...target }, value: 10, timestamp: T },
      { labels: { __name__: "vllm_requests_total", model: "b", ...target }, value: 20, timestamp: T },
      { labels: { __name__: "queue_depth", ...target }, value: 3, timestamp: 1699999999000 },
    ]);
    expect(r.metadata).toEqual([
      { metric: "vllm_requests_total", type: "counter", help: "Requests.", unit: "" },
      { metric: "queue_depth", type: "gauge", help: "", unit: "" },
    ]);
    expect(r).toMatchObject({ scraped: 3, seriesAdded: 3, duplicates: 0 });
    // A series with its own timestamp is not followed for staleness, as in Prometheus.
    expect(r.tracked.map((s) => s.labels.model)).toEqual(["a", "b"]);
    // Each series carries its own memo for the store, kept with the cache for the next scrape.
    const memos = r.samples.map((x) => x.memo);
    expect(new Set(memos).size).toBe(3);
    cache.commit(r.scrape);
    const again = processBody(parseExposition(body), target, settingsOf(), T + 15_000, cache);
    expect(again.samples.map((x) => x.memo)).toEqual(memos);
    expect(again.samples.every((x, i) => x.memo === memos[i])).toBe(true);
  });

  it("uses the scrape time for every sample when honor_timestamps is false", () => {
    const r = processBody(parseExposition(body), target, settingsOf("job_name: t\nhonor_timestamps: false"), T, new ScrapeCache());
    expect(r.samples.map((s) => s.timestamp)).toEqual([T, T, T]);
    expect(r.tracked).toHaveLength(3);
  });

  it("turns OpenMetrics timestamps (seconds) into whole milliseconds", () => {
    const om = "# TYPE g gauge\ng 1 1700000000.1234\n# EOF\n";
    const r = processBody(parseExposition(om, { contentType: "application/openmetrics-text; version=1.0.0" }), target, settingsOf(), T, new ScrapeCache());
    expect(r.samples[0].timestamp).toBe(1700000000123);
  });

  it("applies metric relabelling after the target labels, and counts what was scraped", () => {
    const s = settingsOf("job_name: t\nmetric_relabel_configs:\n  - source_labels: [model]\n    regex: b\n    action: drop");
    const r = processBody(parseExposition(body), target, s, T, new ScrapeCache());
    expect(r.samples.map((x) => x.labels.model ?? "-")).toEqual(["a", "-"]);
    expect(r.scraped).toBe(3);
  });

  it("fails the scrape past sample_limit, counted after relabelling", () => {
    const limited = (n: number, extra = "") => settingsOf(`job_name: t\nsample_limit: ${n}${extra}`);
    expect(processBody(parseExposition(body), target, limited(3), T, new ScrapeCache()).samples).toHaveLength(3);
    expect(() => processBody(parseExposition(body), target, limited(2), T, new ScrapeCache())).toThrow(ScrapeError);
    const dropOne = "\nmetric_relabel_configs:\n  - source_labels: [__name__]\n    regex: queue_depth\n    action: drop";
    expect(processBody(parseExposition(body), target, limited(2, dropOne), T, new ScrapeCache()).samples).toHaveLength(2);
    try {
      processBody(parseExposition(body), target, limited(1), T, new ScrapeCache());
    } catch (err) {
      expect((err as ScrapeError).reason).toBe("sample_limit");
    }
  });

  it("fails the scrape when relabelling removes a metric name", () => {
    const s = settingsOf("job_name: t\nmetric_relabel_configs:\n  - action: labeldrop\n    regex: __name__");
    expect(() => processBody(parseExposition(body), target, s, T, new ScrapeCache())).toThrow(/removed the metric name/);
  });

  it("keeps the first of duplicate series in one body", () => {
    const r = processBody(parseExposition('a{x="1"} 1\na{x="1"} 2\na{ x="1" } 3\n'), target, settingsOf(), T, new ScrapeCache());
    expect(r.samples.map((s) => s.value)).toEqual([1]);
    expect(r.duplicates).toBe(2);
  });

  it("counts only series the previous scrape did not have as added, reusing its work", () => {
    const cache = new ScrapeCache();
    const first = processBody(parseExposition("a 1\nb 1\n"), target, settingsOf(), T, cache);
    cache.commit(first.scrape);
    const second = processBody(parseExposition("a 2\nc 1\n"), target, settingsOf(), T + 15_000, cache);
    expect(second.seriesAdded).toBe(1);
    expect(second.samples[0].labels).toBe(first.samples[0].labels);
    expect(cache.size).toBe(3); // b stays until a committed scrape shows it is gone
    cache.commit(second.scrape);
    expect(cache.size).toBe(2);
  });

  it("counts series first met by a scrape that was never committed as added again", () => {
    const cache = new ScrapeCache();
    cache.commit(processBody(parseExposition("a 1\n"), target, settingsOf(), T, cache).scrape);
    const lost = processBody(parseExposition("a 2\nb 1\n"), target, settingsOf(), T + 15_000, cache);
    expect(lost.seriesAdded).toBe(1);
    // Not committed (the append failed): b is still new to the next scrape, a is not.
    const next = processBody(parseExposition("a 3\nb 2\nb 3\n"), target, settingsOf(), T + 30_000, cache);
    expect(next.seriesAdded).toBe(1);
    expect(next.duplicates).toBe(1);
  });

  it("finds each series whatever order, insertions or removals the next body has (positional check)", () => {
    const names = ["a", 'b{x="1"}', 'b{x="2"}', "c", 'd{y="q"}', "e"];
    // Each step: a body (indices into names, repeats allowed) and whether its append commits.
    const stepArb = fc.record({ body: fc.array(fc.integer({ min: 0, max: names.length - 1 }), { maxLength: 9 }), commit: fc.boolean() });
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 1, maxLength: 12 }), (steps) => {
        const cache = new ScrapeCache();
        let committed = new Set<string>();
        steps.forEach((step, k) => {
          const text = step.body.map((j, i) => `${names[j]} ${k * 100 + i}\n`).join("");
          const r = processBody(parseExposition(text), target, settingsOf(), T + k * 15_000, cache);
          const firsts = new Map<string, number>();
          step.body.forEach((j, i) => firsts.has(names[j]) || firsts.set(names[j], i));
          const fresh = parseExposition(text);
          const want = [...firsts.values()].map((i) => ({ labels: { ...fresh.labels(i), ...target }, value: k * 100 + i }));
          expect(r.samples.map((x) => ({ labels: { ...x.labels }, value: x.value }))).toEqual(want);
          expect(r.duplicates).toBe(step.body.length - firsts.size);
          expect(r.seriesAdded).toBe([...firsts.keys()].filter((n) => !committed.has(n)).length);
          if (step.commit) {
            cache.commit(r.scrape);
            committed = new Set(firsts.keys());
          }
        });
      }),
      { numRuns: 300 },
    );
  });

  it("treats spellings that relabel to the same labels as one series", () => {
    const s = settingsOf("job_name: t\nmetric_relabel_configs:\n  - action: labeldrop\n    regex: pod");
    const r = processBody(parseExposition('a{pod="1"} 1\na{pod="2"} 2\nb 1\n'), target, s, T, new ScrapeCache());
    expect(r.samples.map((x) => [x.labels.__name__, x.value])).toEqual([
      ["a", 1],
      ["b", 1],
    ]);
    expect(r.duplicates).toBe(1);
    expect(r.samples[0].memo).not.toBe(r.samples[1].memo);
  });
});

describe("staleness bookkeeping", () => {
  it("marks the series of the previous scrape missing from this one", () => {
    const cache = new ScrapeCache();
    const first = processBody(parseExposition("a 1\nb 1\nc 1\n"), target, settingsOf(), T, cache);
    cache.commit(first.scrape);
    const second = processBody(parseExposition("a 2\nc 2\n"), target, settingsOf(), T + 15_000, cache);
    const stale = staleMarkers(first.tracked, second.scrape, T + 15_000);
    expect(stale.map(({ memo: _memo, ...rest }) => rest)).toEqual([{ labels: { __name__: "b", ...target }, value: NaN, timestamp: T + 15_000, stale: true }]);
    expect(stale[0].memo).toBe(first.samples[1].memo);
  });

  it("judges staleness against the last committed scrape when one in between was lost", () => {
    const cache = new ScrapeCache();
    const first = processBody(parseExposition("a 1\nb 1\nc 1\n"), target, settingsOf(), T, cache);
    cache.commit(first.scrape);
    processBody(parseExposition("a 2\n"), target, settingsOf(), T + 15_000, cache); // aborted, never committed
    const third = processBody(parseExposition("a 3\nb 3\n"), target, settingsOf(), T + 30_000, cache);
    expect(staleMarkers(first.tracked, third.scrape, T + 30_000).map((s) => s.labels.__name__)).toEqual(["c"]);
  });

  it("stops following a series for staleness once it carries its own timestamp", () => {
    const cache = new ScrapeCache();
    const first = processBody(parseExposition("a 1\nb 1\n"), target, settingsOf(), T, cache);
    cache.commit(first.scrape);
    // b now comes with its own timestamp: Prometheus stops following it, so it is marked stale at T+15s.
    const second = processBody(parseExposition("a 2\nb 2 1700000014000\n"), target, settingsOf(), T + 15_000, cache);
    expect(staleMarkers(first.tracked, second.scrape, T + 15_000).map((s) => s.labels.__name__)).toEqual(["b"]);
    expect(second.tracked.map((s) => s.labels.__name__)).toEqual(["a"]);
  });

  it("marks everything when the scrape failed or the target is gone", () => {
    const first = processBody(parseExposition("a 1\nb 1\n"), target, settingsOf(), T, new ScrapeCache());
    expect(staleMarkers(first.tracked, null, T + 1).map((s) => s.labels.__name__)).toEqual(["a", "b"]);
    expect(reportStaleMarkers(reportSeries(target), T + 1).map((s) => [s.labels.__name__, s.stale])).toEqual([
      ["up", true],
      ["scrape_duration_seconds", true],
      ["scrape_samples_scraped", true],
      ["scrape_samples_post_metric_relabeling", true],
      ["scrape_series_added", true],
    ]);
  });

  it("writes the five report series with the target's labels", () => {
    const r = reportSamples(reportSeries(target), T, { up: 1, durationSeconds: 0.25, scraped: 3, postRelabel: 2, seriesAdded: 1 });
    expect(r.map((s) => [s.labels.__name__, s.value])).toEqual([
      ["up", 1],
      ["scrape_duration_seconds", 0.25],
      ["scrape_samples_scraped", 3],
      ["scrape_samples_post_metric_relabeling", 2],
      ["scrape_series_added", 1],
    ]);
    expect(r.every((s) => s.labels.job === "vllm" && s.labels.instance === "h:1" && s.timestamp === T)).toBe(true);
    // Kept report series reuse their label objects and memos on every scrape.
    const kept = reportSeries(target);
    const a = reportSamples(kept, T, { up: 1, durationSeconds: 0.1, scraped: 0, postRelabel: 0, seriesAdded: 0 });
    const b = reportStaleMarkers(kept, T + 1);
    expect(a.map((s) => s.memo)).toEqual(kept.memos);
    expect(b.every((s, i) => s.memo === a[i].memo && s.labels === a[i].labels)).toBe(true);
  });
});
