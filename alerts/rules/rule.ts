/** Validating one rule of a group: an alerting or a recording rule. */
import type { Node, Scalar } from "yaml";
import { exprType, parseExpr, ParseError } from "@/lib/promql";
import {
  annotationNameProblem, labelNameProblem, METRIC_NAME_RE, offsetInScalar, readDuration, readStringMap,
} from "./fields";
import { isSyntaxError, splitTemplate } from "./template-lex";
import type { Rule } from "./types";
import { readMap, readString, startOf, type Field, type Item, type Problems } from "./yaml-nodes";

const RULE_KEYS = ["record", "alert", "expr", "for", "keep_firing_for", "labels", "annotations"] as const;
const TYPE_NAMES = { scalar: "scalar", vector: "instant vector", matrix: "range vector", string: "string" };

/** Line and column (1-based) of an offset in a multi-line string. */
function lineCol(s: string, offset: number): { line: number; column: number } {
  const before = s.slice(0, offset).split("\n");
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

/** Reports template syntax errors (unclosed `{{`, empty action) at the action's place in the file. */
function checkTemplate(p: Problems, text: string) {
  return (value: string, node: Scalar, path: string) => {
    const r = splitTemplate(value);
    if (!isSyntaxError(r)) return;
    const at = lineCol(value, r.offset);
    p.at(offsetInScalar(text, node, at.line, at.column), path, `invalid template: ${r.message}`);
  };
}

// promtool only checks that `expr` parses. The rule manager rejects any result other than an
// instant vector or a scalar at every evaluation, so Headroom reports such an expr when loading.
function checkExpr(p: Problems, text: string, field: Field & { value: Node }): string {
  const expr = readString(p, field);
  if (expr === null) return "";
  if (expr.trim() === "") {
    p.node(field.value, field.path, "must not be empty");
    return expr;
  }
  try {
    const t = exprType(parseExpr(expr));
    if (t !== "vector" && t !== "scalar") {
      p.node(field.value, field.path, `expression must give an instant vector or a scalar, not a ${TYPE_NAMES[t]}`);
    }
  } catch (err) {
    // A ParseError knows where in the expression it is; point there in the file.
    if (err instanceof ParseError) {
      // An error past the end (a block scalar's trailing newline) points just after the last character.
      const pos = lineCol(expr, Math.min(err.position.start, expr.trimEnd().length));
      const at = offsetInScalar(text, field.value as Scalar, pos.line, pos.column);
      p.at(at, field.path, `parse error: ${err.detail}`);
    } else p.node(field.value, field.path, `could not parse expression: ${err instanceof Error ? err.message : String(err)}`);
  }
  return expr;
}

/** Validates one rule; returns it, or null when it is too broken to describe (problems are in `p`). */
export function parseRule(p: Problems, text: string, item: Item): Rule | null {
  const { node, path } = item;
  if (node === null) {
    p.node(item.raw, path, "expected a rule, got an empty item");
    return null;
  }
  const f = readMap(p, node, path, RULE_KEYS);
  if (!f) return null;
  const alert = readString(p, f.get("alert"));
  const record = readString(p, f.get("record"));
  if (alert && record) p.node(node, path, 'only one of "alert" and "record" may be set');
  else if (!alert && !record) {
    // An empty name counts as unset, as in Prometheus; point at the empty one when there is one.
    const empty = f.get("alert") ?? f.get("record");
    if (empty) p.node(empty.value ?? empty.key, empty.path, "must not be empty");
    else p.node(node, path, 'one of "alert" or "record" must be set');
  }
  const exprField = f.get("expr");
  let expr = "";
  if (!exprField) p.node(node, `${path}.expr`, "required field is missing");
  else if (exprField.value === null) p.node(exprField.key, exprField.path, "must not be empty");
  else expr = checkExpr(p, text, exprField as Field & { value: Node });
  const line = p.line(startOf(node));
  if (alert && record) {
    // Which rule kind's checks apply is unknown; check only what both kinds share.
    readStringMap(p, f.get("labels"), labelNameProblem);
    return null;
  }
  if (record) {
    const name = f.get("record")!;
    if (!METRIC_NAME_RE.test(record)) p.node(name.value, name.path, `invalid metric name ${JSON.stringify(record)} (must match ${METRIC_NAME_RE.source})`);
    // Prometheus refuses these only when they would change something (`for: 0s` passes).
    for (const key of ["for", "keep_firing_for"]) {
      const field = f.get(key);
      if (field && readDuration(p, field)) p.node(field.key, field.path, "not allowed in a recording rule");
    }
    const annotations = f.get("annotations");
    if (annotations && Object.keys(readStringMap(p, annotations, annotationNameProblem)).length > 0) {
      p.node(annotations.key, annotations.path, "not allowed in a recording rule");
    }
    return { kind: "record", name: record, expr, labels: readStringMap(p, f.get("labels"), labelNameProblem), line };
  }
  // Any non-empty string may name an alert: it becomes a label value, not a metric name.
  const tmpl = checkTemplate(p, text);
  return {
    kind: "alert",
    name: alert ?? "",
    expr,
    forMs: readDuration(p, f.get("for")) ?? 0,
    keepFiringForMs: readDuration(p, f.get("keep_firing_for")) ?? 0,
    labels: readStringMap(p, f.get("labels"), labelNameProblem, tmpl),
    annotations: readStringMap(p, f.get("annotations"), annotationNameProblem, tmpl),
    line,
  };
}
