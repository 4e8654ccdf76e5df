/**
 * promqltest's step-invariance check: an instant query with `@ <eval time>` added to every
 * selector and subquery must give the same result when evaluated at other times.
 */
import { type Expr, forEachChild } from "../ast";
import { parseExpr } from "../parse";

// Functions whose result depends on the evaluation time even with step-invariant arguments.
const UNSAFE = new Set([
  "days_in_month", "day_of_month", "day_of_week", "day_of_year", "hour", "minute", "month", "year",
  "predict_linear", "time", "timestamp", "step", "range", "start", "end",
]);

/** The query pinned to `ms` with @, or null when it uses an evaluation-time dependent function. */
export function pinnedExpr(query: string, ms: number): Expr | null {
  const expr = parseExpr(query);
  let unsafe = false;
  const walk = (e: Expr, pinned: boolean): void => {
    if (e.kind === "call" && UNSAFE.has(e.func.name)) unsafe = true;
    if (!pinned) {
      if (e.kind === "vectorSelector") e.at ??= { kind: "time", ms };
      if (e.kind === "matrixSelector") e.selector.at ??= { kind: "time", ms };
      if (e.kind === "subquery") {
        // Selectors below a subquery with @ keep their own timing.
        e.at ??= { kind: "time", ms };
        pinned = true;
      }
    }
    forEachChild(e, (c) => walk(c, pinned));
  };
  walk(expr, false);
  return unsafe ? null : expr;
}

/** The other evaluation times promqltest tries for a query evaluated at `ms`. */
export function shiftedTimes(ms: number): number[] {
  return ms === 0 ? [-1000, 0, 1000] : [-10 * ms, 0, Math.trunc(ms / 5), ms, 10 * ms];
}
