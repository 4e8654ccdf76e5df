/**
 * Function signatures, as in Prometheus's parser/functions.go. `variadic`: 0 fixed arity, n > 0
 * up to n optional trailing arguments of the last type, -1 any number of them.
 */
import type { ValueType } from "./ast";

/** A PromQL function's signature. */
export interface FunctionDef {
  name: string;
  argTypes: ValueType[];
  variadic: number;
  returnType: ValueType;
  /** Only meaningful for native histograms; returns nothing for float samples. */
  nativeHistogramOnly?: boolean;
  /** Behind Prometheus's --enable-feature=promql-experimental-functions. */
  experimental?: boolean;
}

const S: ValueType = "scalar";
const V: ValueType = "vector";
const M: ValueType = "matrix";
const STR: ValueType = "string";

const defs: FunctionDef[] = [];
function def(name: string, argTypes: ValueType[], returnType: ValueType, variadic = 0, extra: Partial<FunctionDef> = {}): void {
  defs.push({ name, argTypes, variadic, returnType, ...extra });
}

for (const n of ["abs", "ceil", "floor", "exp", "sqrt", "ln", "log2", "log10", "sgn", "deg", "rad",
  "acos", "acosh", "asin", "asinh", "atan", "atanh", "cos", "cosh", "sin", "sinh", "tan", "tanh",
  "timestamp", "sort", "sort_desc", "absent"]) def(n, [V], V);
for (const n of ["rate", "irate", "increase", "delta", "idelta", "deriv", "changes", "resets",
  "avg_over_time", "sum_over_time", "count_over_time", "min_over_time", "max_over_time",
  "stddev_over_time", "stdvar_over_time", "last_over_time", "present_over_time", "absent_over_time"]) def(n, [M], V);
for (const n of ["first_over_time", "mad_over_time", "ts_of_min_over_time", "ts_of_max_over_time",
  "ts_of_last_over_time", "ts_of_first_over_time"]) def(n, [M], V, 0, { experimental: true });
for (const n of ["day_of_month", "day_of_week", "day_of_year", "days_in_month", "hour", "minute", "month", "year"]) def(n, [V], V, 1);
for (const n of ["histogram_avg", "histogram_count", "histogram_sum", "histogram_stddev", "histogram_stdvar"]) def(n, [V], V, 0, { nativeHistogramOnly: true });
for (const n of ["time", "pi", "step", "range", "start", "end"]) def(n, [], S);
def("clamp", [V, S, S], V);
def("clamp_max", [V, S], V);
def("clamp_min", [V, S], V);
def("round", [V, S], V, 1);
def("predict_linear", [M, S], V);
def("quantile_over_time", [S, M], V);
def("double_exponential_smoothing", [M, S, S], V, 0, { experimental: true });
def("histogram_quantile", [S, V], V);
def("histogram_quantiles", [V, STR, S], V, -1, { experimental: true });
def("histogram_fraction", [S, S, V], V);
def("label_replace", [V, STR, STR, STR, STR], V);
def("label_join", [V, STR, STR, STR], V, -1);
def("sort_by_label", [V, STR], V, -1, { experimental: true });
def("sort_by_label_desc", [V, STR], V, -1, { experimental: true });
def("scalar", [V], S);
def("vector", [S], V);
def("min_of", [S, S], S);
def("max_of", [S, S], S);

/** Every function the engine knows, by name. */
export const FUNCTIONS: ReadonlyMap<string, FunctionDef> = new Map(defs.map((d) => [d.name, d]));
