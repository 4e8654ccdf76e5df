import { describe, expect, it } from "vitest";
import { parseExpr } from "./parse";
import { planSelectors } from "./plan";

const p = { start: 600_000, end: 900_000, lookback: 300_000, subqueryStep: 60_000 };

function plan(q: string): [string, number, number][] {
  return [...planSelectors(parseExpr(q), p)].map(([s, r]) => [s.name ?? "", r.minT, r.maxT]);
}

describe("planSelectors", () => {
  it.each<[string, [string, number, number][]]>([
    ["a", [["a", 300_001, 900_000]]],
    ["a offset 1m", [["a", 240_001, 840_000]]],
    ["a @ 100", [["a", -199_999, 100_000]]],
    ["a @ end()", [["a", 600_001, 900_000]]],
    ["rate(a[10m])", [["a", 1, 900_000]]],
    ["rate(a[10m] offset 5m)", [["a", -299_999, 600_000]]],
    // Inner steps start at the first multiple of 1m after 600s-5m, i.e. 360s.
    ["max_over_time(a[5m:1m])", [["a", 60_001, 900_000]]],
    // Inner steps: first multiple of 2m after 540s-5m is 360s; rate then reads 2m before that.
    ["max_over_time(rate(a[2m])[5m:2m] offset 1m)", [["a", 240_001, 840_000]]],
    ["a + sum_over_time(b[1m:] @ 60)", [["a", 300_001, 900_000], ["b", -239_999, 60_000]]],
  ])("%s", (q, want) => {
    expect(plan(q)).toEqual(want);
  });
});
