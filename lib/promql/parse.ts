/**
 * PromQL text -> syntax tree. Lezer (the Prometheus project's grammar) does the parsing; this
 * module converts its tree, applies Prometheus's parse-time checks and raises ParseError with
 * positions. Type checks live in parse-check.ts.
 */
import type { SyntaxNode } from "@lezer/common";
import { parser } from "@prometheus-io/lezer-promql";
import { METRIC_NAME, type Matcher } from "@/lib/model";
import type { AggregateOp, AtModifier, BinaryOp, Expr, PosRange, VectorMatching, VectorSelector } from "./ast";
import { ParseError } from "./errors";
import { FUNCTIONS } from "./functions-table";
import { applyLexFixups } from "./lex-fixups";
import { checkAggregate, checkBinary, checkCall, checkSubquery, checkUnary } from "./parse-check";
import { DurationError, evalDuration, parseSignedNumber, secondsToMs, type DurationContext } from "./parse-literals";
import { compileAnchoredRegex, RegexSyntaxError } from "@/lib/model";
import { unquoteString } from "./strings";

/** Options for parseExpr: what step() and range() mean inside duration expressions. */
export interface ParseOptions {
  stepMs?: number;
  rangeMs?: number;
}

const BINARY_OPS: Record<string, BinaryOp> = {
  Pow: "^", Mul: "*", Div: "/", Mod: "%", Atan2: "atan2", Add: "+", Sub: "-", Eql: "==", Neq: "!=",
  Gtr: ">", Lss: "<", Gte: ">=", Lte: "<=", And: "and", Or: "or", Unless: "unless",
};
const AGG_OPS: Record<string, AggregateOp> = {
  Sum: "sum", Avg: "avg", Count: "count", Min: "min", Max: "max", Group: "group", Stddev: "stddev",
  Stdvar: "stdvar", Topk: "topk", Bottomk: "bottomk", Quantile: "quantile", CountValues: "count_values",
  LimitK: "limitk", LimitRatio: "limit_ratio",
};
const PARAM_AGGS = new Set<AggregateOp>(["topk", "bottomk", "quantile", "count_values", "limitk", "limit_ratio"]);
const MATCH_OPS: Record<string, Matcher["type"]> = { EqlSingle: "=", Neq: "!=", EqlRegex: "=~", NeqRegex: "!~" };

/** Parses a PromQL expression; throws ParseError (with position) on any syntax or type error. */
export function parseExpr(input: string, opts: ParseOptions = {}): Expr {
  const fix = applyLexFixups(input);
  const tree = parser.parse(fix.text);
  let firstError: SyntaxNode | null = null;
  tree.iterate({
    enter: (n) => {
      if (firstError) return false;
      if (n.type.isError) firstError = n.node;
      return undefined;
    },
  });
  if (firstError) {
    if (fix.unknown) throw new ParseError(input, fix.unknown, `unknown function with name ${JSON.stringify(fix.unknown.name)}`);
    throw syntaxError(input, firstError);
  }
  const top = tree.topNode.firstChild;
  if (!top) throw new ParseError(input, { start: 0, end: input.length }, "no expression found in input");
  const conv = new Converter(input, fix.text, fix.renamed, { stepMs: opts.stepMs ?? 0, rangeMs: opts.rangeMs ?? 0 });
  return conv.expr(top);
}

function syntaxError(input: string, node: SyntaxNode): ParseError {
  const pos = { start: node.from, end: Math.max(node.to, node.from + 1) };
  if (node.from >= input.trimEnd().length) return new ParseError(input, pos, "unexpected end of input");
  const tok = input.slice(node.from, node.to).trim() || input[node.from];
  return new ParseError(input, pos, `unexpected ${JSON.stringify(tok.length > 20 ? tok.slice(0, 20) + "..." : tok)}`);
}

function children(n: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = n.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
}

class Converter {
  constructor(
    private readonly input: string,
    private readonly text: string,
    private readonly renamed: Map<number, string>,
    private readonly durCtx: DurationContext,
  ) {}

  fail(pos: PosRange | SyntaxNode, msg: string): never {
    const p = "from" in pos ? { start: pos.from, end: pos.to } : pos;
    throw new ParseError(this.input, p, msg);
  }

  src(n: SyntaxNode): string {
    return this.text.slice(n.from, n.to);
  }

  pos(n: SyntaxNode): PosRange {
    return { start: n.from, end: n.to };
  }

  expr(n: SyntaxNode): Expr {
    const kids = children(n);
    switch (n.name) {
      case "NumberDurationLiteral": {
        const v = parseSignedNumber(this.src(n));
        if (v === undefined) this.fail(n, `bad number or duration syntax: ${JSON.stringify(this.src(n))}`);
        return { kind: "number", value: v, pos: this.pos(n) };
      }
      case "StringLiteral":
        return { kind: "string", value: this.unquote(n), pos: this.pos(n) };
      case "ParenExpr":
        return { kind: "paren", expr: this.expr(kids[0]), pos: this.pos(n) };
      case "UnaryExpr":
        return this.unary(n, this.src(kids[0]) === "-" ? "-" : "+", this.expr(kids[1]));
      case "VectorSelector":
        return this.vectorSelector(n, kids);
      case "MatrixSelector":
        return this.matrixSelector(n, kids);
      case "SubqueryExpr":
        return this.subquery(n, kids);
      case "OffsetExpr":
        return this.offset(n, kids);
      case "StepInvariantExpr":
        return this.at(n, kids);
      case "BinaryExpr":
        return this.binary(n, kids);
      case "FunctionCall":
        return this.call(n, kids);
      case "AggregateExpr":
        return this.aggregate(n, kids);
      case "AnchoredExpr":
      case "SmoothedExpr":
        return this.fail(n, `the ${n.name === "AnchoredExpr" ? "anchored" : "smoothed"} modifier is not supported`);
    }
    return this.fail(n, `unexpected ${n.name}`);
  }

  unquote(n: SyntaxNode): string {
    try {
      return unquoteString(this.src(n));
    } catch (err) {
      return this.fail(n, (err as Error).message);
    }
  }

  unary(n: SyntaxNode, op: "-" | "+", inner: Expr): Expr {
    if (inner.kind === "number") {
      return { kind: "number", value: op === "-" ? -inner.value : inner.value, pos: this.pos(n) };
    }
    const e: Expr = { kind: "unary", op, expr: inner, pos: this.pos(n) };
    checkUnary(e, (p, m) => this.fail(p, m));
    return e;
  }

  vectorSelector(n: SyntaxNode, kids: SyntaxNode[]): VectorSelector {
    let name: string | undefined;
    const matchers: Matcher[] = [];
    for (const k of kids) {
      if (k.name === "Identifier") name = this.src(k);
      if (k.name !== "LabelMatchers") continue;
      for (const m of children(k)) {
        if (m.name === "QuotedLabelName") {
          const v = this.unquote(m.firstChild!);
          if (name !== undefined) this.fail(m, `metric name must not be set twice: ${JSON.stringify(name)} or ${JSON.stringify(v)}`);
          name = v;
          continue;
        }
        const [ln, op, val] = children(m);
        const label = ln.name === "LabelName" ? this.src(ln) : this.unquote(ln.firstChild!);
        const type = MATCH_OPS[op.firstChild?.name ?? ""];
        if (!type) this.fail(op, `unexpected ${JSON.stringify(this.src(op))} in label matching`);
        const value = this.unquote(val);
        if (type === "=~" || type === "!~") {
          try {
            compileAnchoredRegex(value);
          } catch (err) {
            if (err instanceof RegexSyntaxError) this.fail(val, err.message);
            throw err;
          }
        }
        matchers.push({ type, name: label, value });
      }
    }
    for (const m of matchers) {
      if (m.name === METRIC_NAME && m.type === "=" && name !== undefined) {
        this.fail(n, `metric name must not be set twice: ${JSON.stringify(name)} or ${JSON.stringify(m.value)}`);
      }
    }
    const all: Matcher[] = name !== undefined ? [{ type: "=", name: METRIC_NAME, value: name }, ...matchers] : matchers;
    if (!all.some((m) => !matchesEmpty(m))) this.fail(n, "vector selector must contain at least one non-empty matcher");
    return { kind: "vectorSelector", name, matchers: all, offset: 0, at: undefined, pos: this.pos(n) };
  }

  duration(n: SyntaxNode): number {
    try {
      return secondsToMs(evalDuration(n, (x) => this.src(x), this.durCtx));
    } catch (err) {
      if (err instanceof DurationError) this.fail(err.node, err.message);
      throw err;
    }
  }

  positiveDuration(n: SyntaxNode): number {
    const ms = this.duration(n);
    if (!(ms > 0)) this.fail(n, `duration must be greater than 0`);
    return ms;
  }

  /**
   * Lezer lets postfix modifiers ([range], [range:step], offset, @) bind loosest, so
   * `a or b offset 5m` comes out as `(a or b) offset 5m`. In PromQL they bind tightest: the
   * modifier moves down to the rightmost operand of binary and unary expressions.
   */
  rotate(operand: SyntaxNode, n: SyntaxNode, apply: (inner: Expr) => Expr): Expr {
    const fail = (p: PosRange, m: string): never => this.fail(p, m);
    const down = (e: Expr): Expr => {
      if (e.kind === "binary") {
        e.rhs = down(e.rhs);
        checkBinary(e, false, fail);
      } else if (e.kind === "unary") {
        e.expr = down(e.expr);
        checkUnary(e, fail);
      } else {
        return apply(e);
      }
      e.pos = { start: e.pos.start, end: n.to };
      return e;
    };
    return down(this.expr(operand));
  }

  matrixSelector(n: SyntaxNode, kids: SyntaxNode[]): Expr {
    const range = this.positiveDuration(kids[1]);
    return this.rotate(kids[0], n, (inner) => {
      if (inner.kind !== "vectorSelector") this.fail(n, "ranges only allowed for vector selectors");
      if (inner.offset !== 0) this.fail(n, "no offset modifiers allowed before range");
      if (inner.at) this.fail(n, "no @ modifiers allowed before range");
      return { kind: "matrixSelector", selector: inner, range, pos: { start: inner.pos.start, end: n.to } };
    });
  }

  subquery(n: SyntaxNode, kids: SyntaxNode[]): Expr {
    const range = this.positiveDuration(kids[1]);
    const step = kids[2] ? this.positiveDuration(kids[2]) : 0;
    return this.rotate(kids[0], n, (inner) => {
      const e: Expr = { kind: "subquery", expr: inner, range, step, offset: 0, at: undefined, pos: { start: inner.pos.start, end: n.to } };
      checkSubquery(e, (p, m) => this.fail(p, m));
      return e;
    });
  }

  /** The selector or subquery an offset or @ modifier applies to. */
  modifierTarget(n: SyntaxNode, inner: Expr, what: string): VectorSelector | Extract<Expr, { kind: "subquery" }> {
    if (inner.kind === "vectorSelector" || inner.kind === "subquery") return inner;
    if (inner.kind === "matrixSelector") return inner.selector;
    return this.fail(n, `${what} modifier must be preceded by an instant vector selector or range vector selector or a subquery`);
  }

  offset(n: SyntaxNode, kids: SyntaxNode[]): Expr {
    const offset = this.duration(kids[2]);
    return this.rotate(kids[0], n, (inner) => {
      const target = this.modifierTarget(n, inner, "offset");
      if (target.offset !== 0) this.fail(n, "offset may not be set multiple times");
      target.offset = offset;
      inner.pos = { start: inner.pos.start, end: n.to };
      return inner;
    });
  }

  at(n: SyntaxNode, kids: SyntaxNode[]): Expr {
    const at = this.atModifier(kids[2]);
    return this.rotate(kids[0], n, (inner) => {
      const target = this.modifierTarget(n, inner, "@");
      if (target.at) this.fail(n, "@ <timestamp> may not be set multiple times");
      target.at = at;
      inner.pos = { start: inner.pos.start, end: n.to };
      return inner;
    });
  }

  atModifier(arg: SyntaxNode): AtModifier {
    let at: AtModifier;
    if (arg.name === "AtModifierPreprocessors") {
      at = { kind: arg.firstChild?.name === "AtEnd" ? "end" : "start" };
    } else {
      const v = parseSignedNumber(this.src(arg));
      if (v === undefined || !Number.isFinite(v)) this.fail(arg, `timestamp out of bounds for @ modifier: ${this.src(arg)}`);
      at = { kind: "time", ms: Math.round(v * 1000) };
    }
    return at;
  }

  groupingLabels(n: SyntaxNode): string[] {
    return children(n).map((c) => (c.name === "LabelName" ? this.src(c) : this.unquote(c.firstChild!)));
  }

  binary(n: SyntaxNode, kids: SyntaxNode[]): Expr {
    const opNode = kids[1];
    const op = BINARY_OPS[opNode.name];
    if (!op) this.fail(opNode, `operator ${JSON.stringify(this.src(opNode))} is not supported`);
    // Lezer reads "-2^2" as (-2)^2; PromQL's unary minus binds looser than ^, giving -(2^2).
    if (op === "^" && kids[0].name === "NumberDurationLiteral" && /^[+-]/.test(this.src(kids[0]))) {
      const sign = this.src(kids[0])[0] as "-" | "+";
      const lhs = parseSignedNumber(this.src(kids[0]).slice(1))!;
      const pow = this.binaryFrom(n, op, { kind: "number", value: lhs, pos: { start: kids[0].from + 1, end: kids[0].to } }, kids);
      return sign === "-" ? this.unary(n, "-", pow) : pow;
    }
    return this.binaryFrom(n, op, this.expr(kids[0]), kids);
  }

  binaryFrom(n: SyntaxNode, op: BinaryOp, lhs: Expr, kids: SyntaxNode[]): Expr {
    let returnBool = false;
    let matching: VectorMatching | null = null;
    let grouping = false;
    for (const k of kids.slice(2, -1)) {
      if (k.name === "BoolModifier") returnBool = true;
      else if (k.name === "FillModifier") this.fail(k, "fill modifiers are not supported");
      else if (k.name === "MatchingModifierClause") {
        const mk = children(k);
        matching = { card: "one-to-one", on: mk[0].name === "On", labels: this.groupingLabels(mk[1]), include: [] };
        if (mk[2]) {
          grouping = true;
          matching.card = mk[2].name === "GroupLeft" ? "many-to-one" : "one-to-many";
          if (mk[3]) matching.include = this.groupingLabels(mk[3]);
        }
      }
    }
    const rhs = this.expr(kids[kids.length - 1]);
    const e: Extract<Expr, { kind: "binary" }> = { kind: "binary", op, lhs, rhs, returnBool, matching, pos: this.pos(n) };
    checkBinary(e, grouping, (p, m) => this.fail(p, m));
    return e;
  }

  call(n: SyntaxNode, kids: SyntaxNode[]): Expr {
    const idNode = kids[0];
    const name = this.renamed.get(idNode.from) ?? this.src(idNode);
    const func = FUNCTIONS.get(name);
    if (!func) this.fail(idNode, `function ${JSON.stringify(name)} is not supported`);
    const args = children(kids[1]).map((c) => this.expr(c));
    const e: Expr = { kind: "call", func, args, pos: this.pos(n) };
    checkCall(e, (p, m) => this.fail(p, m));
    return e;
  }

  aggregate(n: SyntaxNode, kids: SyntaxNode[]): Expr {
    const op = AGG_OPS[kids[0].firstChild?.name ?? ""];
    if (!op) this.fail(kids[0], `unknown aggregation ${JSON.stringify(this.src(kids[0]))}`);
    let grouping: string[] = [];
    let without = false;
    let body: SyntaxNode | undefined;
    for (const k of kids.slice(1)) {
      if (k.name === "AggregateModifier") {
        const mk = children(k);
        without = mk[0].name === "Without";
        grouping = mk[1] ? this.groupingLabels(mk[1]) : [];
      } else if (k.name === "FunctionCallBody") body = k;
    }
    const args = body ? children(body).map((c) => this.expr(c)) : [];
    const want = PARAM_AGGS.has(op) ? 2 : 1;
    if (args.length !== want) this.fail(n, `wrong number of arguments for aggregate expression provided, expected ${want}, got ${args.length}`);
    const e: Expr = {
      kind: "aggregate", op, param: want === 2 ? args[0] : null, expr: args[want - 1], grouping, without, pos: this.pos(n),
    };
    checkAggregate(e, (p, m) => this.fail(p, m));
    return e;
  }
}

/** True when the matcher accepts the empty string (so it selects "everything" on its own). */
function matchesEmpty(m: Matcher): boolean {
  switch (m.type) {
    case "=":
      return m.value === "";
    case "!=":
      return m.value !== "";
    case "=~":
      return compileAnchoredRegex(m.value).test("");
    case "!~":
      return !compileAnchoredRegex(m.value).test("");
  }
}
