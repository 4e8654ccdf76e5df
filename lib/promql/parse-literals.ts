/** Number, duration and duration-expression literals of the Lezer tree. */
import type { SyntaxNode } from "@lezer/common";
import { parseDuration } from "./duration";

/** Parses the body of a number token (no sign); undefined when malformed. */
export function parseNumberBody(body: string): number | undefined {
  if (/^inf$/i.test(body)) return Infinity;
  if (/^nan$/i.test(body)) return NaN;
  if (/^0[xX][0-9a-fA-F]+$/.test(body)) return parseInt(body.slice(2), 16);
  const dur = parseDuration(body);
  if (dur !== undefined && /[a-z]/.test(body)) return dur / 1000;
  const plain = body.replace(/_/g, "");
  if (/^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(plain)) return Number(plain);
  return undefined;
}

/** Parses a NumberDurationLiteral's text, which may carry a sign and spaces after it. */
export function parseSignedNumber(text: string): number | undefined {
  const m = /^([+-]?)\s*(.*)$/s.exec(text)!;
  const v = parseNumberBody(m[2]);
  if (v === undefined) return undefined;
  return m[1] === "-" ? -v : v;
}

/** Where step() and range() resolve inside duration expressions. */
export interface DurationContext {
  stepMs: number;
  rangeMs: number;
}

/** Thrown by evalDuration with the node to blame. */
export class DurationError extends Error {
  constructor(
    message: string,
    readonly node: SyntaxNode,
  ) {
    super(message);
  }
}

/**
 * Evaluates a DurationExpr / OffsetDurationExpr node to seconds. Plain numbers are seconds and
 * units are allowed, as in Prometheus 3's duration expressions.
 */
export function evalDuration(node: SyntaxNode, text: (n: SyntaxNode) => string, ctx: DurationContext): number {
  const kids: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) kids.push(c);
  if (node.name === "NumberDurationLiteralInDurationContext") {
    const t = text(node);
    const d = parseDuration(t);
    if (d !== undefined) return d / 1000;
    const v = parseNumberBody(t);
    if (v === undefined || !Number.isFinite(v)) throw new DurationError(`invalid duration ${JSON.stringify(t)}`, node);
    return v;
  }
  if (kids.length === 0) throw new DurationError("missing duration", node);
  const head = kids[0];
  switch (head.name) {
    case "DurationStep":
      return ctx.stepMs / 1000;
    case "DurationRange":
      return ctx.rangeMs / 1000;
    case "DurationMinOf":
    case "DurationMaxOf": {
      const a = evalDuration(kids[1], text, ctx);
      const b = evalDuration(kids[2], text, ctx);
      return head.name === "DurationMinOf" ? Math.min(a, b) : Math.max(a, b);
    }
    case "UnaryOp": {
      const v = evalDuration(kids[1], text, ctx);
      return text(head) === "-" ? -v : v;
    }
  }
  if (kids.length === 1) return evalDuration(head, text, ctx);
  const a = evalDuration(kids[0], text, ctx);
  const b = evalDuration(kids[2], text, ctx);
  switch (kids[1].name) {
    case "Add":
      return a + b;
    case "Sub":
      return a - b;
    case "Mul":
      return a * b;
    case "Div":
      if (b === 0) throw new DurationError("division by zero", kids[1]);
      return a / b;
    case "Mod":
      if (b === 0) throw new DurationError("modulo by zero", kids[1]);
      return a % b;
    case "Pow":
      return a ** b;
  }
  throw new DurationError(`unexpected ${JSON.stringify(text(kids[1]))} in duration expression`, kids[1]);
}

/** Seconds to whole milliseconds, as Prometheus rounds durations. */
export function secondsToMs(s: number): number {
  return Math.round(s * 1000);
}
