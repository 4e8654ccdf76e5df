import { describe, expect, it } from "vitest";
import { parseExposition } from "@/lib/exposition";
import { ScrapeError } from "./errors";
import { processBody } from "./process";
import { reportSamples, reportStaleMarkers, staleMarkers } from "./report";
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
    const r = processBody(parseExposition(body), target, settingsOf(), T, new Map());
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
    expect([...r.tracked.values()].map((l) => l.model)).toEqual(["a", "b"]);
    // Each series carries its own memo for the store, kept with the cache for the next scrape.
    const memos = r.samples.map((x) => x.memo);
    expect(new Set(memos).size).toBe(3);
    const again = processBody(parseExposition(body), target, settingsOf(), T + 15_000, r.cache);
    expect(again.samples.map((x) => x.memo)).toEqual(memos);
    expect(again.samples.every((x, i) => x.memo === memos[i])).toBe(true);
  });

  it("uses the scrape time for every sample when honor_timestamps is false", () => {
    const r = processBody(parseExposition(body), target, settingsOf("job_name: t\nhonor_timestamps: false"), T, new Map());
    expect(r.samples.map((s) => s.timestamp)).toEqual([T, T, T]);
    expect(r.tracked.size).toBe(3);
  });

  it("turns OpenMetrics timestamps (seconds) into whole milliseconds", () => {
    const om = "# TYPE g gauge\ng 1 1700000000.1234\n# EOF\n";
    const r = processBody(parseExposition(om, { contentType: "application/openmetrics-text; version=1.0.0" }), target, settingsOf(), T, new Map());
    expect(r.samples[0].timestamp).toBe(1700000000123);
  });

  it("applies metric relabelling after the target labels, and counts what was scraped", () => {
    const s = settingsOf("job_name: t\nmetric_relabel_configs:\n  - source_labels: [model]\n    regex: b\n    action: drop");
    const r = processBody(parseExposition(body), target, s, T, new Map());
    expect(r.samples.map((x) => x.labels.model ?? "-")).toEqual(["a", "-"]);
    expect(r.scraped).toBe(3);
  });

  it("fails the scrape past sample_limit, counted after relabelling", () => {
    const limited = (n: number, extra = "") => settingsOf(`job_name: t\nsample_limit: ${n}${extra}`);
    expect(processBody(parseExposition(body), target, limited(3), T, new Map()).samples).toHaveLength(3);
    expect(() => processBody(parseExposition(body), target, limited(2), T, new Map())).toThrow(ScrapeError);
    const dropOne = "\nmetric_relabel_configs:\n  - source_labels: [__name__]\n    regex: queue_depth\n    action: drop";
    expect(processBody(parseExposition(body), target, limited(2, dropOne), T, new Map()).samples).toHaveLength(2);
    try {
      processBody(parseExposition(body), target, limited(1), T, new Map());
    } catch (err) {
      expect((err as ScrapeError).reason).toBe("sample_limit");
    }
  });

  it("fails the scrape when relabelling removes a metric name", () => {
    const s = settingsOf("job_name: t\nmetric_relabel_configs:\n  - action: labeldrop\n    regex: __name__");
    expect(() => processBody(parseExposition(body), target, s, T, new Map())).toThrow(/removed the metric name/);
  });

  it("keeps the first of duplicate series in one body", () => {
    const r = processBody(parseExposition('a{x="1"} 1\na{x="1"} 2\na{ x="1" } 3\n'), target, settingsOf(), T, new Map());
    expect(r.samples.map((s) => s.value)).toEqual([1]);
    expect(r.duplicates).toBe(2);
  });

  it("counts only series the previous scrape did not have as added, reusing its work", () => {
    const first = processBody(parseExposition("a 1\nb 1\n"), target, settingsOf(), T, new Map());
    const second = processBody(parseExposition("a 2\nc 1\n"), target, settingsOf(), T + 15_000, first.cache);
    expect(second.seriesAdded).toBe(1);
    expect(second.cache.size).toBe(2); // only what this scrape saw
    expect(second.samples[0].labels).toBe(first.samples[0].labels);
  });
});

describe("staleness bookkeeping", () => {
  it("marks the series of the previous scrape missing from this one", () => {
    const first = processBody(parseExposition("a 1\nb 1\nc 1\n"), target, settingsOf(), T, new Map());
    const second = processBody(parseExposition("a 2\nc 2\n"), target, settingsOf(), T + 15_000, first.cache);
    const stale = staleMarkers(first.tracked, second.tracked, T + 15_000);
    expect(stale).toEqual([{ labels: { __name__: "b", ...target }, value: NaN, timestamp: T + 15_000, stale: true }]);
  });

  it("marks everything when the scrape failed or the target is gone", () => {
    const first = processBody(parseExposition("a 1\nb 1\n"), target, settingsOf(), T, new Map());
    expect(staleMarkers(first.tracked, null, T + 1).map((s) => s.labels.__name__)).toEqual(["a", "b"]);
    expect(reportStaleMarkers(target, T + 1).map((s) => [s.labels.__name__, s.stale])).toEqual([
      ["up", true],
      ["scrape_duration_seconds", true],
      ["scrape_samples_scraped", true],
      ["scrape_samples_post_metric_relabeling", true],
      ["scrape_series_added", true],
    ]);
  });

  it("writes the five report series with the target's labels", () => {
    const r = reportSamples(target, T, { up: 1, durationSeconds: 0.25, scraped: 3, postRelabel: 2, seriesAdded: 1 });
    expect(r.map((s) => [s.labels.__name__, s.value])).toEqual([
      ["up", 1],
      ["scrape_duration_seconds", 0.25],
      ["scrape_samples_scraped", 3],
      ["scrape_samples_post_metric_relabeling", 2],
      ["scrape_series_added", 1],
    ]);
    expect(r.every((s) => s.labels.job === "vllm" && s.labels.instance === "h:1" && s.timestamp === T)).toBe(true);
  });
});
