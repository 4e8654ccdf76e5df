import type { Labels } from "@/lib/model";

/** The two text exposition formats: Prometheus text 0.0.4 and OpenMetrics 1.0. */
export type ExpositionFormat = "text" | "openmetrics";

/**
 * A metric family's type as Prometheus names it. The text format's "untyped" is "unknown", as in
 * Prometheus's metadata API; gaugehistogram, info and stateset exist only in OpenMetrics.
 */
export type MetricType =
  | "counter"
  | "gauge"
  | "histogram"
  | "gaugehistogram"
  | "summary"
  | "info"
  | "stateset"
  | "unknown";

/** A metric family's metadata, from its HELP, TYPE and UNIT lines ("" where a line is absent). */
export interface MetricFamily {
  readonly name: string;
  readonly type: MetricType;
  readonly help: string;
  readonly unit: string;
}

/** An OpenMetrics exemplar: labels (no metric name), value and optional timestamp in ms. */
export interface Exemplar {
  readonly labels: Labels;
  readonly value: number;
  readonly timestamp: number | null;
}

/** One sample as a plain object; built on request by `Exposition.sample(i)`, never while parsing. */
export interface Sample {
  /** The sample's own name, e.g. "http_requests_total" or "rpc_seconds_bucket". */
  readonly name: string;
  /** All labels, the metric name under `__name__`; labels with an empty value are left out. */
  readonly labels: Labels;
  readonly value: number;
  /** Milliseconds since the epoch, or null when the exposition gave none. */
  readonly timestamp: number | null;
  /** The family the sample belongs to (by name and suffix, e.g. _bucket to its histogram). */
  readonly family: MetricFamily;
  readonly exemplar: Exemplar | null;
}

/** How to parse a body. */
export interface ParseOptions {
  /**
   * "text", "openmetrics", or "auto" (the default): OpenMetrics when `contentType` says so, text
   * when it says text/plain, else OpenMetrics when the body ends in "# EOF" (falling back to text
   * if it is not valid OpenMetrics), else text.
   */
  format?: ExpositionFormat | "auto";
  /** The response's Content-Type header, used by format "auto". */
  contentType?: string | null;
  /**
   * Rewrite histogram `le` and summary `quantile` label values to Prometheus's float format
   * (le="1" becomes "1.0"), as Prometheus 3 does. Default true.
   */
  normalizeFloatLabels?: boolean;
}
