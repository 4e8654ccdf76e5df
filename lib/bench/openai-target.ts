/**
 * An OpenAI-compatible streaming endpoint as a bench target: POSTs to /v1/completions or
 * /v1/chat/completions with `stream: true`, timestamps every output chunk as it is read, and
 * turns every way a request can go wrong into a failure with a cause.
 */
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { ChunkError, readChunk, type Endpoint } from "./openai-chunk";
import { SseParser } from "./sse";
import type { BenchRequest, BenchTarget, RequestFailure, TargetTiming } from "./types";

/** How to reach an OpenAI-compatible server. */
export interface OpenAiTargetOptions {
  /** A base URL (`http://host:8000`, `.../v1`) or the full endpoint URL. */
  url: string;
  /** Which API; default: what the URL names, else completions. */
  endpoint?: Endpoint;
  /** The model requests name; default: the first one /v1/models lists. */
  model?: string | null;
  /** Sent as `Authorization: Bearer KEY`. */
  apiKey?: string | null;
  /** Whole-request deadline (default 300 s). */
  timeoutMs?: number;
  /** Send vLLM's `ignore_eos` (default true); real OpenAI rejects unknown fields. */
  ignoreEos?: boolean;
  /** The clock, for tests; default performance.now(). */
  now?: () => number;
  /** DNS lookup for every connection (the Benchmarks page passes one that refuses denied networks). */
  lookup?: LookupFunction;
}

/** An event larger than this is a broken or hostile stream, not a completion chunk. */
const MAX_PENDING_EVENT = 4 * 1024 * 1024;
/** Cap on the /v1/models answer. */
const MAX_MODELS_BODY = 1024 * 1024;

/** The endpoint URL and kind a target URL stands for; throws on a URL that is not http(s). */
export function resolveEndpoint(url: string, endpoint?: Endpoint): { url: URL; endpoint: Endpoint; modelsUrl: URL } {
  let u: URL;
  try {
    // "localhost:8000" parses as a URL of scheme "localhost:"; ask for the scheme instead.
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) throw new Error();
    u = new URL(url);
  } catch {
    throw new Error(`"${url}" is not a URL (expected http://host:port or a .gguf file)`);
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") throw new Error(`"${url}": only http and https URLs are supported`);
  const path = u.pathname.replace(/\/+$/, "");
  const named: Endpoint | null = path.endsWith("/chat/completions") ? "chat" : path.endsWith("/completions") ? "completions" : null;
  if (named && endpoint && named !== endpoint) throw new Error(`the URL names the ${named} endpoint but --endpoint says ${endpoint}`);
  const kind = endpoint ?? named ?? "completions";
  const base = named ? path.slice(0, -(named === "chat" ? "/chat/completions" : "/completions").length) : path.endsWith("/v1") ? path : `${path}/v1`;
  const at = (p: string) => Object.assign(new URL(u.href), { pathname: `${base}${p}` });
  return { url: at(kind === "chat" ? "/chat/completions" : "/completions"), endpoint: kind, modelsUrl: at("/models") };
}

/** An OpenAI-compatible HTTP endpoint; connections are kept alive and reused. */
export class OpenAiTarget implements BenchTarget {
  readonly description: string;
  readonly endpoint: Endpoint;
  private modelName: string | null;
  private readonly url: URL;
  private readonly modelsUrl: URL;
  private readonly agent: http.Agent;
  private readonly mod: typeof http | typeof https;
  private readonly auth: string | null;
  private readonly timeoutMs: number;
  private readonly ignoreEos: boolean;
  private readonly now: () => number;
  private readonly lookup: LookupFunction | undefined;

  constructor(opts: OpenAiTargetOptions) {
    const r = resolveEndpoint(opts.url, opts.endpoint);
    this.url = r.url;
    this.modelsUrl = r.modelsUrl;
    this.endpoint = r.endpoint;
    // Credentials in the URL become the bearer token and never reach stored descriptions.
    const inUrl = r.url.password || r.url.username ? decodeURIComponent(r.url.password || r.url.username) : null;
    this.auth = opts.apiKey || inUrl ? `Bearer ${opts.apiKey || inUrl}` : null;
    this.url.username = this.url.password = this.modelsUrl.username = this.modelsUrl.password = "";
    this.description = this.url.href;
    this.modelName = opts.model ?? null;
    this.mod = this.url.protocol === "https:" ? https : http;
    this.agent = new this.mod.Agent({ keepAlive: true, maxSockets: Infinity, noDelay: true } as http.AgentOptions);
    this.timeoutMs = opts.timeoutMs ?? 300_000;
    this.ignoreEos = opts.ignoreEos ?? true;
    this.now = opts.now ?? (() => performance.now());
    this.lookup = opts.lookup;
  }

  get model(): string | null {
    return this.modelName;
  }

  /**
   * Resolves the model name from /v1/models when none was given: within 10 s (or the request
   * timeout if shorter), redirects not followed, at most 1 MiB read.
   */
  async prepare(signal?: AbortSignal): Promise<void> {
    if (this.modelName) return;
    const limitMs = Math.min(this.timeoutMs, 10_000);
    const deadline = AbortSignal.timeout(limitMs);
    const res = await this.getText(this.modelsUrl, signal ? AbortSignal.any([signal, deadline]) : deadline).catch((err: Error) => {
      const why = deadline.aborted ? `no answer within ${limitMs / 1000} s` : signal?.aborted ? "canceled" : err.message;
      throw new Error(`cannot reach ${this.modelsUrl.href}: ${why}`);
    });
    if (res.status !== 200) throw new Error(`GET ${this.modelsUrl.href}: HTTP ${res.status}; give the model name with --model`);
    const id = parseModelList(res.text)?.data?.[0]?.id;
    if (typeof id !== "string") throw new Error(`GET ${this.modelsUrl.href} lists no model; give the model name with --model`);
    this.modelName = id;
  }

  private getText(url: URL, signal: AbortSignal): Promise<{ status: number; text: string }> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = this.auth ? { authorization: this.auth } : {};
      const req = this.mod.request(url, { method: "GET", agent: this.agent, headers, lookup: this.lookup, signal }, (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (s: string) => {
          text += s;
          if (text.length > MAX_MODELS_BODY) req.destroy(new Error(`answer larger than ${MAX_MODELS_BODY} bytes`));
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
        res.on("error", reject);
      });
      req.on("error", reject);
      req.end();
    });
  }

  /** The JSON body of one request. */
  body(req: BenchRequest): Record<string, unknown> {
    const b: Record<string, unknown> = { model: this.modelName ?? undefined, stream: true, stream_options: { include_usage: true } };
    if (this.endpoint === "chat") {
      b.messages = [{ role: "user", content: req.prompt }];
      b.max_completion_tokens = req.maxTokens;
    } else {
      b.prompt = req.prompt;
      b.max_tokens = req.maxTokens;
    }
    if (req.ignoreEos && this.ignoreEos) b.ignore_eos = true;
    return b;
  }

  send(req: BenchRequest, onChunk?: (ms: number) => void): Promise<TargetTiming> {
    return new Promise((resolve) => {
      const payload = JSON.stringify(this.body(req));
      const headers: Record<string, string | number> = { "content-type": "application/json", "content-length": Buffer.byteLength(payload), accept: "text/event-stream" };
      if (this.auth) headers.authorization = this.auth;
      const chunkMs: number[] = [];
      let promptTokens: number | null = null;
      let outputTokens: number | null = null;
      let failure: RequestFailure | null = null;
      let settled = false;
      let readAt = 0;
      let sentAt = this.now();
      const settle = (error: RequestFailure | null) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        req.signal?.removeEventListener("abort", onAbort);
        if (!error && chunkMs.length === 0 && req.maxTokens > 0) error = { cause: "malformed_stream", message: emptyStreamMessage(parser) };
        const fromUsage = !error && outputTokens !== null;
        resolve({
          sentAt,
          chunkMs,
          e2eMs: this.now() - sentAt,
          promptTokens: promptTokens ?? req.promptTokens,
          outputTokens: fromUsage ? outputTokens! : chunkMs.length,
          tokenSource: fromUsage ? "usage" : "chunks",
          error,
        });
      };
      const parser = new SseParser((data) => {
        if (failure) return;
        if (data === "[DONE]") return;
        try {
          const c = readChunk(data, this.endpoint);
          if (c.error !== null) failure = { cause: "stream_error", message: c.error };
          if (c.promptTokens !== null) promptTokens = c.promptTokens;
          if (c.completionTokens !== null) outputTokens = c.completionTokens;
          if (c.output) {
            const ms = readAt - sentAt;
            chunkMs.push(ms);
            onChunk?.(ms);
          }
        } catch (err) {
          if (!(err instanceof ChunkError)) throw err;
          failure = { cause: "malformed_stream", message: err.message };
        }
      });
      const creq = this.mod.request(this.url, { method: "POST", agent: this.agent, headers, lookup: this.lookup }, (res) => {
        res.setEncoding("utf8");
        if (res.statusCode !== 200) {
          let text = "";
          res.on("data", (s: string) => (text.length < 2000 ? (text += s) : undefined));
          res.on("end", () => settle({ cause: "http", status: res.statusCode ?? 0, message: httpMessage(res.statusCode ?? 0, text) }));
          res.on("error", () => settle({ cause: "http", status: res.statusCode ?? 0, message: `HTTP ${res.statusCode}` }));
          return;
        }
        res.on("data", (s: string) => {
          if (settled) return; // a timeout or cancel already reported this request
          readAt = this.now();
          parser.feed(s);
          if (parser.pendingLength > MAX_PENDING_EVENT) {
            failure ??= { cause: "malformed_stream", message: `an event larger than ${MAX_PENDING_EVENT} bytes` };
            creq.destroy();
            settle(failure);
          }
        });
        res.on("end", () => {
          if (settled) return;
          readAt = this.now();
          parser.end();
          settle(failure);
        });
        res.on("error", (err) => settle(failure ?? classify(err, "connection closed mid-stream")));
      });
      const timer = setTimeout(() => {
        failure ??= { cause: "timeout", message: `no complete response within ${this.timeoutMs} ms` };
        creq.destroy();
        settle(failure);
      }, this.timeoutMs);
      const onAbort = () => {
        failure ??= { cause: "canceled", message: "canceled" };
        creq.destroy();
        settle(failure);
      };
      if (req.signal?.aborted) return onAbort();
      req.signal?.addEventListener("abort", onAbort, { once: true });
      creq.on("error", (err) => settle(failure ?? classify(err, "connection failed")));
      // The clock starts as the request is handed to the socket: building it is not the server's time.
      sentAt = this.now();
      creq.end(payload);
    });
  }

  async close(): Promise<void> {
    this.agent.destroy();
  }
}

function parseModelList(text: string): { data?: { id?: unknown }[] } | null {
  try {
    return JSON.parse(text) as { data?: { id?: unknown }[] };
  } catch {
    return null;
  }
}

function classify(err: Error, fallback: string): RequestFailure {
  const code = (err as NodeJS.ErrnoException).code;
  return { cause: "connection", message: code ? `${code}: ${err.message}` : err.message || fallback };
}

function httpMessage(status: number, body: string): string {
  let detail = body.trim();
  try {
    const parsed = JSON.parse(detail) as { error?: { message?: string } | string; message?: string; detail?: string };
    detail = (typeof parsed.error === "string" ? parsed.error : parsed.error?.message) ?? parsed.message ?? parsed.detail ?? detail;
  } catch {
    /* not JSON: keep the text */
  }
  detail = detail.replace(/\s+/g, " ").slice(0, 200);
  return detail ? `HTTP ${status}: ${detail}` : `HTTP ${status}`;
}

function emptyStreamMessage(p: SseParser): string {
  return p.firstInvalidLine !== null ? `no output chunks; not an event stream (first line: ${p.firstInvalidLine})` : "the stream ended without output chunks";
}
