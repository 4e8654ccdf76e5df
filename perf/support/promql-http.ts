/**
 * HTTP for perf/promql-range.ts: a bare /api/v1/query_range server over a Headroom datasource
 * (what the app's route does, minus auth and telemetry), and one client used for it and for
 * Prometheus alike, so both pay the same JSON encoding, transfer and parsing.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { once } from "node:events";
import { parseApiDuration, parseApiTime, successJson, type Datasource, type QueryData } from "@/lib/datasource";

/** A running API server. */
export interface ApiServer {
  url: string;
  close(): Promise<void>;
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => (body += c));
    req.on("end", () => resolve(body));
    req.on("error", reject);
  });
}

/** Serves `POST/GET /api/v1/query_range` from `ds` on a free loopback port. */
export async function serveRangeApi(ds: Datasource): Promise<ApiServer> {
  const server = http.createServer(async (req, res) => {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    try {
      const url = new URL(req.url ?? "/", "http://x");
      if (url.pathname !== "/api/v1/query_range") return reply(404, { status: "error", errorType: "not_found", error: "not found" });
      const p = new URLSearchParams(url.search);
      if (req.method === "POST") for (const [k, v] of new URLSearchParams(await readBody(req))) p.append(k, v);
      const start = parseApiTime(p.get("start") ?? "");
      const end = parseApiTime(p.get("end") ?? "");
      const step = parseApiDuration(p.get("step") ?? "");
      if (start === null || end === null || step === null) return reply(400, { status: "error", errorType: "bad_data", error: "bad start, end or step" });
      const r = await ds.rangeQuery(p.get("query") ?? "", start, end, step);
      // As the app's route: the body streamed in the pieces the datasource writes.
      res.writeHead(200, { "content-type": "application/json" });
      for (const piece of successJson(r)) if (!res.write(piece)) await once(res, "drain");
      res.end();
    } catch (err) {
      if (res.headersSent) return void res.destroy();
      reply(422, { status: "error", errorType: "execution", error: err instanceof Error ? err.message : String(err) });
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** One timed range query over HTTP. */
export interface HttpRangeResult {
  /** Wall time from sending the request to the parsed response. */
  ms: number;
  bytes: number;
  data: QueryData;
  /** Prometheus's own execution time (`data.stats.timings.execTotalTime`), when it reports it. */
  execMs?: number;
}

/**
 * POSTs a range query and parses the JSON answer. Unlike lib/datasource's PrometheusDatasource
 * it has no response size cap: a day of 1,000 rate() series is about 200 MB of JSON, over the
 * datasource's 64 MiB limit.
 */
export function queryRangeHttp(base: string, query: string, startMs: number, endMs: number, stepMs: number, stats = false): Promise<HttpRangeResult> {
  const form = new URLSearchParams({ query, start: String(startMs / 1000), end: String(endMs / 1000), step: String(stepMs / 1000) });
  if (stats) form.set("stats", "all");
  const body = form.toString();
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${base}/api/v1/query_range`,
      // A fresh connection each time: reusing one the server is just closing as idle gives ECONNRESET.
      { method: "POST", agent: false, headers: { "content-type": "application/x-www-form-urlencoded", "content-length": Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("error", reject);
        res.on("end", () => {
          try {
            const buf = Buffer.concat(chunks);
            const json = JSON.parse(buf.toString("utf8")) as { status: string; error?: string; data: QueryData & { stats?: { timings?: { execTotalTime?: number } } } };
            if (json.status !== "success") throw new Error(`${base}: ${res.statusCode} ${json.error}`);
            const exec = json.data.stats?.timings?.execTotalTime;
            resolve({ ms: performance.now() - t0, bytes: buf.length, data: json.data, execMs: exec === undefined ? undefined : exec * 1000 });
          } catch (err) {
            reject(err);
          }
        });
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}
