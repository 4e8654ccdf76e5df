import type { Labels } from "@/lib/model";

/** A sample as Prometheus's HTTP API writes it: [unix seconds, value as a string]. */
export type WireSample = [number, string];

/** A query result in Prometheus's HTTP API shape, whichever datasource produced it. */
export type QueryData =
  | { resultType: "vector"; result: Array<{ metric: Labels; value: WireSample }> }
  | { resultType: "matrix"; result: Array<{ metric: Labels; values: WireSample[] }> }
  | { resultType: "scalar"; result: WireSample }
  | { resultType: "string"; result: WireSample };

/** A successful query with the warnings and infos Prometheus may attach. */
export interface QueryResponse {
  data: QueryData;
  warnings?: string[];
  infos?: string[];
  /**
   * The API's whole success body (`{"status":"success","data":...}`) in pieces, for a response
   * that can write it more cheaply than JSON.stringify of `data`: the embedded engine's, whose
   * `data` is only built when read. See successJson.
   */
  jsonChunks?: () => Iterable<string>;
}

/** The success body of a query response as Prometheus's API writes it, in pieces. */
export function successJson(r: QueryResponse): Iterable<string> {
  if (r.jsonChunks) return r.jsonChunks();
  return [JSON.stringify({ status: "success", data: r.data, warnings: r.warnings, infos: r.infos })];
}

/** Options every call accepts. */
export interface CallOptions {
  signal?: AbortSignal;
  /** Overrides the datasource's own timeout. */
  timeoutMs?: number;
}

/** Prometheus's error types, so the /api/v1 layer can answer with the same codes. */
export type DatasourceErrorType = "bad_data" | "execution" | "timeout" | "canceled" | "unavailable" | "internal" | "not_found";

/** A failed call, typed as Prometheus types its API errors. */
export class DatasourceError extends Error {
  constructor(
    readonly errorType: DatasourceErrorType,
    message: string,
  ) {
    super(message);
    this.name = "DatasourceError";
  }
}

/**
 * True for a DatasourceError, also one made by another copy of this module: Next.js bundles the
 * runtime (created at start-up) and each route separately, so `instanceof` is not enough.
 */
export function isDatasourceError(err: unknown): err is DatasourceError {
  return err instanceof Error && err.name === "DatasourceError" && typeof (err as { errorType?: unknown }).errorType === "string";
}

/**
 * One interface for every place Headroom reads metrics (panels, alert rules, forecasts,
 * reports): Headroom's own engine over the embedded store, or any Prometheus-compatible API.
 * Times are milliseconds since the epoch.
 */
export interface Datasource {
  readonly name: string;
  readonly kind: "embedded" | "prometheus";
  instantQuery(expr: string, timeMs: number, opts?: CallOptions): Promise<QueryResponse>;
  rangeQuery(expr: string, startMs: number, endMs: number, stepMs: number, opts?: CallOptions): Promise<QueryResponse>;
  series(matchers: string[], startMs?: number, endMs?: number, opts?: CallOptions): Promise<Labels[]>;
  labelNames(matchers?: string[], startMs?: number, endMs?: number, opts?: CallOptions): Promise<string[]>;
  labelValues(name: string, matchers?: string[], startMs?: number, endMs?: number, opts?: CallOptions): Promise<string[]>;
  /** Metric metadata keyed by metric name, as Prometheus's /api/v1/metadata. */
  metadata(metric?: string, opts?: CallOptions): Promise<MetadataMap>;
}

/** Type, help and unit per metric name. */
export type MetadataMap = Record<string, Array<{ type: string; help: string; unit: string }>>;
