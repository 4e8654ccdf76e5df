/**
 * The step evaluator: evaluates an expression at one timestamp, synchronously, over series the
 * engine fetched beforehand. A range query calls it once per step; subqueries keep a sliding
 * window (subquery.ts), because neighbouring outer steps share most inner steps, and
 * aggregations computed for all steps beforehand (by-series.ts) are read from their state.
 */
import type { SeriesSamples } from "@/lib/model";
import { Annotations } from "./annotations";
import type { AggregateExpr, AtModifier, Expr, MatrixSelector, SubqueryExpr, VectorSelector } from "./ast";
import { evalAggregate } from "./aggregate";
import { prepareBySeries, type SeriesAggregate } from "./by-series";
import { evalBinary } from "./binary";
import { QueryCanceledError, QueryTimeoutError, TooManySamplesError } from "./errors";
import { callFunction } from "./functions";
import { InstantCursor, RangeCursor } from "./selectors";
import { SubqueryWindow } from "./subquery";
import type { EvalValue, MatrixValue, Sample } from "./values";

/** Query-wide settings for one evaluation (all times in milliseconds). */
export interface EvalParams {
  query: string;
  start: number;
  end: number;
  step: number;
  rangeQuery: boolean;
  lookback: number;
  subqueryStep: number;
  maxSamples: number;
  deadline: number;
  signal?: AbortSignal;
}

/** Evaluates expressions at given times; owns the annotations and the sample accounting. */
export class Evaluator {
  readonly annotations = new Annotations();
  /** Samples held by finished steps (the result built so far). */
  resultSamples = 0;
  private stepSamples = 0;
  private ticks = 0;
  private readonly subqueries = new Map<SubqueryExpr, SubqueryWindow>();
  private readonly cursors = new Map<MatrixSelector, RangeCursor>();
  private readonly instantCursors = new Map<VectorSelector, InstantCursor>();
  private readonly memos = new Map<object, unknown>();
  /** Aggregations computed for every step beforehand (by-series.ts), in range queries. */
  private bySeries: Map<AggregateExpr, SeriesAggregate> | null = null;

  constructor(
    readonly params: EvalParams,
    private readonly data: Map<VectorSelector, SeriesSamples[]>,
  ) {}

  /** Starts a new step: per-step sample counts reset, cancellation checked. */
  beginStep(): void {
    this.stepSamples = 0;
    this.checkAbort(true);
  }

  /** Adds to the samples in memory; throws when the query limit is exceeded. */
  countSamples(n: number): void {
    this.stepSamples += n;
    if (this.resultSamples + this.stepSamples > this.params.maxSamples) throw new TooManySamplesError();
  }

  /** Throws when the query was aborted or ran out of time (checks the clock now and then). */
  checkAbort(force = false): void {
    if (this.params.signal?.aborted) throw new QueryCanceledError();
    if ((force || ++this.ticks % 256 === 0) && Date.now() > this.params.deadline) throw new QueryTimeoutError();
  }

  /** The absolute time of an @ modifier. */
  resolveAt(at: AtModifier): number {
    if (at.kind === "time") return at.ms;
    return at.kind === "start" ? this.params.start : this.params.end;
  }

  /** The reference time a selector or subquery reads at, for evaluation time t. */
  refTime(node: { at: AtModifier | undefined; offset: number }, t: number): number {
    return (node.at ? this.resolveAt(node.at) : t) - node.offset;
  }

  /** The series fetched for a selector (sorted by labels). */
  selected(sel: VectorSelector): SeriesSamples[] {
    return this.data.get(sel) ?? [];
  }

  /** A value computed once per query for `key` (an AST node, say). */
  memo<T>(key: object, compute: () => T): T {
    if (this.memos.has(key)) return this.memos.get(key) as T;
    const v = compute();
    this.memos.set(key, v);
    return v;
  }

  /** Before the steps of a range query: computes what can be computed series by series. */
  prepareRange(root: Expr): void {
    const found = prepareBySeries(this, root);
    this.bySeries = found.size ? found : null;
  }

  /** Evaluates `e` at time t. */
  eval(e: Expr, t: number): EvalValue {
    switch (e.kind) {
      case "number":
        return { type: "scalar", v: e.value };
      case "string":
        return { type: "string", v: e.value };
      case "paren":
        return this.eval(e.expr, t);
      case "unary":
        return this.unary(e.op, this.eval(e.expr, t));
      case "vectorSelector":
        return { type: "vector", samples: this.selectInstant(e, t) };
      case "matrixSelector":
      case "subquery":
        return { type: "matrix", m: this.evalMatrix(e, t) };
      case "binary":
        return evalBinary(this, e, this.eval(e.lhs, t), this.eval(e.rhs, t));
      case "aggregate":
        return this.bySeries?.get(e)?.at(this, t) ?? evalAggregate(this, e, t);
      case "call":
        return callFunction(this, e, t);
    }
  }

  private unary(op: "-" | "+", v: EvalValue): EvalValue {
    if (op === "+") return v;
    if (v.type === "scalar") return { type: "scalar", v: -v.v };
    if (v.type !== "vector") return v;
    return { type: "vector", samples: v.samples.map((s) => ({ labels: s.labels, value: -s.value, dropName: true })) };
  }

  /** Samples of an instant vector selector at t (with their own timestamps in `t`). */
  selectInstant(sel: VectorSelector, t: number): Sample[] {
    this.checkAbort();
    let c = this.instantCursors.get(sel);
    if (!c) {
      c = new InstantCursor(this.selected(sel));
      this.instantCursors.set(sel, c);
    }
    const out = c.at(this.refTime(sel, t), this.params.lookback);
    this.countSamples(out.length);
    return out;
  }

  /** A range selector's or subquery's windows at t (parentheses around them allowed). */
  evalMatrix(e: Expr, t: number): MatrixValue {
    while (e.kind === "paren") e = e.expr;
    this.checkAbort();
    if (e.kind === "matrixSelector") {
      let c = this.cursors.get(e);
      if (!c) {
        c = new RangeCursor(this.selected(e.selector), e.range);
        this.cursors.set(e, c);
      }
      const m = c.at(this.refTime(e.selector, t));
      this.countSamples(c.points);
      return m;
    }
    if (e.kind === "subquery") return this.subquery(e, t);
    throw new Error(`internal error: ${e.kind} is not a range vector`);
  }

  private subquery(e: SubqueryExpr, t: number): MatrixValue {
    const ref = this.refTime(e, t);
    const interval = e.step || this.params.subqueryStep;
    // Inner steps are aligned to multiples of the interval, strictly after ref - range.
    const first = Math.floor((ref - e.range) / interval) * interval + interval;
    let w = this.subqueries.get(e);
    if (!w) {
      w = new SubqueryWindow(interval);
      this.subqueries.set(e, w);
    }
    const { series, points } = w.window(first, ref, (ts) => {
      const v = this.eval(e.expr, ts);
      return v.type === "vector" ? v.samples : [];
    });
    this.countSamples(points);
    return { series, rangeStart: ref - e.range, rangeEnd: ref, range: e.range };
  }
}
