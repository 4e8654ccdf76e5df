import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Registry } from "prom-client";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { testDatabases } from "@/db/testing";
import { createTsdb, type Tsdb } from "@/lib/tsdb";
import { createHttpFetcher } from "./http-client";
import { scrapeMetrics } from "./metrics";
import { databaseTarget } from "./targets";
import { TargetScraper } from "./target-scraper";
import { scrapeConfig, setupOf } from "./test-helpers";
import { startTestServer, type TestServer } from "./test-server";
import type { Target } from "./types";

const TEXT = [
  "# HELP vllm_requests_total Requests served.",
  "# TYPE vllm_requests_total counter",
  'vllm_requests_total{model="a"} 10',
  'vllm_requests_total{model="b"} 20',
  "# TYPE vllm_queue_depth gauge",
  "vllm_queue_depth 3",
  "",
].join("\n");
const OPENMETRICS = ["# TYPE vllm_requests counter", 'vllm_requests_total{model="a"} 10', "# TYPE vllm_queue_depth gauge", "vllm_queue_depth 3", "# EOF", ""].join("\n");

const metrics = scrapeMetrics(new Registry());
const fetcher = createHttpFetcher();
afterAll(() => fetcher.close());

/** A target scraping `path` on the server, with scrape config lines for its settings. */
function targetAt(server: TestServer, urlPath: string, configLines = ""): Target {
  const sc = scrapeConfig(`job_name: t${configLines ? "\n" + configLines : ""}`);
  return databaseTarget({ id: 1, job: "t", url: `http://${server.address}${urlPath}`, labels: {}, intervalMs: null }, setupOf([sc], os.tmpdir()));
}

describe.each(testDatabases())("scraping into the store on $kind", ({ open }) => {
  let h: DbHandle;
  let tsdb: Tsdb;
  let server: TestServer;
  let now = Math.floor(Date.now() / 1000) * 1000;
  const next = () => (now += 15_000);

  beforeAll(async () => {
    server = await startTestServer({
      "/plain": { kind: "body", body: TEXT },
      "/gzip": { kind: "body", body: TEXT, gzip: true },
      "/om": { kind: "body", body: OPENMETRICS, contentType: "application/openmetrics-text; version=1.0.0; charset=utf-8" },
      "/garbage": { kind: "body", body: "good_metric 1\nthis is { not an exposition\n" },
      "/endless": { kind: "endless" },
      "/basic": { kind: "auth", expect: `Basic ${Buffer.from("scraper:pa55").toString("base64")}`, body: "secret_metric 1\n" },
      "/bearer": { kind: "auth", expect: "Bearer t0ken", body: "secret_metric 2\n" },
      "/broken": { kind: "body", body: "oops", status: 500 },
    });
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(async () => {
    h = await open();
    tsdb = createTsdb(h.db);
  });
  afterEach(async () => {
    await h.close();
  });

  const scraper = (t: Target) => new TargetScraper(t, { appender: tsdb, fetch: fetcher.fetch, userAgent: "Headroom/test", metrics });
  const values = async (name: string, t: number, instance?: string) => {
    const series = await tsdb.select([{ type: "=", name: "__name__", value: name }], t - 1, t + 1);
    return series
      .filter((s) => !instance || s.labels.instance === instance)
      .map((s) => ({ labels: s.labels, value: s.stale?.[0] ? "stale" : s.values[0] }));
  };

  it.each([
    ["text", "/plain", "vllm_requests_total", 3],
    ["gzip-compressed text", "/gzip", "vllm_requests_total", 3],
    ["OpenMetrics", "/om", "vllm_requests_total", 2],
  ])("stores %s with job and instance labels, and the up and scrape_* series", async (_kind, urlPath, metric, scraped) => {
    const t = next();
    const result = await scraper(targetAt(server, urlPath)).scrape(t, new AbortController().signal);
    expect(result).toMatchObject({ health: "up", error: null, scraped, stored: scraped, seriesAdded: scraped });
    const stored = await values(metric, t);
    expect(stored[0]).toEqual({ labels: { __name__: metric, model: "a", job: "t", instance: server.address }, value: 10 });
    expect(await values("up", t)).toEqual([{ labels: { __name__: "up", job: "t", instance: server.address }, value: 1 }]);
    expect((await values("scrape_samples_scraped", t))[0].value).toBe(scraped);
    expect((await values("scrape_samples_post_metric_relabeling", t))[0].value).toBe(scraped);
    expect((await values("scrape_series_added", t))[0].value).toBe(scraped);
    expect((await values("scrape_duration_seconds", t))[0].value).toBeGreaterThan(0);
    const req = server.requests.at(-1)!;
    expect(req.headers.accept).toMatch(/^application\/openmetrics-text;version=1\.0\.0.*text\/plain;version=0\.0\.4/);
    expect(req.headers["accept-encoding"]).toBe("gzip");
    expect(req.headers["x-prometheus-scrape-timeout-seconds"]).toBe("10");
    expect((await tsdb.metadata("vllm_queue_depth"))[0]).toMatchObject({ type: "gauge" });
  });

  it.each([
    ["an invalid exposition", "/garbage", "", /^invalid exposition: line 2: /],
    ["a body past body_size_limit", "/plain", "body_size_limit: 64B", /body size limit exceeded/],
    ["a gzip body past body_size_limit once decompressed", "/gzip", "body_size_limit: 100B", /body size limit exceeded/],
    ["an endless body, cut at the default 50 MiB", "/endless", "", /body size limit exceeded: more than 52428800 bytes/],
    ["more samples than sample_limit", "/plain", "sample_limit: 2", /sample limit exceeded/],
    ["an HTTP error", "/broken", "", /^server returned HTTP status 500/],
    ["a connection refused", "/plain", "", /ECONNREFUSED/],
    ["a page-added target at a cloud metadata address", "/plain", "", /169\.254\.169\.254 resolves to 169\.254\.169\.254, which is denied/],
  ])("fails a scrape of %s with up=0 and stores nothing of the body", async (_name, urlPath, lines, error) => {
    const t = next();
    let target = targetAt(server, urlPath, lines);
    if (_name === "a connection refused") target = { ...target, url: "http://127.0.0.1:1/metrics" };
    if (_name.includes("metadata")) target = { ...target, url: "http://169.254.169.254/latest/meta-data" };
    const result = await scraper(target).scrape(t, new AbortController().signal);
    expect(result!.health).toBe("down");
    expect(result!.error).toMatch(error);
    expect(result).toMatchObject({ scraped: 0, stored: 0 });
    const up = await values("up", t);
    expect(up.map((u) => u.value)).toEqual([0]);
    expect((await values("scrape_samples_scraped", t))[0].value).toBe(0);
    // Nothing of the body: only the five report series exist at this time.
    const all = await tsdb.select([{ type: "=~", name: "__name__", value: ".+" }], t - 1, t + 1);
    expect(all.map((s) => s.labels.__name__).sort()).toEqual(
      ["scrape_duration_seconds", "scrape_samples_post_metric_relabeling", "scrape_samples_scraped", "scrape_series_added", "up"].sort(),
    );
  });

  it("sends basic auth (password from a file) and bearer credentials", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "headroom-auth-"));
    fs.writeFileSync(path.join(dir, "pw"), "pa55\n");
    const t = next();
    const ok = await scraper(targetAt(server, "/basic", `basic_auth: { username: scraper, password_file: ${dir}/pw }`)).scrape(t, new AbortController().signal);
    expect(ok!.health).toBe("up");
    const bearer = await scraper(targetAt(server, "/bearer", "authorization: { credentials: t0ken }")).scrape(next(), new AbortController().signal);
    expect(bearer!.health).toBe("up");
    const wrong = await scraper(targetAt(server, "/bearer", "authorization: { credentials: nope }")).scrape(next(), new AbortController().signal);
    expect(wrong).toMatchObject({ health: "down", error: "server returned HTTP status 401 Unauthorized" });
    const missing = await scraper(targetAt(server, "/basic", "basic_auth: { username: scraper, password_file: /nonexistent/pw }")).scrape(next(), new AbortController().signal);
    expect(missing!.error).toMatch(/^unable to read password file/);
  });

  it("checks the deny list after DNS, so a name resolving to a denied address is refused", async () => {
    const base = targetAt(server, "/plain");
    const port = server.address.split(":")[1];
    const t = { ...base, url: `http://localhost:${port}/plain`, settings: { ...base.settings, denyNetworks: ["127.0.0.0/8", "::1/128"] } };
    const r = await scraper(t).scrape(next(), new AbortController().signal);
    expect(r!.error).toMatch(/^localhost resolves to (127\.0\.0\.1|::1), which is denied/);
    expect(server.requests.filter((q) => q.headers.host === `localhost:${port}`)).toEqual([]);
  });

  it("writes staleness markers when a series disappears, when the target fails and when it is removed", async () => {
    server.routes.set("/mutable", { kind: "body", body: "a 1\nb 1\n" });
    const s = scraper(targetAt(server, "/mutable"));
    const t1 = next();
    await s.scrape(t1, new AbortController().signal);
    server.routes.set("/mutable", { kind: "body", body: "a 2\n" });
    const t2 = next();
    const r2 = await s.scrape(t2, new AbortController().signal);
    expect(r2).toMatchObject({ health: "up", staleMarkers: 1, seriesAdded: 0 });
    expect(await values("b", t2)).toEqual([{ labels: { __name__: "b", job: "t", instance: server.address }, value: "stale" }]);
    expect((await values("a", t2))[0].value).toBe(2);

    server.routes.set("/mutable", { kind: "body", body: "oops", status: 503 });
    const t3 = next();
    const r3 = await s.scrape(t3, new AbortController().signal);
    expect(r3).toMatchObject({ health: "down", staleMarkers: 1 });
    expect((await values("a", t3))[0].value).toBe("stale");
    expect((await values("up", t3))[0].value).toBe(0);

    server.routes.set("/mutable", { kind: "body", body: "a 3\n" });
    const t4 = next();
    await s.scrape(t4, new AbortController().signal);
    const t5 = next();
    expect(await s.markGone(t5)).toBe(6); // a, and the five report series
    for (const name of ["a", "up", "scrape_duration_seconds", "scrape_series_added"]) {
      expect((await values(name, t5))[0].value).toBe("stale");
    }
  });

  it("applies honor_labels and metric relabelling before storing", async () => {
    server.routes.set("/labels", { kind: "body", body: 'm{job="inner",instance="pod-1",drop_me="x"} 1\nm_other 2\n' });
    const t = next();
    await scraper(targetAt(server, "/labels")).scrape(t, new AbortController().signal);
    expect((await values("m", t))[0].labels).toEqual({
      __name__: "m",
      job: "t",
      instance: server.address,
      exported_job: "inner",
      exported_instance: "pod-1",
      drop_me: "x",
    });
    const t2 = next();
    const relabel = "honor_labels: true\nmetric_relabel_configs:\n  - action: labeldrop\n    regex: drop_.*\n  - source_labels: [__name__]\n    regex: m_other\n    action: drop";
    const r = await scraper(targetAt(server, "/labels", relabel)).scrape(t2, new AbortController().signal);
    expect(r).toMatchObject({ scraped: 2, stored: 1 });
    expect(await values("m", t2)).toEqual([{ labels: { __name__: "m", job: "inner", instance: "pod-1" }, value: 1 }]);
    expect(await values("m_other", t2)).toEqual([]);
    expect((await values("scrape_samples_post_metric_relabeling", t2))[0].value).toBe(1);
  });
});
