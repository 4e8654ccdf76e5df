import http from "node:http";
import type { AddressInfo } from "node:net";
import { Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb, type DbHandle } from "@/db/client";
import { matcherPredicate } from "@/lib/promql";
import { createHttpFetcher, databaseTarget, scrapeMetrics, TargetScraper } from "@/lib/scrape";
import { setupOf, scrapeConfig } from "@/lib/scrape/test-helpers";
import { prometheusBinary, startPrometheus, type PrometheusServer } from "@/lib/testing/prometheus-server";
import { createTsdb } from "@/lib/tsdb";
import { EmbeddedDatasource, PrometheusDatasource, type QueryData } from "./index";

// A real Prometheus and Headroom's own scraper both scrape one loopback target every second;
// the same PromQL through both datasources must give the same series. The target stamps its
// samples with whole seconds and grows linearly, so rates and quantiles do not depend on which
// moment each scraper happened to fetch.
const available = prometheusBinary() !== null;
if (!available && process.env.CI === "true") throw new Error("CI=true but prometheus is not installed");

const SLOPES: Record<string, number> = { "200": 30, "429": 2, "500": 1 };
const BUCKETS: Array<[string, number]> = [["0.1", 1], ["0.5", 6], ["1", 9], ["+Inf", 10]];

function exposition(nowMs: number): string {
  const ms = Math.floor(nowMs / 1000) * 1000;
  const s = ms / 1000 - 1_700_000_000;
  const lines = ["# TYPE parity_requests_total counter"];
  for (const [code, k] of Object.entries(SLOPES)) lines.push(`parity_requests_total{code="${code}"} ${k * s} ${ms}`);
  lines.push("# TYPE parity_latency_seconds histogram");
  for (const [le, k] of BUCKETS) lines.push(`parity_latency_seconds_bucket{le="${le}"} ${k * s} ${ms}`);
  lines.push(`parity_latency_seconds_sum ${4 * s} ${ms}`, `parity_latency_seconds_count ${10 * s} ${ms}`);
  // Steps up at seconds ending in 5, while the queries' steps fall on seconds ending in 2 or 7:
  // a second one scraper skipped never holds a window's only sample of its highest value.
  lines.push("# TYPE parity_queue gauge", `parity_queue ${Math.floor((s - 5) / 10) % 7} ${ms}`, "");
  return lines.join("\n");
}

const QUERIES = [
  "rate(parity_requests_total[10s])",
  "sum by (code) (rate(parity_requests_total[10s]))",
  "sum(rate(parity_requests_total{code=~\"5..|429\"}[10s])) / sum(rate(parity_requests_total[10s]))",
  "histogram_quantile(0.9, sum by (le) (rate(parity_latency_seconds_bucket[10s])))",
  "rate(parity_latency_seconds_sum[10s]) / rate(parity_latency_seconds_count[10s])",
  "max_over_time(parity_queue[30s])",
  "count by (job) (parity_requests_total)",
  "topk(2, rate(parity_requests_total[10s]))",
];

/** Series of a matrix as sorted `labels -> [t, value]` for comparison. */
function normalise(d: QueryData): Array<[string, Array<[number, number]>]> {
  if (d.resultType !== "matrix") throw new Error(`expected a matrix, got ${d.resultType}`);
  return d.result
    .map((s): [string, Array<[number, number]>] => [
      JSON.stringify(Object.entries(s.metric).sort()),
      s.values.map(([t, v]) => [t, Number(v)]),
    ])
    .sort((a, b) => a[0].localeCompare(b[0]));
}

describe.skipIf(!available)("the same PromQL through the embedded and the Prometheus datasource", () => {
  let target: http.Server;
  let prom: PrometheusServer;
  let h: DbHandle;
  let embedded: EmbeddedDatasource;
  let remote: PrometheusDatasource;
  let timer: NodeJS.Timeout;
  const fetcher = createHttpFetcher();

  beforeAll(async () => {
    target = http.createServer((_req, res) => res.end(exposition(Date.now())));
    await new Promise<void>((r) => target.listen(0, "127.0.0.1", r));
    const address = `127.0.0.1:${(target.address() as AddressInfo).port}`;
    prom = await startPrometheus({ targets: [address] });
    remote = new PrometheusDatasource({ name: "prom", url: prom.url });
    h = await openDb({});
    const tsdb = createTsdb(h.db, { matcherPredicate });
    embedded = new EmbeddedDatasource("embedded", tsdb);
    const sc = scrapeConfig("job_name: test\nscrape_interval: 1s\nscrape_timeout: 1s");
    const t = databaseTarget({ id: 1, job: "test", url: `http://${address}/metrics`, labels: {}, intervalMs: 1000 }, setupOf([sc], "/tmp"));
    const scraper = new TargetScraper(t, { appender: tsdb, fetch: fetcher.fetch, userAgent: "Headroom/test", metrics: scrapeMetrics(new Registry()) });
    let busy = false;
    timer = setInterval(() => {
      if (busy) return;
      busy = true;
      void scraper.scrape(Date.now(), new AbortController().signal).finally(() => (busy = false));
    }, 1000);
    await new Promise((r) => setTimeout(r, 45_000)); // 45 one-second samples in both stores
  }, 120_000);

  afterAll(async () => {
    clearInterval(timer);
    await prom?.stop();
    target?.close();
    await fetcher.close();
    await h?.close();
  });

  for (const q of QUERIES) {
    it(q, async () => {
      const end = Math.floor((Date.now() - 5000) / 10_000) * 10_000 + 2000;
      const start = end - 20_000;
      const [a, b] = await Promise.all([embedded.rangeQuery(q, start, end, 5000), remote.rangeQuery(q, start, end, 5000)]);
      const mine = normalise(a.data);
      const theirs = normalise(b.data);
      expect(mine.map(([k]) => k)).toEqual(theirs.map(([k]) => k));
      expect(mine.length).toBeGreaterThan(0);
      mine.forEach(([, points], i) => {
        const other = theirs[i][1];
        expect(points.map(([t]) => t)).toEqual(other.map(([t]) => t));
        points.forEach(([, v], j) => expect(v).toBeCloseTo(other[j][1], 9));
      });
    });
  }
});
