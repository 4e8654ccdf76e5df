/** Binary operators: scalar/scalar, vector/scalar and vector/vector with label matching. */
import { type Labels, METRIC_NAME } from "@/lib/model";
import type { BinaryExpr, BinaryOp, VectorMatching } from "./ast";
import { PromQLError } from "./errors";
import type { Evaluator } from "./evaluator";
import { compareLabels, keyOf, labelsString, sortedNames } from "./labels";
import { isComparison } from "./parse-check";
import type { EvalValue, Sample } from "./values";

const ARITHMETIC = new Set<BinaryOp>(["+", "-", "*", "/", "%", "^", "atan2"]);

/** Go's math.Pow, which differs from Math.pow for a base of ±1 with NaN or infinite exponents. */
export function goPow(x: number, y: number): number {
  if (x === 1 || y === 0) return 1;
  if (x === -1 && (y === Infinity || y === -Infinity)) return 1;
  return Math.pow(x, y);
}

/** Applies an operator to two floats; `keep` is false when a comparison filters the element out. */
export function applyOp(op: BinaryOp, l: number, r: number): { v: number; keep: boolean } {
  switch (op) {
    case "+": return { v: l + r, keep: true };
    case "-": return { v: l - r, keep: true };
    case "*": return { v: l * r, keep: true };
    case "/": return { v: l / r, keep: true };
    case "%": return { v: l % r, keep: true };
    case "^": return { v: goPow(l, r), keep: true };
    case "atan2": return { v: Math.atan2(l, r), keep: true };
    case "==": return { v: l, keep: l === r };
    case "!=": return { v: l, keep: l !== r };
    case ">": return { v: l, keep: l > r };
    case "<": return { v: l, keep: l < r };
    case ">=": return { v: l, keep: l >= r };
    case "<=": return { v: l, keep: l <= r };
  }
  throw new PromQLError(`operator "${op}" not allowed for this operation`);
}

/** Evaluates a binary expression given both operand values at one step. */
export function evalBinary(ev: Evaluator, e: BinaryExpr, l: EvalValue, r: EvalValue): EvalValue {
  if (l.type === "scalar" && r.type === "scalar") {
    const { v, keep } = applyOp(e.op, l.v, r.v);
    return { type: "scalar", v: isComparison(e.op) ? (keep ? 1 : 0) : v };
  }
  if (l.type === "vector" && r.type === "scalar") return { type: "vector", samples: vectorScalar(e, l.samples, r.v, false) };
  if (l.type === "scalar" && r.type === "vector") return { type: "vector", samples: vectorScalar(e, r.samples, l.v, true) };
  if (l.type !== "vector" || r.type !== "vector") throw new PromQLError("binary expression must contain only scalar and instant vector types");
  const m = e.matching!;
  switch (e.op) {
    case "and":
      return { type: "vector", samples: setAnd(m, l.samples, r.samples, true) };
    case "unless":
      return { type: "vector", samples: setAnd(m, l.samples, r.samples, false) };
    case "or":
      return { type: "vector", samples: setOr(m, l.samples, r.samples) };
  }
  ev.checkAbort();
  return { type: "vector", samples: vectorVector(e, m, l.samples, r.samples) };
}

function vectorScalar(e: BinaryExpr, vec: Sample[], s: number, scalarLeft: boolean): Sample[] {
  const cmp = isComparison(e.op);
  const drop = ARITHMETIC.has(e.op) || e.returnBool;
  const out: Sample[] = [];
  for (const x of vec) {
    const res = scalarLeft ? applyOp(e.op, s, x.value) : applyOp(e.op, x.value, s);
    // A comparison keeps the vector's value even when the scalar is on the left.
    let v = cmp ? x.value : res.v;
    if (e.returnBool) v = res.keep ? 1 : 0;
    else if (!res.keep) continue;
    out.push({ labels: x.labels, value: v, dropName: x.dropName || drop });
  }
  return out;
}

const sigCaches = new WeakMap<VectorMatching, WeakMap<Labels, string>>();

/** The matching signature of a label set: the `on` labels, or all but the `ignoring` ones. */
function signature(m: VectorMatching, l: Labels): string {
  let cache = sigCaches.get(m);
  if (!cache) {
    cache = new WeakMap();
    sigCaches.set(m, cache);
  }
  let sig = cache.get(l);
  if (sig === undefined) {
    sig = keyOf(matchLabels(m, l));
    cache.set(l, sig);
  }
  return sig;
}

/** The labels that take part in matching (Prometheus's Labels.MatchLabels). */
function matchLabels(m: VectorMatching, l: Labels): Labels {
  const out: Record<string, string> = {};
  for (const n of sortedNames(l)) {
    const listed = m.labels.includes(n);
    if (m.on ? listed : !listed && n !== METRIC_NAME) out[n] = l[n];
  }
  return out;
}

function setAnd(m: VectorMatching, lhs: Sample[], rhs: Sample[], keepMatches: boolean): Sample[] {
  const right = new Set(rhs.map((s) => signature(m, s.labels)));
  return lhs.filter((s) => right.has(signature(m, s.labels)) === keepMatches);
}

function setOr(m: VectorMatching, lhs: Sample[], rhs: Sample[]): Sample[] {
  if (lhs.length === 0) return rhs;
  if (rhs.length === 0) return lhs;
  const left = new Set(lhs.map((s) => signature(m, s.labels)));
  return lhs.concat(rhs.filter((s) => !left.has(signature(m, s.labels))));
}

const resultCaches = new WeakMap<BinaryExpr, Map<string, Labels>>();

/** The output labels of a vector/vector operation (Prometheus's resultMetric). */
function resultLabels(e: BinaryExpr, m: VectorMatching, l: Labels, r: Labels): Labels {
  let cache = resultCaches.get(e);
  if (!cache) {
    cache = new Map();
    resultCaches.set(e, cache);
  }
  const key = keyOf(l) + "\u0000" + keyOf(r);
  let out = cache.get(key);
  if (out) return out;
  const b: Record<string, string> = { ...l };
  if (m.card === "one-to-one") {
    for (const n of Object.keys(b)) if (m.on !== m.labels.includes(n)) delete b[n];
  }
  for (const n of m.include) {
    if (r[n] !== undefined && r[n] !== "") b[n] = r[n];
    else delete b[n];
  }
  out = b;
  if (cache.size > 100_000) cache.clear();
  cache.set(key, out);
  return out;
}

function vectorVector(e: BinaryExpr, m: VectorMatching, lhs: Sample[], rhs: Sample[]): Sample[] {
  if (lhs.length === 0 || rhs.length === 0) return [];
  const swapped = m.card === "one-to-many";
  // The "many" side is walked; the "one" side is hashed.
  const many = swapped ? rhs : lhs;
  const one = swapped ? lhs : rhs;
  const oneBySig = new Map<string, Sample>();
  for (const s of one) {
    const sig = signature(m, s.labels);
    const dup = oneBySig.get(sig);
    if (dup) {
      const [a, b] = [dup.labels, s.labels].sort(compareLabels);
      throw new PromQLError(
        `found duplicate series for the match group ${labelsString(matchLabels(m, s.labels))} on the ${swapped ? "left" : "right"} hand-side of the operation: [${labelsString(a)}, ${labelsString(b)}];many-to-many matching not allowed: matching labels must be unique on one side`,
      );
    }
    oneBySig.set(sig, s);
  }
  const matched = new Map<string, Set<string> | null>();
  const drop = ARITHMETIC.has(e.op) || e.returnBool;
  const out: Sample[] = [];
  for (const ls of many) {
    const sig = signature(m, ls.labels);
    const rs = oneBySig.get(sig);
    if (!rs) continue;
    const labels = resultLabels(e, m, ls.labels, rs.labels);
    // Matching errors are raised even for elements a comparison then filters out.
    if (m.card === "one-to-one") {
      if (matched.has(sig)) throw new PromQLError("multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)");
      matched.set(sig, null);
    } else {
      let seen = matched.get(sig);
      if (!seen) {
        seen = new Set();
        matched.set(sig, seen);
      }
      const k = keyOf(labels);
      if (seen.has(k)) throw new PromQLError("multiple matches for labels: grouping labels must ensure unique matches");
      seen.add(k);
    }
    const [lv, rv] = swapped ? [rs.value, ls.value] : [ls.value, rs.value];
    const res = applyOp(e.op, lv, rv);
    let v = res.v;
    if (e.returnBool) v = res.keep ? 1 : 0;
    else if (!res.keep) continue;
    out.push({ labels, value: v, dropName: ls.dropName || drop });
  }
  return out;
}
