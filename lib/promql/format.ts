/** Formatting for the Prometheus-compatible HTTP API: values as strings, times as seconds. */
import type { Labels } from "@/lib/model";
import { formatGoE, formatGoF } from "./strings";
import type { QueryValue } from "./values";

/**
 * A sample value as the Prometheus API writes it: "NaN", "+Inf", "-Inf", otherwise the shortest
 * representation that round-trips, with an exponent only below 1e-6 or from 1e21 on.
 */
export function formatSampleValue(v: number): string {
  // From 1e-6 up to 1e21 JavaScript writes the shortest round-trip digits without an exponent,
  // which is exactly Go's FormatFloat(v, 'f', -1, 64) (NaN fails both comparisons).
  const abs = v < 0 ? -v : v;
  if (abs >= 1e-6 && abs < 1e21) return String(v);
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "+Inf";
  if (v === -Infinity) return "-Inf";
  return v === 0 ? formatGoF(v) : formatGoE(v);
}

/** Milliseconds to the API's float seconds (1435781451.781). */
export function formatTimestamp(ms: number): number {
  return ms / 1000;
}

/** One [time, "value"] pair. */
export type ApiPoint = [number, string];

/** The `data` object of a /api/v1/query or /api/v1/query_range response. */
export type ApiData =
  | { resultType: "vector"; result: { metric: Labels; value: ApiPoint }[] }
  | { resultType: "matrix"; result: { metric: Labels; values: ApiPoint[] }[] }
  | { resultType: "scalar"; result: ApiPoint }
  | { resultType: "string"; result: [number, string] };

/** Converts a query value to the API's JSON shape. */
export function toApiData(v: QueryValue): ApiData {
  switch (v.resultType) {
    case "vector":
      return { resultType: "vector", result: v.result.map((s) => ({ metric: s.metric, value: [formatTimestamp(s.t), formatSampleValue(s.v)] })) };
    case "matrix": {
      const result: { metric: Labels; values: ApiPoint[] }[] = new Array(v.result.length);
      for (let k = 0; k < v.result.length; k++) {
        const s = v.result[k];
        const n = s.t.length;
        const values: ApiPoint[] = new Array(n);
        for (let i = 0; i < n; i++) values[i] = [s.t[i] / 1000, formatSampleValue(s.v[i])];
        result[k] = { metric: s.metric, values };
      }
      return { resultType: "matrix", result };
    }
    case "scalar":
      return { resultType: "scalar", result: [formatTimestamp(v.result.t), formatSampleValue(v.result.v)] };
    case "string":
      return { resultType: "string", result: [formatTimestamp(v.result.t), v.result.v] };
  }
}
