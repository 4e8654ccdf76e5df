import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { instantQuery, rangeQuery } from "./engine";
import { PromQLError } from "./errors";
import { FUNCTIONS } from "./functions-table";
import { storageFrom } from "./test-helpers";

const data = storageFrom(30_000, [
  'a_total{job="x", le="1"} 0+1x20',
  'a_total{job="y", le="+Inf"} 0+2x20',
  'b{job="x"} 1 NaN stale 3 -Inf 5',
  "c 5 4 3 2 1",
]);

// Random expressions from a small grammar; arguments of any type, so type errors are common.
const expr: fc.Arbitrary<string> = fc.letrec((tie) => ({
  e: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom("a_total", 'b{job="x"}', "c", "1", "-2.5", "NaN", '"s"', "a_total[2m]", "c[1m:30s]", "nope"),
    fc.tuple(tie("e"), fc.constantFrom("+", "-", "*", "/", "%", "^", "==", "!=", "> bool", "<", "and", "or", "unless", "+ on(job)", "* ignoring(le) group_left"), tie("e")).map(([l, op, r]) => `(${l} ${op} ${r})`),
    fc.tuple(fc.constantFrom(...FUNCTIONS.keys()), fc.array(tie("e"), { maxLength: 3 })).map(([f, args]) => `${f}(${args.join(", ")})`),
    fc.tuple(fc.constantFrom("sum", "avg", "max", "stddev", "topk", "quantile", "count_values"), fc.constantFrom("", " by (job)", " without (le)"), tie("e"), tie("e")).map(
      ([op, g, p, x]) => (["topk", "quantile", "count_values"].includes(op) ? `${op}${g}(${p}, ${x})` : `${op}${g}(${x})`),
    ),
    tie("e").map((x) => `(${x})[2m:1m]`),
    tie("e").map((x) => `-${x}`),
  ),
})).e;

describe("engine robustness", () => {
  it("answers or fails with a PromQLError, never a crash", async () => {
    await fc.assert(
      fc.asyncProperty(expr, fc.boolean(), async (q, range) => {
        try {
          if (range) await rangeQuery(data, q, 0, 600_000, 60_000);
          else await instantQuery(data, q, 300_000);
        } catch (err) {
          if (!(err instanceof PromQLError)) throw err;
        }
      }),
      { numRuns: 1000 },
    );
    expect(true).toBe(true);
  }, 60_000);
});
