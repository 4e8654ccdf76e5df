/** Prometheus's parse-time type checks, with its wording, so users see familiar errors. */
import { type BinaryExpr, documentedType, type Expr, exprType, type PosRange, type ValueType } from "./ast";

type Fail = (pos: PosRange, msg: string) => never;

const COMPARISONS = new Set(["==", "!=", ">", "<", ">=", "<="]);
const SET_OPS = new Set(["and", "or", "unless"]);

/** True for ==, !=, >, <, >=, <=. */
export function isComparison(op: string): boolean {
  return COMPARISONS.has(op);
}

/** True for and, or, unless. */
export function isSetOperator(op: string): boolean {
  return SET_OPS.has(op);
}

function expectType(e: Expr, want: ValueType, context: string, fail: Fail): void {
  const have = exprType(e);
  if (have !== want) fail(e.pos, `expected type ${documentedType(want)} in ${context}, got ${documentedType(have)}`);
}

/** Checks operand types and modifiers; fills in the default vector matching. */
export function checkBinary(e: BinaryExpr, grouping: boolean, fail: Fail): void {
  const lt = exprType(e.lhs);
  const rt = exprType(e.rhs);
  const cmp = isComparison(e.op);
  const set = isSetOperator(e.op);
  if (e.returnBool && !cmp) fail(e.pos, "bool modifier can only be used on comparison operators");
  if (cmp && lt === "scalar" && rt === "scalar" && !e.returnBool) fail(e.pos, "comparisons between scalars must use BOOL modifier");
  if ((lt !== "scalar" && lt !== "vector") || (rt !== "scalar" && rt !== "vector")) {
    fail(e.pos, "binary expression must contain only scalar and instant vector types");
  }
  const bothVectors = lt === "vector" && rt === "vector";
  if (e.matching && !bothVectors) fail(e.pos, "vector matching only allowed between instant vectors");
  if (set && (lt === "scalar" || rt === "scalar")) fail(e.pos, `set operator "${e.op}" not allowed in binary scalar expression`);
  if (set && grouping) fail(e.pos, `no grouping allowed for "${e.op}" operation`);
  if (!bothVectors) {
    e.matching = null;
    return;
  }
  e.matching ??= { card: "one-to-one", on: false, labels: [], include: [] };
  if (set) e.matching.card = "many-to-many";
  if (e.matching.on) {
    for (const l of e.matching.include) {
      if (e.matching.labels.includes(l)) fail(e.pos, `label "${l}" must not occur in ON and GROUP clause at once`);
    }
  }
}

/** Checks a function call's argument count and types. */
export function checkCall(e: Extract<Expr, { kind: "call" }>, fail: Fail): void {
  const f = e.func;
  const n = f.argTypes.length;
  const got = e.args.length;
  if (f.variadic === 0) {
    if (got !== n) fail(e.pos, `expected ${n} argument(s) in call to "${f.name}", got ${got}`);
  } else {
    if (n - 1 > got) fail(e.pos, `expected at least ${n - 1} argument(s) in call to "${f.name}", got ${got}`);
    if (f.variadic > 0 && got > n - 1 + f.variadic) {
      fail(e.pos, `expected at most ${n - 1 + f.variadic} argument(s) in call to "${f.name}", got ${got}`);
    }
  }
  e.args.forEach((arg, i) => {
    const want = f.argTypes[Math.min(i, n - 1)];
    expectType(arg, want, `call to function "${f.name}"`, fail);
  });
}

/** Checks an aggregation's operand and parameter types. */
export function checkAggregate(e: Extract<Expr, { kind: "aggregate" }>, fail: Fail): void {
  expectType(e.expr, "vector", "aggregation expression", fail);
  if (e.param) expectType(e.param, e.op === "count_values" ? "string" : "scalar", "aggregation parameter", fail);
}

/** Unary operators apply to scalars and instant vectors only. */
export function checkUnary(e: Extract<Expr, { kind: "unary" }>, fail: Fail): void {
  const t = exprType(e.expr);
  if (t !== "scalar" && t !== "vector") {
    fail(e.pos, `unary expression only allowed on expressions of type scalar or instant vector, got "${documentedType(t)}"`);
  }
}

/** Subqueries apply to instant vectors only. */
export function checkSubquery(e: Extract<Expr, { kind: "subquery" }>, fail: Fail): void {
  const t = exprType(e.expr);
  if (t !== "vector") fail(e.pos, `subquery is only allowed on instant vector, got ${documentedType(t)} instead`);
}
