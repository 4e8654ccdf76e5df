/** Values inside the evaluator, and the shapes queries return (close to Prometheus's API). */
import type { Labels } from "@/lib/model";

/** One element of an instant vector during evaluation. */
export interface Sample {
  labels: Labels;
  value: number;
  /** Prometheus 3 drops __name__ late: set by functions and operators, applied at the end. */
  dropName: boolean;
  /** The sample's own timestamp, kept by vector selectors for timestamp(). */
  t?: number;
}

/**
 * One series of a range vector: the points of its window, oldest first, are `t[lo..hi)` and
 * `v[lo..hi)` (hi > lo). The arrays are shared with the store's data and later windows: read
 * only. A range selector's series objects are reused from step to step, so a range vector is
 * valid until its expression is evaluated again (functions consume it at once).
 */
export interface RangeSeries {
  labels: Labels;
  t: Float64Array;
  v: Float64Array;
  lo: number;
  hi: number;
  dropName: boolean;
}

/** A range vector with the window it covers: (rangeStart, rangeEnd], length `range` ms. */
export interface MatrixValue {
  series: RangeSeries[];
  rangeStart: number;
  rangeEnd: number;
  range: number;
}

/** A value produced while evaluating one step. */
export type EvalValue =
  | { type: "scalar"; v: number }
  | { type: "string"; v: string }
  | { type: "vector"; samples: Sample[] }
  | { type: "matrix"; m: MatrixValue };

/** An instant-vector sample in a query result (`t` in milliseconds). */
export interface InstantSample {
  metric: Labels;
  t: number;
  v: number;
}

/** A series of a range-query (or range-selector) result. */
export interface MatrixSeries {
  metric: Labels;
  /** Milliseconds, ascending. */
  t: number[];
  v: number[];
}

/** A query's value, tagged like the Prometheus API's resultType. */
export type QueryValue =
  | { resultType: "vector"; result: InstantSample[] }
  | { resultType: "matrix"; result: MatrixSeries[] }
  | { resultType: "scalar"; result: { t: number; v: number } }
  | { resultType: "string"; result: { t: number; v: string } };
