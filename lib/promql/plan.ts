/**
 * Works out, before any data is read, which selectors a query has and the time range each must
 * load: evaluation times shifted by offset and @, widened by the lookback delta, the range of a
 * range selector, or a subquery's range (whose inner steps are evaluated in turn).
 */
import { type AtModifier, type Expr, forEachChild, type VectorSelector } from "./ast";

/** An inclusive millisecond range to load for a selector. */
export interface TimeRange {
  minT: number;
  maxT: number;
}

/** What the planner needs to know about the query. */
export interface PlanParams {
  start: number;
  end: number;
  lookback: number;
  subqueryStep: number;
}

function resolveAt(at: AtModifier, p: PlanParams): number {
  if (at.kind === "time") return at.ms;
  return at.kind === "start" ? p.start : p.end;
}

/** Maps every vector selector of `expr` (matrix selectors included) to the range to fetch. */
export function planSelectors(expr: Expr, p: PlanParams): Map<VectorSelector, TimeRange> {
  const out = new Map<VectorSelector, TimeRange>();
  const add = (sel: VectorSelector, minT: number, maxT: number) => {
    const prev = out.get(sel);
    out.set(sel, prev ? { minT: Math.min(prev.minT, minT), maxT: Math.max(prev.maxT, maxT) } : { minT, maxT });
  };
  const refRange = (node: { at: AtModifier | undefined; offset: number }, lo: number, hi: number): [number, number] =>
    node.at ? [resolveAt(node.at, p) - node.offset, resolveAt(node.at, p) - node.offset] : [lo - node.offset, hi - node.offset];
  const walk = (e: Expr, lo: number, hi: number): void => {
    switch (e.kind) {
      case "vectorSelector": {
        const [a, b] = refRange(e, lo, hi);
        add(e, a - p.lookback + 1, b);
        return;
      }
      case "matrixSelector": {
        const [a, b] = refRange(e.selector, lo, hi);
        add(e.selector, a - e.range + 1, b);
        return;
      }
      case "subquery": {
        const [a, b] = refRange(e, lo, hi);
        const interval = e.step || p.subqueryStep;
        const first = Math.floor((a - e.range) / interval) * interval + interval;
        walk(e.expr, first, b);
        return;
      }
      default:
        forEachChild(e, (c) => walk(c, lo, hi));
    }
  };
  walk(expr, p.start, p.end);
  return out;
}
