/** Formatting for the Prometheus-compatible HTTP API: values as strings, times as seconds. */
import type { Labels } from "@/lib/model";
import { formatGoE, formatGoF } from "./strings";
import type { QueryValue } from "./values";

/**
 * A sample value as the Prometheus API writes it: "NaN", "+Inf", "-Inf", otherwise the shortest
 * representation that round-trips, with an exponent only below 1e-6 or from 1e21 on.
 */
export function formatSampleValue(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "+Inf";
  if (v === -Infinity) return "-Inf";
  const abs = Math.abs(v);
  if (abs !== 0 && (abs < 1e-6 || abs >= 1e21)) return formatGoE(v);
  return formatGoF(v);
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
    case "matrix":
      return {
        resultType: "matrix",
        result: v.result.map((s) => ({ metric: s.metric, values: s.t.map((t, i): ApiPoint => [formatTimestamp(t), formatSampleValue(s.v[i])]) })),
      };
    case "scalar":
      return { resultType: "scalar", result: [formatTimestamp(v.result.t), formatSampleValue(v.result.v)] };
    case "string":
      return { resultType: "string", result: [formatTimestamp(v.result.t), v.result.v] };
  }
}
