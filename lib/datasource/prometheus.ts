import type { Labels } from "@/lib/model";
import { outboundPolicy, outboundRequest, OutboundError, type OutboundPolicy } from "@/lib/net";
import { DatasourceError, type CallOptions, type Datasource, type DatasourceErrorType, type MetadataMap, type QueryResponse } from "./types";

/** How to reach a Prometheus-compatible server (Prometheus, VictoriaMetrics, Thanos, Mimir). */
export interface PrometheusDatasourceConfig {
  name: string;
  url: string;
  basicAuth?: { username: string; password: string } | null;
  bearerToken?: string | null;
  timeoutMs?: number;
  /** Attempts after the first for network errors and 502/503/504. */
  retries?: number;
  deny?: string[];
  insecureSkipVerify?: boolean;
  /** Waits between retries; injectable so tests do not sleep. */
  sleep?: (ms: number) => Promise<void>;
}

const sec = (ms: number) => (ms / 1000).toString();

/** A datasource that forwards to a Prometheus HTTP API, with auth, timeouts and retries. */
export class PrometheusDatasource implements Datasource {
  readonly kind = "prometheus" as const;
  readonly name: string;
  private readonly base: URL;
  private readonly headers: Record<string, string>;
  private readonly policy: OutboundPolicy;
  private readonly retries: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(cfg: PrometheusDatasourceConfig) {
    this.name = cfg.name;
    this.base = new URL(cfg.url.endsWith("/") ? cfg.url : cfg.url + "/");
    this.headers = { accept: "application/json", "content-type": "application/x-www-form-urlencoded" };
    if (cfg.basicAuth) {
      this.headers.authorization = "Basic " + Buffer.from(`${cfg.basicAuth.username}:${cfg.basicAuth.password}`).toString("base64");
    } else if (cfg.bearerToken) {
      this.headers.authorization = `Bearer ${cfg.bearerToken}`;
    }
    this.policy = {
      ...outboundPolicy({ deny: cfg.deny ?? [], timeoutMs: cfg.timeoutMs ?? 30_000, maxResponseBytes: 64 * 1024 * 1024 }),
      insecureSkipVerify: cfg.insecureSkipVerify,
    };
    this.retries = cfg.retries ?? 2;
    this.sleep = cfg.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  instantQuery(expr: string, timeMs: number, opts?: CallOptions): Promise<QueryResponse> {
    return this.call("api/v1/query", { query: expr, time: sec(timeMs) }, opts).then(toQueryResponse);
  }

  rangeQuery(expr: string, startMs: number, endMs: number, stepMs: number, opts?: CallOptions): Promise<QueryResponse> {
    return this.call("api/v1/query_range", { query: expr, start: sec(startMs), end: sec(endMs), step: sec(stepMs) }, opts).then(toQueryResponse);
  }

  async series(matchers: string[], startMs?: number, endMs?: number, opts?: CallOptions): Promise<Labels[]> {
    return (await this.call("api/v1/series", { "match[]": matchers, ...range(startMs, endMs) }, opts)).data as Labels[];
  }

  async labelNames(matchers: string[] = [], startMs?: number, endMs?: number, opts?: CallOptions): Promise<string[]> {
    return (await this.call("api/v1/labels", { "match[]": matchers, ...range(startMs, endMs) }, opts)).data as string[];
  }

  async labelValues(name: string, matchers: string[] = [], startMs?: number, endMs?: number, opts?: CallOptions): Promise<string[]> {
    const path = `api/v1/label/${encodeURIComponent(name)}/values`;
    return (await this.call(path, { "match[]": matchers, ...range(startMs, endMs) }, opts, "GET")).data as string[];
  }

  async metadata(metric?: string, opts?: CallOptions): Promise<MetadataMap> {
    return (await this.call("api/v1/metadata", metric ? { metric } : {}, opts, "GET")).data as MetadataMap;
  }

  private async call(path: string, params: Record<string, string | string[]>, opts?: CallOptions, method: "GET" | "POST" = "POST") {
    const form = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) for (const item of Array.isArray(v) ? v : [v]) form.append(k, item);
    const url = new URL(path, this.base);
    if (method === "GET") url.search = form.toString();
    const policy = opts?.timeoutMs ? { ...this.policy, timeoutMs: opts.timeoutMs } : this.policy;
    let lastError: DatasourceError | null = null;
    for (let attempt = 0; attempt <= this.retries; attempt++) {
      if (opts?.signal?.aborted) throw new DatasourceError("canceled", "query canceled");
      if (attempt > 0) await this.sleep(200 * 2 ** (attempt - 1));
      try {
        const res = await outboundRequest(url.toString(), { method, headers: this.headers, body: method === "POST" ? form.toString() : undefined }, policy);
        const body = parseBody(res.body.toString("utf8"), res.status);
        if (res.status >= 200 && res.status < 300 && body.status === "success") return body;
        const err = new DatasourceError(errorTypeOf(body.errorType, res.status), body.error ?? `HTTP ${res.status} from ${this.base.host}`);
        if (![502, 503, 504].includes(res.status)) throw err;
        lastError = err;
      } catch (err) {
        if (err instanceof DatasourceError && err.errorType !== "unavailable") throw err;
        lastError = err instanceof DatasourceError ? err : networkError(err, this.base.host);
        if (lastError.errorType === "timeout") throw lastError;
      }
    }
    throw lastError ?? new DatasourceError("unavailable", `${this.base.host} did not answer`);
  }
}

function range(startMs?: number, endMs?: number): Record<string, string> {
  const out: Record<string, string> = {};
  if (startMs !== undefined) out.start = sec(startMs);
  if (endMs !== undefined) out.end = sec(endMs);
  return out;
}

interface ApiBody {
  status?: string;
  data?: unknown;
  errorType?: string;
  error?: string;
  warnings?: string[];
  infos?: string[];
}

function parseBody(text: string, status: number): ApiBody {
  try {
    return JSON.parse(text) as ApiBody;
  } catch {
    return { status: "error", errorType: status >= 500 ? "unavailable" : "bad_data", error: `HTTP ${status}: not a Prometheus API response` };
  }
}

function toQueryResponse(body: ApiBody): QueryResponse {
  return { data: body.data as QueryResponse["data"], warnings: body.warnings, infos: body.infos };
}

function errorTypeOf(t: string | undefined, status: number): DatasourceErrorType {
  const known: DatasourceErrorType[] = ["bad_data", "execution", "timeout", "canceled", "unavailable", "internal", "not_found"];
  if (t && (known as string[]).includes(t)) return t as DatasourceErrorType;
  if (status === 401 || status === 403) return "bad_data";
  return status >= 500 ? "unavailable" : "bad_data";
}

function networkError(err: unknown, host: string): DatasourceError {
  const msg = err instanceof Error ? err.message : String(err);
  if (err instanceof OutboundError && /timed out/.test(msg)) return new DatasourceError("timeout", `${host}: ${msg}`);
  return new DatasourceError("unavailable", `${host}: ${msg}`);
}
