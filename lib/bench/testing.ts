/**
 * A loopback OpenAI-compatible server for tests and perf scripts: streams N chunks with
 * controlled delays, optionally serves only `parallel` requests at once (the rest wait, like a
 * replica at capacity), injects HTTP errors, and records when it wrote each chunk.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Distribution } from "./stats";
import type { LevelSummary } from "./summary";

/** How the fake server behaves. */
export interface FakeServerOptions {
  /** Delay before the first output chunk (ms). */
  ttftMs?: number;
  /** Delay between output chunks (ms). */
  itlMs?: number;
  /** Output chunks per response; default the request's max_tokens. */
  chunks?: number;
  /** Requests generating at once; more wait first-come first-served (default unlimited). */
  parallel?: number;
  /** Send `usage` when the client asks for it (default true). */
  usage?: boolean;
  /** For request n (0-based): an HTTP status to refuse it with, or null to serve it. */
  refuse?: (n: number) => number | null;
  /** Answer every request with this raw text instead of a proper stream. */
  rawBody?: string;
  /** Drop the connection after this many output chunks. */
  cutAfterChunks?: number;
  /** Send an in-band error object after this many output chunks, then end the stream. */
  errorAfterChunks?: number;
}

/** When the server wrote a request's output chunks, on its own performance.now() clock. */
export interface ServedRequest {
  arrivedAt: number;
  chunkAt: number[];
  body: Record<string, unknown>;
  authorization: string | null;
}

/** A running fake server. */
export interface FakeServer {
  url: string;
  port: number;
  /** Requests served (or refused), in arrival order. */
  served: ServedRequest[];
  close(): Promise<void>;
}

const sse = (o: unknown) => `data: ${typeof o === "string" ? o : JSON.stringify(o)}\n\n`;

/** Starts the server on 127.0.0.1 at `port` (0: any free port). */
export async function startFakeOpenAiServer(opts: FakeServerOptions = {}, port = 0, record = true): Promise<FakeServer> {
  const served: ServedRequest[] = [];
  let active = 0;
  const line: (() => void)[] = [];
  const acquire = (): Promise<void> | null => {
    if (opts.parallel === undefined || active < opts.parallel) {
      active++;
      return null;
    }
    return new Promise((resolve) => line.push(resolve));
  };
  const release = () => {
    const next = line.shift();
    if (next) next();
    else active--;
  };
  let n = 0;
  const server = http.createServer((req, res) => {
    const arrivedAt = performance.now();
    if (req.method === "GET" && req.url === "/served") {
      // Each request's chunk times relative to its arrival: the truth to compare clients with.
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(served.map((s) => s.chunkAt.map((t) => t - s.arrivedAt))));
      return;
    }
    if (req.method === "GET" && req.url?.endsWith("/models")) {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ object: "list", data: [{ id: "fake-model", object: "model" }] }));
      return;
    }
    let text = "";
    req.setEncoding("utf8");
    req.on("data", (s: string) => (text += s));
    req.on("end", () => {
      const body = JSON.parse(text || "{}") as Record<string, unknown>;
      const entry: ServedRequest = { arrivedAt, chunkAt: [], body: record ? body : {}, authorization: req.headers.authorization ?? null };
      if (record) served.push(entry);
      const status = opts.refuse?.(n++) ?? null;
      if (status !== null) {
        res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: `refused with ${status}`, type: "test", code: status } }));
        return;
      }
      if (opts.rawBody !== undefined) return void res.writeHead(200, { "content-type": "text/event-stream" }).end(opts.rawBody);
      const chat = req.url?.includes("/chat/") ?? false;
      const count = opts.chunks ?? Number(body.max_tokens ?? body.max_completion_tokens ?? 16);
      const wantUsage = opts.usage !== false && (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
      const chunk = (i: number) => (chat ? { choices: [{ index: 0, delta: { content: ` w${i}` }, finish_reason: null }] } : { choices: [{ index: 0, text: ` w${i}`, finish_reason: null }] });
      const tail = () =>
        (chat ? sse({ choices: [{ index: 0, delta: {}, finish_reason: "length" }] }) : sse({ choices: [{ index: 0, text: "", finish_reason: "length" }] })) +
        (wantUsage ? sse({ choices: [], usage: { prompt_tokens: 7, completion_tokens: count, total_tokens: 7 + count } }) : "") +
        sse("[DONE]");
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      // A chat stream announces the role at once, before any token: clients must not take it for the first token.
      if (chat) res.write(sse({ choices: [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }] }));
      const ttft = opts.ttftMs ?? 0;
      const itl = opts.itlMs ?? 0;
      if (ttft === 0 && itl === 0 && opts.parallel === undefined && opts.cutAfterChunks === undefined && opts.errorAfterChunks === undefined) {
        let all = "";
        for (let i = 0; i < count; i++) all += sse(chunk(i));
        if (record) entry.chunkAt = new Array<number>(count).fill(performance.now());
        res.end(all + tail());
        return;
      }
      const generate = () => {
        let i = 0;
        const step = () => {
          if (res.destroyed) return release();
          if (i === opts.cutAfterChunks) return void (res.destroy(), release());
          if (i === opts.errorAfterChunks) return void (res.end(sse({ error: { message: "engine failed mid-stream", code: 500 } }) + sse("[DONE]")), release());
          res.write(sse(chunk(i)));
          entry.chunkAt.push(performance.now());
          if (++i < count) setTimeout(step, itl);
          else {
            res.end(tail());
            release();
          }
        };
        setTimeout(step, ttft);
      };
      const wait = acquire();
      if (wait) void wait.then(generate);
      else generate();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    served,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A level summary for tests of charts, tables and exports: every figure present unless overridden. */
export function fakeSummary(p: Partial<LevelSummary> = {}): LevelSummary {
  const dist = (m: number): Distribution => ({ count: 10, mean: m, median: m, p90: m * 1.5, p95: m * 1.8, p99: m * 2, min: m / 2, max: m * 3, std: m / 4 });
  return {
    requests: 10,
    completed: 10,
    failed: 0,
    canceled: 0,
    failures: {},
    errorRatio: 0,
    durationS: 2,
    requestThroughput: 5,
    outputThroughput: 40,
    totalTokenThroughput: 80,
    inputTokens: 80,
    outputTokens: 80,
    ttftMs: dist(20),
    tpotMs: dist(5),
    itlMs: dist(5),
    e2elMs: dist(60),
    scheduleLagMs: null,
    goodput: null,
    ...p,
  };
}
