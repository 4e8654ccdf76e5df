/**
 * Headroom's OpenAI-compatible model server (node:http) in front of a ModelProcess: chat and
 * text completions, streamed as server-sent events or whole, /v1/models, /health, and vLLM-named
 * Prometheus metrics at /metrics. Admission bounds the work: --parallel generating, --queue
 * waiting, 429 with Retry-After beyond that.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Admission, QueueFullError } from "./admission";
import { EngineError, type ModelProcess } from "./engine";
import { chatRequestSchema, completionRequestSchema, describeIssue, errorBody, toGenerateOptions, type ApiKind } from "./openai";
import { runGeneration } from "./generation";
import { createServerMetrics, type ServerMetrics } from "./server-metrics";

/** How to serve a loaded model. */
export interface ModelServerOptions {
  engine: ModelProcess;
  /** The name clients pass as `model` and that labels the metrics. */
  modelName: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  parallel: number;
  queue: number;
  /** Seconds a refused client is told to wait (Retry-After). */
  retryAfterSeconds?: number;
  /**
   * Off by default. When on, a generation request carrying `x-headroom-fault: <status 400-599>`
   * is answered with that status and an OpenAI-style error, without generating: real failures
   * for demo traffic and alerting tests.
   */
  faultInjection?: boolean;
}

/** A running model server. */
export interface ModelServer {
  url: string;
  port: number;
  metrics: ServerMetrics;
  admission: Admission;
  close(): Promise<void>;
}

const MAX_BODY = 1 << 20;
const ROUTES = new Set(["/health", "/v1/models", "/v1/chat/completions", "/v1/completions", "/metrics"]);

function json(res: ServerResponse, status: number, body: object, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error("too large"));
        req.destroy();
      } else chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** The status a fault-injection header asks for, or null when it asks for none or nonsense. */
function injectedStatus(header: string | string[] | undefined): number | null {
  const n = Number(Array.isArray(header) ? header[0] : header);
  return Number.isInteger(n) && n >= 400 && n <= 599 ? n : null;
}

/** Starts the server; resolves once it listens. */
export async function startModelServer(o: ModelServerOptions): Promise<ModelServer> {
  const admission = new Admission(o.parallel, o.queue);
  const contextSize = o.engine.info?.contextSize ?? 2048;
  const metrics = createServerMetrics(o.modelName, contextSize, () => ({ running: admission.running, waiting: admission.waiting }));
  const created = Math.floor(Date.now() / 1000);

  async function generateRoute(kind: ApiKind, req: IncomingMessage, res: ServerResponse): Promise<void> {
    let raw: string;
    try {
      raw = await readBody(req);
    } catch {
      return json(res, 413, errorBody(`request body over ${MAX_BODY} bytes`, "BadRequestError", 413));
    }
    let parsedJson: unknown;
    try {
      parsedJson = JSON.parse(raw);
    } catch {
      return json(res, 400, errorBody("request body is not valid JSON", "BadRequestError", 400));
    }
    const parsed = (kind === "chat" ? chatRequestSchema : completionRequestSchema).safeParse(parsedJson);
    if (!parsed.success) return json(res, 400, errorBody(describeIssue(parsed.error), "BadRequestError", 400));
    const body = parsed.data;
    const fault = o.faultInjection ? injectedStatus(req.headers["x-headroom-fault"]) : null;
    if (fault !== null) return json(res, fault, errorBody(`injected fault (${fault})`, fault >= 500 ? "InternalServerError" : "BadRequestError", fault));
    if (body.model !== undefined && body.model !== o.modelName)
      return json(res, 404, errorBody(`The model \`${body.model}\` does not exist.`, "NotFoundError", 404, "model"));
    if (!o.engine.alive) return json(res, 503, errorBody("the model process is not running", "ServiceUnavailableError", 503));
    const arrival = performance.now();
    // Aborts when the client goes away, whether it is still waiting in line or generating.
    const gone = new AbortController();
    res.on("close", () => {
      if (!res.writableFinished) gone.abort();
    });
    let release;
    try {
      release = await admission.enter(gone.signal);
    } catch (err) {
      if (err instanceof QueueFullError)
        return json(res, 429, errorBody(`server busy: ${err.message}`, "RateLimitError", 429), { "retry-after": String(o.retryAfterSeconds ?? 1) });
      return; // the client left while waiting
    }
    try {
      metrics.queueTime.observe((performance.now() - arrival) / 1000);
      await runGeneration({
        kind,
        engine: o.engine,
        options: toGenerateOptions(kind, body),
        stream: body.stream ?? false,
        includeUsage: body.stream_options?.include_usage ?? false,
        meta: { id: `${kind === "chat" ? "chatcmpl" : "cmpl"}-${randomUUID().replaceAll("-", "")}`, model: o.modelName, created: Math.floor(Date.now() / 1000) },
        arrival,
        metrics,
        res,
        signal: gone.signal,
      });
    } finally {
      release();
    }
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? "/").split("?")[0];
    const method = req.method ?? "GET";
    if (path === "/health" && (method === "GET" || method === "HEAD")) {
      res.writeHead(o.engine.alive ? 200 : 503).end();
    } else if (path === "/v1/models" && method === "GET") {
      json(res, 200, {
        object: "list",
        data: [{ id: o.modelName, object: "model", created, owned_by: "headroom", root: o.engine.info?.modelPath ?? null, max_model_len: contextSize }],
      });
    } else if (path === "/metrics" && method === "GET") {
      const text = await metrics.registry.metrics();
      res.writeHead(200, { "content-type": metrics.registry.contentType }).end(text);
    } else if (path === "/v1/chat/completions" && method === "POST") {
      await generateRoute("chat", req, res);
    } else if (path === "/v1/completions" && method === "POST") {
      await generateRoute("completion", req, res);
    } else if (ROUTES.has(path)) {
      json(res, 405, errorBody(`method ${method} not allowed on ${path}`, "MethodNotAllowed", 405));
    } else {
      json(res, 404, errorBody(`no route ${path}`, "NotFoundError", 404));
    }
  }

  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    // vLLM leaves its own probes out of the HTTP counts; so do we.
    res.on("finish", () => {
      if (path === "/metrics" || path === "/health") return;
      metrics.httpRequests.inc({ handler: ROUTES.has(path) ? path : "none", method: req.method ?? "GET", status: `${Math.floor(res.statusCode / 100)}xx` });
    });
    route(req, res).catch((err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      if (!res.headersSent) json(res, err instanceof EngineError && err.code === "died" ? 503 : 500, errorBody(message, "InternalServerError", 500));
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port ?? 8000, o.host ?? "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = o.host ?? "127.0.0.1";
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    port,
    metrics,
    admission,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
