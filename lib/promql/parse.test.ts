import { describe, expect, it } from "vitest";
import { type Expr, exprType } from "./ast";
import { ParseError } from "./errors";
import { parseExpr } from "./parse";

/** A compact rendering of the tree, to keep the table readable. */
function show(e: Expr): string {
  switch (e.kind) {
    case "number":
      return String(e.value);
    case "string":
      return JSON.stringify(e.value);
    case "vectorSelector": {
      const m = e.matchers.filter((x) => x.name !== "__name__" || x.type !== "=").map((x) => `${x.name}${x.type}${JSON.stringify(x.value)}`);
      return `${e.name ?? ""}{${m.join(",")}}${e.offset ? ` offset ${e.offset}` : ""}${e.at ? ` @ ${e.at.kind === "time" ? e.at.ms : e.at.kind}` : ""}`;
    }
    case "matrixSelector":
      return `${show(e.selector)}[${e.range}]`;
    case "subquery":
      return `(${show(e.expr)})[${e.range}:${e.step}]${e.offset ? ` offset ${e.offset}` : ""}`;
    case "paren":
      return `(${show(e.expr)})`;
    case "unary":
      return `${e.op}(${show(e.expr)})`;
    case "binary":
      return `(${show(e.lhs)} ${e.op}${e.returnBool ? " bool" : ""}${e.matching?.labels.length || e.matching?.on ? ` ${e.matching.on ? "on" : "ignoring"}(${e.matching.labels})` : ""}${e.matching?.include.length ? ` include(${e.matching.include})` : ""} ${show(e.rhs)})`;
    case "call":
      return `${e.func.name}(${e.args.map(show).join(", ")})`;
    case "aggregate":
      return `${e.op}${e.grouping.length || e.without ? ` ${e.without ? "without" : "by"}(${e.grouping})` : ""}(${e.param ? show(e.param) + ", " : ""}${show(e.expr)})`;
  }
}

describe("parseExpr", () => {
  it.each([
    ["1 + 2 * 3", "(1 + (2 * 3))"],
    ["-2^2", "-((2 ^ 2))"],
    ["2 ^ 3 ^ 2", "(2 ^ (3 ^ 2))"],
    ["2.", "2"],
    ["1./6.", "(1 / 6)"],
    ["0x1f", "31"],
    ["5m", "300"],
    ["-Inf", "-Infinity"],
    ['foo{a="b", c=~"d.*"}', 'foo{a="b",c=~"d.*"}'],
    ['{"foo", "a.b"="c"}', 'foo{a.b="c"}'],
    ["foo[5m] offset 1m", "foo{} offset 60000[300000]"],
    ["foo @ 100", "foo{} @ 100000"],
    ["foo @ start()", "foo{} @ start"],
    ["a offset 1m or b offset 2m", "(a{} offset 60000 or b{} offset 120000)"],
    ["a + b @ 5 offset 1m", "(a{} + b{} offset 60000 @ 5000)"],
    ["rate(foo[5m:1m])", "rate((foo{})[300000:60000])"],
    ["x[1h:] offset 5m", "(x{})[3600000:0] offset 300000"],
    ["sum by (job) (x)", "sum by(job)(x{})"],
    ["sum(x) without (a, b)", "sum without(a,b)(x{})"],
    ["topk(3, x)", "topk(3, x{})"],
    ['count_values("v", x)', 'count_values("v", x{})'],
    ["a > bool on(x) group_left(y) b", "(a{} > bool on(x) include(y) b{})"],
    ["a / ignoring(x) b", "(a{} / ignoring(x) b{})"],
    ["min_of(3, max_of(1, 2))", "min_of(3, max_of(1, 2))"],
    ["x[min_of(5m, 1h)]", "x{}[300000]"],
    ["day_of_week()", "day_of_week()"],
    ["label_join(x, \"d\", \",\", \"a\", \"b\")", 'label_join(x{}, "d", ",", "a", "b")'],
  ])("%s", (q, want) => {
    expect(show(parseExpr(q))).toBe(want);
  });

  it("resolves step() and range() in durations from the options", () => {
    expect(show(parseExpr("x[step() * 2]", { stepMs: 30_000 }))).toBe("x{}[60000]");
    expect(show(parseExpr("x[range()]", { rangeMs: 3_600_000 }))).toBe("x{}[3600000]");
  });

  it.each([
    ["rate(foo)", 'expected type range vector in call to function "rate", got instant vector', 5],
    ["foo(bar)", 'unknown function with name "foo"', 0],
    ["sum(foo[5m])", "expected type instant vector in aggregation expression, got range vector", 4],
    ["1 > 2", "comparisons between scalars must use BOOL modifier", 0],
    ["a + bool b", "bool modifier can only be used on comparison operators", 0],
    ["1 and 2", 'set operator "and" not allowed in binary scalar expression', 0],
    ["a and on(x) group_left b", 'no grouping allowed for "and" operation', 0],
    ["{}", "vector selector must contain at least one non-empty matcher", 0],
    ['{a=~".*"}', "vector selector must contain at least one non-empty matcher", 0],
    ['foo{__name__="bar"}', 'metric name must not be set twice: "foo" or "bar"', 0],
    ["sum(x) offset 5m", "offset modifier must be preceded by an instant vector selector or range vector selector or a subquery", 0],
    ["foo offset 1m offset 2m", "offset may not be set multiple times", 0],
    ["foo[0s]", "duration must be greater than 0", 4],
    ["(foo)[5m]", "ranges only allowed for vector selectors", 0],
    ["-foo[5m]", 'unary expression only allowed on expressions of type scalar or instant vector, got "range vector"', 0],
    ["topk(x)", "wrong number of arguments for aggregate expression provided, expected 2, got 1", 0],
    ["round()", 'expected at least 1 argument(s) in call to "round", got 0', 0],
    ["round(x, 1, 2)", 'expected at most 2 argument(s) in call to "round", got 3', 0],
    ["time(1)", 'expected 0 argument(s) in call to "time", got 1', 0],
    ['foo{a=~"("}', "error parsing regexp: missing closing ): `(`", 7],
    ["foo{", "unexpected end of input", 4],
    ["sum(", "unexpected end of input", 4],
    ["foo + ", "unexpected end of input", 6],
  ])("rejects %s", (q, msg, start) => {
    let err: unknown;
    try {
      parseExpr(q);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ParseError);
    const pe = err as ParseError;
    expect(pe.detail).toBe(msg);
    expect(pe.position.start).toBe(start);
    expect(pe.message).toBe(`1:${start + 1}: parse error: ${msg}`);
  });

  it("reports line and column on multi-line queries", () => {
    try {
      parseExpr("sum(\n  rate(foo)\n)");
      expect.unreachable();
    } catch (e) {
      expect((e as ParseError).position).toMatchObject({ line: 2, column: 8 });
    }
  });

  it.each([
    ["1", "scalar"],
    ['"a"', "string"],
    ["foo", "vector"],
    ["foo[5m]", "matrix"],
    ["foo[5m:]", "matrix"],
    ["scalar(foo) + 1", "scalar"],
    ["foo + 1", "vector"],
  ])("types %s as %s", (q, t) => {
    expect(exprType(parseExpr(q))).toBe(t);
  });
});
