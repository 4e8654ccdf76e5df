import { describe, expect, it } from "vitest";
import type { Expr } from "../ast";
import { pinnedExpr, shiftedTimes } from "./at-modifier";

function ats(e: Expr): string[] {
  const out: string[] = [];
  const walk = (x: Expr): void => {
    if (x.kind === "vectorSelector" || x.kind === "subquery") out.push(`${x.kind === "subquery" ? "sq" : x.name}@${x.at?.kind === "time" ? x.at.ms : x.at?.kind ?? "-"}`);
    if (x.kind === "matrixSelector") walk(x.selector);
    if (x.kind === "subquery" || x.kind === "paren" || x.kind === "unary") walk(x.expr);
    if (x.kind === "binary") [x.lhs, x.rhs].forEach(walk);
    if (x.kind === "call") x.args.forEach(walk);
    if (x.kind === "aggregate") walk(x.expr);
  };
  walk(e);
  return out;
}

describe("pinnedExpr", () => {
  it.each([
    ["a + rate(b[5m])", ["a@60000", "b@60000"]],
    ["a @ 10 + b", ["a@10000", "b@60000"]],
    ["max_over_time(rate(b[1m])[5m:])", ["sq@60000", "b@-"]],
  ])("%s", (q, want) => {
    expect(ats(pinnedExpr(q, 60_000)!)).toEqual(want);
  });

  it.each(["time()", "timestamp(a)", "a + hour()", "predict_linear(a[5m], 1)"])("leaves %s alone", (q) => {
    expect(pinnedExpr(q, 60_000)).toBeNull();
  });

  it("tries the times promqltest tries", () => {
    expect(shiftedTimes(0)).toEqual([-1000, 0, 1000]);
    expect(shiftedTimes(50_000)).toEqual([-500_000, 0, 10_000, 50_000, 500_000]);
  });
});
