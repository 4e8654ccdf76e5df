/**
 * The data model shared by the exposition parser, the store and the PromQL engine, named after
 * Prometheus's model/labels and model/value packages.
 */

import { compileAnchoredRegex } from "./regex";

export { compileAnchoredRegex, translateRe2, RegexSyntaxError } from "./regex";

/** A label set. Metric name under `__name__`. Treat as immutable. */
export type Labels = Readonly<Record<string, string>>;

/** The label that holds the metric name. */
export const METRIC_NAME = "__name__";

/** A label matcher as in `{job=~"api.*"}`. */
export interface Matcher {
  type: "=" | "!=" | "=~" | "!~";
  name: string;
  value: string;
}

/**
 * One series' samples in time order. Staleness markers (Prometheus's special NaN) are kept as
 * samples whose `stale` flag is 1 and whose value is NaN, because JavaScript does not promise to
 * keep a NaN's bit pattern.
 */
export interface SeriesSamples {
  labels: Labels;
  /** Milliseconds since the epoch, ascending. */
  timestamps: Float64Array;
  values: Float64Array;
  /** 1 where the sample is a staleness marker; absent when the series has none. */
  stale?: Uint8Array;
}

/** Prometheus's staleness marker as raw float64 bits (value.StaleNaN). */
export const STALE_NAN_HI = 0x7ff00000;
export const STALE_NAN_LO = 0x00000002;

/** A canonical string for a label set: names sorted, values JSON-escaped. Use as a map key. */
export function labelsKey(labels: Labels): string {
  const names = Object.keys(labels).sort();
  let out = "{";
  for (let i = 0; i < names.length; i++) {
    if (i > 0) out += ",";
    out += names[i] + "=" + JSON.stringify(labels[names[i]]);
  }
  return out + "}";
}

/**
 * Returns a predicate for a matcher. Regular expressions are RE2 as Prometheus has them (fully
 * anchored, `.` matching newlines, `(?i)` and POSIX classes translated for JavaScript).
 */
export function compileMatcher(m: Matcher): (value: string) => boolean {
  switch (m.type) {
    case "=":
      return (v) => v === m.value;
    case "!=":
      return (v) => v !== m.value;
    case "=~": {
      const re = compileAnchoredRegex(m.value);
      return (v) => re.test(v);
    }
    case "!~": {
      const re = compileAnchoredRegex(m.value);
      return (v) => !re.test(v);
    }
  }
}

/** True when every matcher accepts the label set (a missing label reads as ""). */
export function matchesAll(labels: Labels, matchers: readonly Matcher[]): boolean {
  for (const m of matchers) {
    if (!compileMatcher(m)(labels[m.name] ?? "")) return false;
  }
  return true;
}
