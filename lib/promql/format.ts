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

/** The body of a successful /api/v1/query or /api/v1/query_range response. */
export interface ApiBody {
  value: QueryValue;
  warnings?: string[];
  infos?: string[];
}

// Pieces are gathered to about this many characters before they are handed on.
const CHUNK_CHARS = 64 * 1024;

/**
 * The JSON of `{"status":"success","data":...,"warnings":...,"infos":...}` in pieces, written
 * straight from the query value's number arrays. It is the text JSON.stringify of
 * `{ status, data: toApiData(value), warnings, infos }` gives, without the `[t, "v"]` array and
 * value string per point that toApiData allocates: a day of 1,000 series at a 15 s step is
 * 5.8 million points, and building those was most of a large range query's time. A piece holds
 * at least one whole series, so memory stays bounded by the largest series, not the answer.
 */
export function* apiJsonChunks(body: ApiBody): Generator<string> {
  const { value, warnings, infos } = body;
  if (value.resultType !== "matrix") {
    yield JSON.stringify({ status: "success", data: toApiData(value), warnings, infos });
    return;
  }
  const prefixes = new Map<number, string>();
  let out = '{"status":"success","data":{"resultType":"matrix","result":[';
  for (let k = 0; k < value.result.length; k++) {
    const s = value.result[k];
    out += (k ? ',{"metric":' : '{"metric":') + JSON.stringify(s.metric) + ',"values":[' + pointsJson(s.t, s.v, prefixes) + "]}";
    if (out.length >= CHUNK_CHARS) {
      yield out;
      out = "";
    }
  }
  out += "]}";
  if (warnings !== undefined) out += ',"warnings":' + JSON.stringify(warnings);
  if (infos !== undefined) out += ',"infos":' + JSON.stringify(infos);
  yield out + "}";
}

/**
 * `[t1,"v1"],[t2,"v2"],...` for one series. The values are formatted by one JSON.stringify of
 * the whole array (the number-to-text conversion String() does, without a string object per
 * value), split, and joined between shared pieces `"],[<t>,"` made once per timestamp: the
 * series of a range query share one step grid.
 */
function pointsJson(t: number[], v: number[], prefixes: Map<number, string>): string {
  const n = t.length;
  if (n === 0) return "";
  const texts = JSON.stringify(v).slice(1, -1).split(",");
  // JSON writes NaN and the infinities as null, and uses exponents where Go does not.
  for (let i = 0; i < n; i++) {
    const x = v[i];
    const abs = x < 0 ? -x : x;
    if (!(abs >= 1e-6 && abs < 1e21)) texts[i] = formatSampleValue(x);
  }
  const parts: string[] = new Array(2 * n + 1);
  for (let i = 0; i < n; i++) {
    let p = prefixes.get(t[i]);
    if (p === undefined) {
      p = '"],[' + t[i] / 1000 + ',"';
      prefixes.set(t[i], p);
    }
    parts[2 * i] = p;
    parts[2 * i + 1] = texts[i];
  }
  parts[0] = "[" + parts[0].slice(4);
  parts[2 * n] = '"]';
  return parts.join("");
}
