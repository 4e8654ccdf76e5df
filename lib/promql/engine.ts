/**
 * Query entry points. A query is parsed, planned (which selectors over which ranges), its data
 * fetched from the Queryable in one asynchronous round, then evaluated synchronously step by
 * step under the sample limit and deadline. In range queries, rate-like functions and the
 * aggregations over them are computed series by series first (by-series.ts), with the same result.
 */
import type { SeriesSamples } from "@/lib/model";
import { type Annotation, renderAnnotation } from "./annotations";
import { rangeFunctionBySeries } from "./by-series";
import { type Expr, exprType, type VectorSelector } from "./ast";
import { PromQLError, QueryCanceledError, QueryTimeoutError, TooManySamplesError } from "./errors";
import { type EvalParams, Evaluator } from "./evaluator";
import { compareLabels, dropMetricName, keyOf } from "./labels";
import { parseExpr } from "./parse";
import { planSelectors } from "./plan";
import type { Queryable } from "./storage";
import type { EvalValue, InstantSample, MatrixSeries, QueryValue, Sample } from "./values";

/** Limits and defaults; each has Prometheus's default. */
export interface QueryOptions {
  /** How far back an instant selector looks for a sample (default 5m). */
  lookbackDeltaMs?: number;
  /** Samples a query may hold in memory (default 50,000,000, --query.max-samples). */
  maxSamples?: number;
  /** Wall-clock budget (default 2m, --query.timeout). */
  timeoutMs?: number;
  /** Aborts the query. */
  signal?: AbortSignal;
  /** Step of subqueries written without one, e.g. `x[5m:]` (default 1m). */
  defaultSubqueryStepMs?: number;
  /** Points per series a range query may return (default 11,000). */
  maxPointsPerSeries?: number;
}

/** A query's value and its annotations (rendered as the Prometheus API renders them). */
export interface QueryResult {
  value: QueryValue;
  warnings: string[];
  infos: string[];
  annotations: Annotation[];
}

const DEFAULTS = {
  lookbackDeltaMs: 5 * 60_000,
  maxSamples: 50_000_000,
  timeoutMs: 2 * 60_000,
  defaultSubqueryStepMs: 60_000,
  maxPointsPerSeries: 11_000,
};

/** Evaluates `query` at one time (ms). Results: vector, scalar, string, or matrix for range selectors. */
export async function instantQuery(storage: Queryable, query: string, timeMs: number, opts: QueryOptions = {}): Promise<QueryResult> {
  const expr = parseExpr(query, { stepMs: 0, rangeMs: 0 });
  return run(storage, query, expr, timeMs, timeMs, 0, false, opts);
}

/** Like instantQuery, for an already parsed expression (`query` is its text, for annotations). */
export async function instantQueryExpr(storage: Queryable, expr: Expr, query: string, timeMs: number, opts: QueryOptions = {}): Promise<QueryResult> {
  return run(storage, query, expr, timeMs, timeMs, 0, false, opts);
}

/** Evaluates `query` at start, start+step, ... <= end (ms); always returns a matrix. */
export async function rangeQuery(
  storage: Queryable, query: string, startMs: number, endMs: number, stepMs: number, opts: QueryOptions = {},
): Promise<QueryResult> {
  if (!(stepMs > 0)) throw new PromQLError("zero or negative query resolution step widths are not accepted. Try a positive integer", "bad_data");
  if (endMs < startMs) throw new PromQLError("end timestamp must not be before start time", "bad_data");
  const maxPoints = opts.maxPointsPerSeries ?? DEFAULTS.maxPointsPerSeries;
  if (Math.floor((endMs - startMs) / stepMs) > maxPoints) {
    throw new PromQLError(`exceeded maximum resolution of ${maxPoints.toLocaleString("en-US")} points per timeseries. Try decreasing the query resolution (?step=XX)`, "bad_data");
  }
  const expr = parseExpr(query, { stepMs, rangeMs: endMs - startMs });
  const t = exprType(expr);
  if (t !== "scalar" && t !== "vector") {
    throw new PromQLError(`invalid expression type "${t === "matrix" ? "range vector" : t}" for range query, must be Scalar or instant Vector`, "bad_data");
  }
  return run(storage, query, expr, startMs, endMs, stepMs, true, opts);
}

async function run(
  storage: Queryable, query: string, expr: Expr, start: number, end: number, step: number, isRange: boolean, opts: QueryOptions,
): Promise<QueryResult> {
  const o = { ...DEFAULTS, ...Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)) } as typeof DEFAULTS & QueryOptions;
  const params: EvalParams = {
    query, start, end, step, rangeQuery: isRange, lookback: o.lookbackDeltaMs, subqueryStep: o.defaultSubqueryStepMs,
    maxSamples: o.maxSamples, deadline: Date.now() + o.timeoutMs, signal: o.signal,
  };
  const data = await fetchAll(storage, expr, params);
  const ev = new Evaluator(params, data);
  const value = isRange ? evalRange(ev, expr) : evalInstant(ev, expr, start);
  const annotations = ev.annotations.list();
  return {
    value,
    annotations,
    warnings: annotations.filter((a) => a.kind === "warning").map((a) => renderAnnotation(a, query)),
    infos: annotations.filter((a) => a.kind === "info").map((a) => renderAnnotation(a, query)),
  };
}

async function fetchAll(storage: Queryable, expr: Expr, p: EvalParams): Promise<Map<VectorSelector, SeriesSamples[]>> {
  const plan = [...planSelectors(expr, { start: p.start, end: p.end, lookback: p.lookback, subqueryStep: p.subqueryStep })];
  const ac = new AbortController();
  const hints = { signal: ac.signal };
  const fetches = Promise.all(plan.map(([sel, r]) => (r.maxT < r.minT ? Promise.resolve([]) : storage.select(sel.matchers, r.minT, r.maxT, hints))));
  const results = await withDeadline(fetches, p).catch((err) => {
    ac.abort(err);
    throw err;
  });
  const data = new Map<VectorSelector, SeriesSamples[]>();
  let loaded = 0;
  plan.forEach(([sel], i) => {
    const series = results[i].slice().sort((a, b) => compareLabels(a.labels, b.labels));
    for (const s of series) loaded += s.timestamps.length;
    data.set(sel, series);
  });
  // Holding more raw samples than the limit is already too much, whatever the evaluation does.
  if (loaded > p.maxSamples) throw new TooManySamplesError();
  return data;
}

async function withDeadline<T>(work: Promise<T>, p: EvalParams): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new QueryTimeoutError()), Math.max(0, p.deadline - Date.now()));
    onAbort = () => reject(new QueryCanceledError());
    if (p.signal?.aborted) onAbort();
    p.signal?.addEventListener("abort", onAbort);
  });
  try {
    return await Promise.race([work, guard]);
  } finally {
    clearTimeout(timer);
    if (onAbort) p.signal?.removeEventListener("abort", onAbort);
  }
}

/** Applies delayed __name__ removal and rejects duplicate label sets. */
function finalSamples(samples: Sample[]): Sample[] {
  const seen = new Set<string>();
  const out: Sample[] = [];
  for (const s of samples) {
    const labels = s.dropName ? dropMetricName(s.labels) : s.labels;
    const k = keyOf(labels);
    if (seen.has(k)) throw new PromQLError("vector cannot contain metrics with the same labelset");
    seen.add(k);
    out.push({ labels, value: s.value, dropName: false });
  }
  return out;
}

function evalInstant(ev: Evaluator, expr: Expr, t: number): QueryValue {
  ev.beginStep();
  const v: EvalValue = ev.eval(expr, t);
  switch (v.type) {
    case "scalar":
      return { resultType: "scalar", result: { t, v: v.v } };
    case "string":
      return { resultType: "string", result: { t, v: v.v } };
    case "vector":
      return { resultType: "vector", result: finalSamples(v.samples).map((s): InstantSample => ({ metric: s.labels, t, v: s.value })) };
    case "matrix": {
      const seen = new Set<string>();
      const result: MatrixSeries[] = v.m.series.map((s) => {
        const metric = s.dropName ? dropMetricName(s.labels) : s.labels;
        const k = keyOf(metric);
        if (seen.has(k)) throw new PromQLError("vector cannot contain metrics with the same labelset");
        seen.add(k);
        return { metric, t: Array.from(s.t.subarray(s.lo, s.hi)), v: Array.from(s.v.subarray(s.lo, s.hi)) };
      });
      return { resultType: "matrix", result: result.sort((a, b) => compareLabels(a.metric, b.metric)) };
    }
  }
}

/** One output series of a range query while it is built. */
interface OutSeries {
  out: MatrixSeries;
  /** Index of the last step that added a point, to catch duplicate label sets within a step. */
  lastStep: number;
}

function evalRange(ev: Evaluator, expr: Expr): QueryValue {
  const { start, end, step } = ev.params;
  const byKey = new Map<string, OutSeries>();
  // The output series of a step's sample, by its label object (the engine meets the same
  // objects at every step), one map for samples that keep __name__ and one for those that drop it.
  const byLabels = new Map<MatrixSeries["metric"], OutSeries>();
  const byLabelsNoName = new Map<MatrixSeries["metric"], OutSeries>();
  const slotOf = (labels: MatrixSeries["metric"], dropName: boolean): OutSeries => {
    const cache = dropName ? byLabelsNoName : byLabels;
    let o = cache.get(labels);
    if (o === undefined) {
      const metric = dropName ? dropMetricName(labels) : labels;
      const k = keyOf(metric);
      o = byKey.get(k);
      if (o === undefined) {
        o = { out: { metric, t: [], v: [] }, lastStep: -1 };
        byKey.set(k, o);
      }
      cache.set(labels, o);
    }
    return o;
  };
  const direct = rangeFunctionBySeries(ev, expr);
  if (direct) return { resultType: "matrix", result: direct };
  ev.prepareRange(expr);
  let stepIndex = 0;
  for (let t = start; t <= end; t += step, stepIndex++) {
    ev.beginStep();
    const v = ev.eval(expr, t);
    if (v.type === "scalar") {
      const o = slotOf(NO_LABELS, false);
      o.out.t.push(t);
      o.out.v.push(v.v);
      ev.resultSamples += 1;
    } else if (v.type === "vector") {
      const samples = v.samples;
      for (let i = 0; i < samples.length; i++) {
        const s = samples[i];
        const o = slotOf(s.labels, s.dropName);
        if (o.lastStep === stepIndex) throw new PromQLError("vector cannot contain metrics with the same labelset");
        o.lastStep = stepIndex;
        o.out.t.push(t);
        o.out.v.push(s.value);
      }
      ev.resultSamples += samples.length;
    }
  }
  const result: MatrixSeries[] = [];
  for (const o of byKey.values()) result.push(o.out);
  return { resultType: "matrix", result: result.sort((a, b) => compareLabels(a.metric, b.metric)) };
}

const NO_LABELS: MatrixSeries["metric"] = {};
