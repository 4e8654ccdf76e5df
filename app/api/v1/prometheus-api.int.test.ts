import { execFile, spawnSync } from "node:child_process";
import { promisify } from "node:util";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveRoutes } from "@/lib/testing/route-server";

// Headroom's /api/v1 route code behind a loopback HTTP server, queried with plain HTTP and with
// Prometheus's own promtool, over data appended to the embedded store.
process.env.HEADROOM_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "headroom-api-"));
process.env.HEADROOM_ADMIN_EMAIL = "api@example.com";
process.env.HEADROOM_ADMIN_PASSWORD = "api-test-password";
delete process.env.DATABASE_URL;
delete process.env.HEADROOM_CONFIG;

const promtool = spawnSync("sh", ["-c", "command -v promtool"], { encoding: "utf8" }).stdout.trim();
if (!promtool && process.env.CI === "true") throw new Error("CI=true but promtool (Debian package prometheus) is missing");

const T0 = Date.UTC(2026, 0, 1); // samples every 15 s for 10 minutes from here
let server: { url: string; close(): Promise<void> };
let token: string;

async function api(pathAndQuery: string, init?: RequestInit) {
  const res = await fetch(server.url + pathAndQuery, { ...init, headers: { authorization: `Bearer ${token}`, ...(init?.headers ?? {}) } });
  return { status: res.status, body: await res.json() };
}

beforeAll(async () => {
  const { getAuthService, createApiToken, listUsers } = await import("@/lib/auth");
  const svc = await getAuthService();
  const [admin] = await listUsers(svc.rt.database.db);
  token = (await createApiToken(svc.rt.database.db, admin.id, "api-test")).token;
  for (let i = 0; i <= 40; i++) {
    const t = T0 + i * 15_000;
    await svc.rt.tsdb.appendScrape({
      samples: [
        { labels: { __name__: "llm_requests_total", job: "vllm", instance: "a:8000", code: "200" }, value: i * 30, timestamp: t },
        { labels: { __name__: "llm_requests_total", job: "vllm", instance: "a:8000", code: "500" }, value: i, timestamp: t },
        { labels: { __name__: "llm_queue_depth", job: "vllm", instance: "a:8000" }, value: 5, timestamp: t },
      ],
      metadata: [{ metric: "llm_requests_total", type: "counter", help: "Requests.", unit: "" }],
    });
  }
  const mount = async (pattern: string, file: string) => ({ pattern, module: await import(/* @vite-ignore */ path.join(process.cwd(), file)) });
  server = await serveRoutes([
    await mount("/api/v1/query", "app/api/v1/query/route.ts"),
    await mount("/api/v1/query_range", "app/api/v1/query_range/route.ts"),
    await mount("/api/v1/series", "app/api/v1/series/route.ts"),
    await mount("/api/v1/labels", "app/api/v1/labels/route.ts"),
    await mount("/api/v1/label/[name]/values", "app/api/v1/label/[name]/values/route.ts"),
    await mount("/api/v1/metadata", "app/api/v1/metadata/route.ts"),
    await mount("/api/v1/status/buildinfo", "app/api/v1/status/buildinfo/route.ts"),
  ]);
});

afterAll(async () => {
  await server?.close();
  const { getRuntime } = await import("@/lib/runtime");
  await (await getRuntime()).database.close();
});

const at = (ms: number) => String(ms / 1000);

describe("the Prometheus-compatible API over the embedded store", () => {
  it("answers an instant query with Prometheus's envelope", async () => {
    const q = encodeURIComponent("sum by (code) (rate(llm_requests_total[1m]))");
    const { status, body } = await api(`/api/v1/query?query=${q}&time=${at(T0 + 600_000)}`);
    expect(status).toBe(200);
    expect(body.status).toBe("success");
    expect(body.data.resultType).toBe("vector");
    const byCode = Object.fromEntries(body.data.result.map((s: { metric: { code: string }; value: [number, string] }) => [s.metric.code, s.value]));
    expect(byCode["200"][0]).toBe((T0 + 600_000) / 1000);
    expect(Number(byCode["200"][1])).toBeCloseTo(2, 10);
    expect(Number(byCode["500"][1])).toBeCloseTo(1 / 15, 10);
  });

  it("answers a range query via POST form", async () => {
    const { status, body } = await api("/api/v1/query_range", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ query: "llm_queue_depth", start: at(T0), end: at(T0 + 60_000), step: "30s" }).toString(),
    });
    expect(status).toBe(200);
    expect(body.data.resultType).toBe("matrix");
    expect(body.data.result[0].values).toEqual([
      [T0 / 1000, "5"],
      [(T0 + 30_000) / 1000, "5"],
      [(T0 + 60_000) / 1000, "5"],
    ]);
  });

  it("streams a large range answer whole, with its infos and JSON content type", async () => {
    const q = new URLSearchParams({ query: "rate(llm_queue_depth[1m]) or rate(llm_requests_total[1m])", start: at(T0), end: at(T0 + 600_000), step: "1s" });
    const res = await fetch(`${server.url}/api/v1/query_range?${q}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    const body = await res.json();
    expect(body.status).toBe("success");
    expect(body.infos.join("\n")).toMatch(/metric might not be a counter.*llm_queue_depth/);
    expect(body.data.result).toHaveLength(3);
    for (const s of body.data.result) {
      expect(s.values.length).toBeGreaterThan(500);
      for (const [t, v] of s.values) expect(typeof t === "number" && typeof v === "string" && Number.isFinite(Number(v))).toBe(true);
    }
  });

  it("looks up series, labels, values and metadata", async () => {
    const series = await api(`/api/v1/series?match[]=${encodeURIComponent('llm_requests_total{code="500"}')}`);
    expect(series.body.data).toEqual([{ __name__: "llm_requests_total", job: "vllm", instance: "a:8000", code: "500" }]);
    expect((await api("/api/v1/labels")).body.data).toEqual(["__name__", "code", "instance", "job"]);
    expect((await api("/api/v1/label/__name__/values")).body.data).toEqual(["llm_queue_depth", "llm_requests_total"]);
    expect((await api("/api/v1/metadata")).body.data).toEqual({ llm_requests_total: [{ type: "counter", help: "Requests.", unit: "" }] });
  });

  it.each([
    ["/api/v1/query", 400, "bad_data", /invalid parameter "query": parameter is missing/],
    ["/api/v1/query?query=sum(", 400, "bad_data", /parse error/],
    ["/api/v1/query?query=up&time=soon", 400, "bad_data", /invalid parameter "time"/],
    ["/api/v1/query_range?query=up&start=10&end=1&step=1", 400, "bad_data", /end timestamp must not be before start time/],
    ["/api/v1/query_range?query=up&start=0&end=100000&step=1", 400, "bad_data", /exceeded maximum resolution of 11,000 points/],
    ["/api/v1/query?query=up&datasource=nope", 404, "not_found", /no datasource named "nope"/],
    ["/api/v1/series", 400, "bad_data", /no match\[\] parameter provided/],
  ])("GET %s -> %i %s", async (url, status, errorType, msg) => {
    const r = await api(url);
    expect(r.status).toBe(status);
    expect(r.body).toMatchObject({ status: "error", errorType });
    expect(r.body.error).toMatch(msg);
  });

  it("refuses requests without a token", async () => {
    const res = await fetch(`${server.url}/api/v1/query?query=up`);
    expect(res.status).toBe(401);
  });

  it.skipIf(!promtool)("works with promtool as the client (token as the Basic auth password)", async () => {
    const base = server.url.replace("http://", `http://promtool:${token}@`);
    // Asynchronous: the server under test runs in this process's event loop.
    const run = async (...args: string[]) => (await promisify(execFile)(promtool, ["query", ...args], { encoding: "utf8", timeout: 20_000 })).stdout;
    const instant = await run("instant", "--time", at(T0 + 600_000), base, "sum(llm_queue_depth)");
    expect(instant.trim()).toBe(`{} => 5 @[${(T0 + 600_000) / 1000}]`);
    const range = await run("range", "--start", at(T0), "--end", at(T0 + 30_000), "--step", "15s", base, "llm_queue_depth");
    expect(range).toContain("5 @[" + T0 / 1000 + "]");
    const series = await run("series", "--match", "llm_requests_total", base);
    expect(series.trim().split("\n").sort()).toEqual([
      '{__name__="llm_requests_total", code="200", instance="a:8000", job="vllm"}',
      '{__name__="llm_requests_total", code="500", instance="a:8000", job="vllm"}',
    ]);
    expect((await run("labels", base, "code")).trim().split("\n")).toEqual(["200", "500"]);
  });
});
