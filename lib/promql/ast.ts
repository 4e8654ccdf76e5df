/** The PromQL syntax tree the engine evaluates, converted from the Lezer parse tree. */
import type { Matcher } from "@/lib/model";
import type { FunctionDef } from "./functions-table";

/** Character offsets into the query text, end exclusive. */
export interface PosRange {
  start: number;
  end: number;
}

/** The four PromQL value types. */
export type ValueType = "scalar" | "vector" | "matrix" | "string";

/** An `@` modifier: an absolute time, or the query's start or end. */
export type AtModifier = { kind: "time"; ms: number } | { kind: "start" } | { kind: "end" };

/** A number literal such as `1`, `2.5e3`, `0x1f`, `Inf` or `5m` (300). */
export interface NumberLiteral {
  kind: "number";
  value: number;
  pos: PosRange;
}

/** A string literal. */
export interface StringLiteral {
  kind: "string";
  value: string;
  pos: PosRange;
}

/** An instant vector selector; `offset` is in milliseconds. */
export interface VectorSelector {
  kind: "vectorSelector";
  name: string | undefined;
  matchers: Matcher[];
  offset: number;
  at: AtModifier | undefined;
  pos: PosRange;
}

/** A range vector selector `sel[range]`; offset and @ live on the inner selector. */
export interface MatrixSelector {
  kind: "matrixSelector";
  selector: VectorSelector;
  range: number;
  pos: PosRange;
}

/** A subquery `expr[range:step]`; `step` 0 means the engine's default. */
export interface SubqueryExpr {
  kind: "subquery";
  expr: Expr;
  range: number;
  step: number;
  offset: number;
  at: AtModifier | undefined;
  pos: PosRange;
}

/** A parenthesised expression. */
export interface ParenExpr {
  kind: "paren";
  expr: Expr;
  pos: PosRange;
}

/** Unary minus or plus. */
export interface UnaryExpr {
  kind: "unary";
  op: "-" | "+";
  expr: Expr;
  pos: PosRange;
}

/** Binary operators, as written in PromQL. */
export type BinaryOp =
  | "+" | "-" | "*" | "/" | "%" | "^" | "atan2"
  | "==" | "!=" | ">" | "<" | ">=" | "<="
  | "and" | "or" | "unless";

/** How two instant vectors are matched; set only when both operands are vectors. */
export interface VectorMatching {
  card: "one-to-one" | "many-to-one" | "one-to-many" | "many-to-many";
  on: boolean;
  labels: string[];
  include: string[];
}

/** A binary operation. */
export interface BinaryExpr {
  kind: "binary";
  op: BinaryOp;
  lhs: Expr;
  rhs: Expr;
  returnBool: boolean;
  matching: VectorMatching | null;
  pos: PosRange;
}

/** A function call. */
export interface Call {
  kind: "call";
  func: FunctionDef;
  args: Expr[];
  pos: PosRange;
}

/** Aggregation operators. */
export type AggregateOp =
  | "sum" | "avg" | "count" | "min" | "max" | "group" | "stddev" | "stdvar"
  | "topk" | "bottomk" | "quantile" | "count_values" | "limitk" | "limit_ratio";

/** An aggregation such as `sum by (job) (x)`. */
export interface AggregateExpr {
  kind: "aggregate";
  op: AggregateOp;
  param: Expr | null;
  expr: Expr;
  grouping: string[];
  without: boolean;
  pos: PosRange;
}

/** Any PromQL expression. */
export type Expr =
  | NumberLiteral
  | StringLiteral
  | VectorSelector
  | MatrixSelector
  | SubqueryExpr
  | ParenExpr
  | UnaryExpr
  | BinaryExpr
  | Call
  | AggregateExpr;

/** The value type an expression evaluates to. */
export function exprType(e: Expr): ValueType {
  switch (e.kind) {
    case "number":
      return "scalar";
    case "string":
      return "string";
    case "vectorSelector":
    case "aggregate":
      return "vector";
    case "matrixSelector":
    case "subquery":
      return "matrix";
    case "paren":
    case "unary":
      return exprType(e.expr);
    case "binary":
      return exprType(e.lhs) === "scalar" && exprType(e.rhs) === "scalar" ? "scalar" : "vector";
    case "call":
      return e.func.returnType;
  }
}

/** The name Prometheus uses for a value type in error messages. */
export function documentedType(t: ValueType): string {
  return { scalar: "scalar", vector: "instant vector", matrix: "range vector", string: "string" }[t];
}

/** Strips any number of enclosing parentheses. */
export function unwrapParens(e: Expr): Expr {
  while (e.kind === "paren") e = e.expr;
  return e;
}

/** Calls `fn` on every direct child expression. */
export function forEachChild(e: Expr, fn: (child: Expr) => void): void {
  switch (e.kind) {
    case "matrixSelector":
      fn(e.selector);
      break;
    case "subquery":
    case "paren":
    case "unary":
      fn(e.expr);
      break;
    case "binary":
      fn(e.lhs);
      fn(e.rhs);
      break;
    case "call":
      e.args.forEach(fn);
      break;
    case "aggregate":
      if (e.param) fn(e.param);
      fn(e.expr);
      break;
    default:
      break;
  }
}
