/**
 * Series-by-series evaluation of aggregations and rate-like functions in range queries.
 *
 * Step by step, `sum by (code) (rate(x[5m]))` builds at every step a vector holding every
 * series' rate, then looks up each sample's group: over a day at a 15 s step and 1,000 series
 * that is 5.8 million sample objects and group lookups. An aggregation without a parameter
 * (sum, avg, count, group, min, max, stddev, stdvar) over a rate-like function of a plain range
 * selector is computed here instead before the steps run: one series at a time, window by
 * window across all steps, each value added into its group's state for that step. When the
 * step evaluator reaches the aggregation it takes that step's vector from the state. A query
 * that is only such a function (`rate(x[5m])`) is put together series by series directly.
 *
 * The answer is the one the step evaluator gives, bit for bit: within each step the values are
 * added in the same order (series in label order), the groups come out in the same order (by
 * their first member), and the sample limit sees the same count at each step.
 */
import type { Labels } from "@/lib/model";
import { accumulate, type AggregateState, finish, groupOf, startGroup } from "./aggregate";
import { type AggregateExpr, type Call, type Expr, forEachChild, type MatrixSelector, unwrapParens } from "./ast";
import { TooManySamplesError } from "./errors";
import type { Evaluator } from "./evaluator";
import { compareLabels, dropMetricName, keyOf } from "./labels";
import { readsNonCounter, windowFunctions, type WindowRange } from "./functions/rate";
import { advance, withoutStale } from "./selectors";
import type { EvalValue, MatrixSeries, RangeSeries, Sample } from "./values";

const OPS = new Set<AggregateExpr["op"]>(["sum", "avg", "count", "group", "min", "max", "stddev", "stdvar"]);

/** Groups x steps above which the per-step state is not worth its memory (about 40 MB). */
const MAX_CELLS = 1 << 20;

/** An aggregation computed for every step of a range query. */
export class SeriesAggregate {
  constructor(
    private readonly op: AggregateExpr["op"],
    private readonly start: number,
    private readonly step: number,
    private readonly steps: number,
    private readonly groups: Labels[],
    private readonly state: StepState,
    /** Points the range selector's windows hold at each step, for the sample limit. */
    private readonly pointsAt: Float64Array,
  ) {}

  /** The aggregation's vector at time t; undefined when t is not one of the query's steps. */
  at(ev: Evaluator, t: number): EvalValue | undefined {
    const k = (t - this.start) / this.step;
    if (!Number.isInteger(k) || k < 0 || k >= this.steps) return undefined;
    ev.countSamples(this.pointsAt[k]);
    const present: number[] = [];
    let sorted = true;
    for (let g = 0; g < this.groups.length; g++) {
      const cell = g * this.steps + k;
      if (this.state.count[cell] === 0) continue;
      if (present.length && this.state.first[cell] < this.state.first[present[present.length - 1]]) sorted = false;
      present.push(cell);
    }
    // A group comes out where its first member's value did in the step's input vector.
    if (!sorted) present.sort((a, b) => this.state.first[a] - this.state.first[b]);
    const samples: Sample[] = new Array(present.length);
    const g = scratch();
    for (let i = 0; i < present.length; i++) {
      const cell = present[i];
      this.state.load(cell, g);
      samples[i] = { labels: this.groups[Math.floor(cell / this.steps)], value: finish(this.op, g, 0), dropName: true };
    }
    return { type: "vector", samples };
  }
}

/**
 * Every aggregation in a range query's expression that can be computed series by series,
 * computed. Aggregations inside subqueries are left to the step evaluator (they run at the
 * subquery's own times), as is any whose rate or increase reads a series whose name is not a
 * counter's (the step evaluator reports those per step).
 */
export function prepareBySeries(ev: Evaluator, root: Expr): Map<AggregateExpr, SeriesAggregate> {
  const out = new Map<AggregateExpr, SeriesAggregate>();
  const visit = (e: Expr) => {
    if (e.kind === "subquery") return;
    if (e.kind === "aggregate") {
      const a = computeAggregate(ev, e);
      if (a) {
        out.set(e, a);
        return;
      }
    }
    forEachChild(e, visit);
  };
  visit(root);
  return out;
}

/**
 * A rate-like call of a plain range selector (parentheses allowed) that can run series by
 * series, or null; rate and increase over a name that is not a counter's stay with the step
 * evaluator, which reports those.
 */
function windowCall(ev: Evaluator, e: Expr): { call: Call; sel: MatrixSelector } | null {
  const call = unwrapParens(e);
  if (call.kind !== "call" || !(call.func.name in windowFunctions) || call.args.length !== 1) return null;
  const sel = unwrapParens(call.args[0]);
  if (sel.kind !== "matrixSelector") return null;
  if (windowFunctions[call.func.name].checksCounterName && readsNonCounter(ev, call)) return null;
  return { call, sel };
}

/** The number of steps of the range query being evaluated. */
function stepCount(ev: Evaluator): number {
  const { start, end, step } = ev.params;
  return Math.floor((end - start) / step) + 1;
}

/**
 * A range query that is just a rate-like function of a plain range selector, evaluated series
 * by series straight into its result. Null for any other expression, and where the step
 * evaluator has to run it: a rate or increase over a name that is not a counter's (it reports
 * those), two series whose labels become the same once the metric name is dropped (it fails
 * on a step where both have a value), or a result that could pass the sample limit.
 */
export function rangeFunctionBySeries(ev: Evaluator, root: Expr): MatrixSeries[] | null {
  const shape = windowCall(ev, root);
  if (!shape) return null;
  const { call, sel } = shape;
  const series = ev.selected(sel.selector);
  const { start, step, maxSamples } = ev.params;
  const steps = stepCount(ev);
  // The result is complete before the sample limit is checked, so it must be sure to fit: the
  // step evaluator stops at the step where the limit is passed, before holding any more.
  if (series.length * steps > maxSamples) return null;
  const out: MatrixSeries[] = new Array(series.length);
  const keys = new Set<string>();
  for (let i = 0; i < series.length; i++) {
    const metric = dropMetricName(series[i].labels);
    const key = keyOf(metric);
    if (keys.has(key)) return null;
    keys.add(key);
    out[i] = { metric, t: [], v: [] };
  }
  const outAt = new Float64Array(steps);
  const pointsAt = windowValues(ev, call, sel, (si, k, f) => {
    const o = out[si];
    o.t.push(start + k * step);
    o.v.push(f);
    outAt[k]++;
  });
  // The sample limit as the step evaluator applies it: the finished steps' results plus the
  // windows of the current one.
  let held = ev.resultSamples;
  for (let k = 0; k < outAt.length; k++) {
    if (held + pointsAt[k] > maxSamples) throw new TooManySamplesError();
    held += outAt[k];
  }
  ev.resultSamples = held;
  return out.filter((o) => o.t.length > 0).sort((a, b) => compareLabels(a.metric, b.metric));
}

function computeAggregate(ev: Evaluator, e: AggregateExpr): SeriesAggregate | null {
  const shape = OPS.has(e.op) && !e.param ? windowCall(ev, e.expr) : null;
  if (!shape) return null;
  const { call, sel } = shape;
  const { start, step } = ev.params;
  const steps = stepCount(ev);
  const series = ev.selected(sel.selector);

  const groupIds = new Map<string, number>();
  const groups: Labels[] = [];
  const groupOfSeries = new Int32Array(series.length);
  for (let i = 0; i < series.length; i++) {
    const g = groupOf(e, series[i].labels);
    let id = groupIds.get(g.key);
    if (id === undefined) {
      id = groups.length;
      groups.push(g.labels);
      groupIds.set(g.key, id);
    }
    groupOfSeries[i] = id;
  }
  if (groups.length * steps > MAX_CELLS) return null;

  const op = e.op;
  const state = new StepState(groups.length * steps, op === "avg" || op === "stddev" || op === "stdvar");
  const g = scratch();
  const pointsAt = windowValues(ev, call, sel, (si, k, f) => {
    const cell = groupOfSeries[si] * steps + k;
    if (state.count[cell] === 0) {
      startGroup(op, g, f);
      state.first[cell] = si;
    } else if (op === "sum") {
      // Kahan summation as the step evaluator does it, without the state round trip.
      const sum = state.value[cell];
      const t = sum + f;
      if (t === Infinity || t === -Infinity) state.c[cell] = 0;
      else if (Math.abs(sum) >= Math.abs(f)) state.c[cell] += sum - t + f;
      else state.c[cell] += f - t + sum;
      state.value[cell] = t;
      state.count[cell]++;
      return;
    } else {
      state.load(cell, g);
      accumulate(op, g, f);
    }
    state.store(cell, g);
  });
  return new SeriesAggregate(op, start, step, steps, groups, state, pointsAt);
}

/**
 * Runs a rate-like function over every window of every series the selector read, one series at
 * a time, and hands each value on with the series' index and the step's; series come in label
 * order. Returns the points the windows held at each step (the step evaluator's sample count).
 */
function windowValues(ev: Evaluator, call: Call, sel: MatrixSelector, each: (series: number, step: number, value: number) => void): Float64Array {
  const { start, step } = ev.params;
  const steps = stepCount(ev);
  const fn = windowFunctions[call.func.name].fn;
  const series = ev.selected(sel.selector);
  const pointsAt = new Float64Array(steps);
  const range = sel.range;
  const win: WindowRange = { rangeStart: 0, rangeEnd: 0, range };
  for (let si = 0; si < series.length; si++) {
    ev.checkAbort();
    const { t, v } = withoutStale(series[si]);
    if (t.length === 0) continue;
    const item: RangeSeries = { labels: series[si].labels, t, v, lo: 0, hi: 0, dropName: false };
    let lo = 0;
    let hi = 0;
    for (let k = 0; k < steps; k++) {
      // Evaluation times only move forward here, so the window only moves forward too.
      const ref = ev.refTime(sel.selector, start + k * step);
      const lower = ref - range;
      lo = advance(t, lo, lower);
      hi = advance(t, hi > lo ? hi : lo, ref);
      if (hi <= lo) continue;
      pointsAt[k] += hi - lo;
      item.lo = lo;
      item.hi = hi;
      win.rangeStart = lower;
      win.rangeEnd = ref;
      const f = fn(win, item);
      if (f !== undefined) each(si, k, f);
    }
  }
  ev.checkAbort(true);
  return pointsAt;
}

/** Per group and step (cell = group x steps + step) the aggregation's state, in typed arrays. */
class StepState {
  readonly count: Float64Array;
  readonly value: Float64Array;
  readonly c: Float64Array;
  /** The index of the group's first series with a value at this step. */
  readonly first: Int32Array;
  private readonly mean: Float64Array | null;
  private readonly incremental: Uint8Array | null;

  constructor(cells: number, withMean: boolean) {
    this.count = new Float64Array(cells);
    this.value = new Float64Array(cells);
    this.c = new Float64Array(cells);
    this.first = new Int32Array(cells);
    this.mean = withMean ? new Float64Array(cells) : null;
    this.incremental = withMean ? new Uint8Array(cells) : null;
  }

  load(cell: number, g: AggregateState): void {
    g.count = this.count[cell];
    g.value = this.value[cell];
    g.c = this.c[cell];
    g.mean = this.mean ? this.mean[cell] : 0;
    g.incremental = this.incremental ? this.incremental[cell] === 1 : false;
  }

  store(cell: number, g: AggregateState): void {
    this.count[cell] = g.count;
    this.value[cell] = g.value;
    this.c[cell] = g.c;
    if (this.mean) this.mean[cell] = g.mean;
    if (this.incremental) this.incremental[cell] = g.incremental ? 1 : 0;
  }
}

const NO_VALUES: number[] = [];

function scratch(): AggregateState {
  return { count: 0, value: 0, mean: 0, c: 0, incremental: false, values: NO_VALUES };
}
