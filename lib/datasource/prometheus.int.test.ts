import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prometheusBinary, startPrometheus, type PrometheusServer } from "@/lib/testing/prometheus-server";
import { DatasourceError, PrometheusDatasource } from "./index";

const available = prometheusBinary() !== null;
if (!available) {
  if (process.env.CI === "true") throw new Error("CI=true but prometheus is not installed");
  console.warn("\n*** SKIPPING the Prometheus datasource tests: apt-get install prometheus ***\n");
}

describe.skipIf(!available)("PrometheusDatasource against a real Prometheus", () => {
  let target: http.Server;
  let prom: PrometheusServer;
  let ds: PrometheusDatasource;
  let hits = 0;

  beforeAll(async () => {
    target = http.createServer((_req, res) => {
      hits++;
      res.setHeader("content-type", "text/plain; version=0.0.4");
      res.end(
        [
          "# TYPE llm_requests_total counter",
          `llm_requests_total{model="a",code="200"} ${hits * 10}`,
          `llm_requests_total{model="b",code="500"} ${hits}`,
          "# TYPE llm_queue gauge",
          "llm_queue 3",
          "",
        ].join("\n"),
      );
    });
    await new Promise<void>((r) => target.listen(0, "127.0.0.1", r));
    prom = await startPrometheus({ targets: [`127.0.0.1:${(target.address() as AddressInfo).port}`] });
    ds = new PrometheusDatasource({ name: "prom", url: prom.url, timeoutMs: 5000 });
    // Wait for a few scrapes so rate() has data.
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const r = await ds.instantQuery("count_over_time(llm_queue[1m])", Date.now());
      if (r.data.resultType === "vector" && r.data.result.length && Number(r.data.result[0].value[1]) >= 4) break;
      await new Promise((res) => setTimeout(res, 250));
    }
  }, 60_000);

  afterAll(async () => {
    await prom?.stop();
    target?.close();
  });

  it("runs instant and range queries in Prometheus's wire shape", async () => {
    const now = Date.now();
    const inst = await ds.instantQuery('sum by (model) (llm_requests_total{model=~"a|b"})', now);
    expect(inst.data.resultType).toBe("vector");
    if (inst.data.resultType !== "vector") return;
    expect(inst.data.result.map((s) => s.metric.model).sort()).toEqual(["a", "b"]);
    expect(typeof inst.data.result[0].value[1]).toBe("string");
    const range = await ds.rangeQuery("rate(llm_requests_total[5s])", now - 10_000, now, 1000);
    expect(range.data.resultType).toBe("matrix");
    if (range.data.resultType === "matrix") expect(range.data.result.length).toBe(2);
    const scalar = await ds.instantQuery("1 + 1", now);
    expect(scalar.data).toEqual({ resultType: "scalar", result: [now / 1000, "2"] });
  });

  it("looks up series, label names and values", async () => {
    const series = await ds.series(["llm_requests_total"]);
    expect(series.map((s) => s.model).sort()).toEqual(["a", "b"]);
    expect(await ds.labelNames()).toEqual(expect.arrayContaining(["__name__", "code", "instance", "job", "model"]));
    expect(await ds.labelValues("model")).toEqual(["a", "b"]);
  });

  it("reports Prometheus's own errors with their type", async () => {
    await expect(ds.instantQuery("sum(", Date.now())).rejects.toMatchObject({ errorType: "bad_data" });
    await expect(ds.instantQuery("sum(", Date.now())).rejects.toBeInstanceOf(DatasourceError);
  });
});

describe("PrometheusDatasource when the server is away", () => {
  it("retries, then fails as unavailable", async () => {
    const waits: number[] = [];
    const ds = new PrometheusDatasource({
      name: "down",
      url: "http://127.0.0.1:1",
      retries: 2,
      sleep: async (ms) => void waits.push(ms),
    });
    await expect(ds.instantQuery("up", Date.now())).rejects.toMatchObject({ errorType: "unavailable" });
    expect(waits).toEqual([200, 400]);
  });

  it("sends basic auth and bearer credentials", async () => {
    const seen: string[] = [];
    const srv = http.createServer((req, res) => {
      seen.push(req.headers.authorization ?? "");
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ status: "success", data: ["a"] }));
    });
    await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(srv.address() as AddressInfo).port}`;
    await new PrometheusDatasource({ name: "b", url, basicAuth: { username: "u", password: "p" } }).labelNames();
    await new PrometheusDatasource({ name: "t", url, bearerToken: "tok" }).labelNames();
    srv.close();
    expect(seen).toEqual(["Basic " + Buffer.from("u:p").toString("base64"), "Bearer tok"]);
  });
});
