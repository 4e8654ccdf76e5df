/**
 * lib/promql: a PromQL engine for Prometheus 3's stable language (floats; native histograms are
 * not stored). Parse with parseExpr, run with instantQuery / rangeQuery against any Queryable.
 */
export type { Queryable, SelectHints } from "./storage";
export { compileMatcherRegex, matcherPredicate } from "./storage";
export { MemoryStorage } from "./memory-storage";
export { instantQuery, instantQueryExpr, rangeQuery, type QueryOptions, type QueryResult } from "./engine";
export { parseExpr, type ParseOptions } from "./parse";
export { planSelectors, type TimeRange } from "./plan";
export { compareLabels } from "./labels";
export type { Expr, ValueType, PosRange } from "./ast";
export { exprType } from "./ast";
export {
  PromQLError, ParseError, TooManySamplesError, QueryTimeoutError, QueryCanceledError, type PromQLErrorType,
} from "./errors";
export type { Annotation } from "./annotations";
export type { QueryValue, InstantSample, MatrixSeries } from "./values";
export { apiJsonChunks, formatSampleValue, formatTimestamp, toApiData, type ApiBody, type ApiData, type ApiPoint } from "./format";
export { parseDuration, formatDuration } from "./duration";
export { FUNCTIONS, type FunctionDef } from "./functions-table";
