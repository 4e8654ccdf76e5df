/** Readers for the typed fields of rule files: durations, integers, label maps, metric names. */
import { isScalar, type Scalar } from "yaml";
import { parseDuration } from "@/lib/promql";
import { describeNode, readMap, scalarText, type Field, type Problems } from "./yaml-nodes";

/** Metric names as Prometheus's classic (non-UTF-8) validation accepts them. */
export const METRIC_NAME_RE = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
/** Label names as Prometheus's classic validation accepts them. */
export const LABEL_NAME_RE = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** A Prometheus duration in milliseconds; null when absent (or invalid, with a problem). */
export function readDuration(p: Problems, field: Field | undefined, opts: { positive?: boolean } = {}): number | null {
  if (!field || field.value === null) return null;
  if (!isScalar(field.value)) {
    p.node(field.value, field.path, `expected a duration, got ${describeNode(field.value)}`);
    return null;
  }
  const text = scalarText(field.value);
  const ms = parseDuration(text);
  if (ms === undefined) {
    p.node(field.value, field.path, `invalid duration ${JSON.stringify(text)} (use e.g. 30s, 5m, 1h30m)`);
    return null;
  }
  if (opts.positive && ms <= 0) {
    p.node(field.value, field.path, "must be greater than 0");
    return null;
  }
  return ms;
}

/** A non-negative integer; null when absent (or invalid, with a problem). */
export function readNonNegativeInt(p: Problems, field: Field | undefined): number | null {
  if (!field || field.value === null) return null;
  const v = isScalar(field.value) ? field.value.value : undefined;
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0) {
    p.node(field.value, field.path, `expected a non-negative integer, got ${describeNode(field.value)}`);
    return null;
  }
  return v;
}

/**
 * A map of string to string, such as labels or annotations. `checkName` returns why a key is
 * refused, or null; `checkValue` sees each value's scalar node so it can point into it.
 */
export function readStringMap(
  p: Problems,
  field: Field | undefined,
  checkName: (name: string) => string | null,
  checkValue?: (value: string, node: Scalar, path: string) => void,
): Record<string, string> {
  const out: Record<string, string> = {};
  if (!field || field.value === null) return out;
  const entries = readMap(p, field.value, field.path, null);
  if (!entries) return out;
  for (const [name, entry] of entries) {
    const why = checkName(name);
    if (why) p.node(entry.key, entry.path, why);
    if (entry.value !== null && !isScalar(entry.value)) {
      p.node(entry.value, entry.path, `expected a string, got ${describeNode(entry.value)}`);
      continue;
    }
    const value = entry.value === null ? "" : scalarText(entry.value);
    if (checkValue && entry.value !== null) checkValue(value, entry.value, entry.path);
    // defineProperty, so that an annotation named "__proto__" is kept as an ordinary key.
    Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** Why a label name is refused, or null: Prometheus's rule for names, and no reserved `__` prefix. */
export function labelNameProblem(name: string): string | null {
  if (!LABEL_NAME_RE.test(name)) return `invalid label name ${JSON.stringify(name)} (must match ${LABEL_NAME_RE.source})`;
  if (name.startsWith("__")) return `invalid label name ${JSON.stringify(name)} (names starting with "__" are reserved)`;
  return null;
}

/** Why an annotation name is refused, or null; Prometheus asks only for a valid label name. */
export function annotationNameProblem(name: string): string | null {
  return LABEL_NAME_RE.test(name) ? null : `invalid annotation name ${JSON.stringify(name)} (must match ${LABEL_NAME_RE.source})`;
}

/**
 * The file offset of a line and column (1-based) inside a scalar's value, when the value is
 * written verbatim (plain, quoted without escapes, or a `|` block); else the scalar's start.
 */
export function offsetInScalar(text: string, node: Scalar, line: number, column: number): number | undefined {
  const range = node.range;
  if (!range) return undefined;
  const value = scalarText(node);
  const source = text.slice(range[0], range[1]);
  if (line === 1 && !value.includes("\n")) {
    if (source === value) return range[0] + column - 1;
    const q = source[0];
    if ((q === '"' || q === "'") && source === q + value + q) return range[0] + column;
  }
  if (node.type === "BLOCK_LITERAL" && /^\|[-+]?[ \t]*(#.*)?\n/.test(source)) {
    // Content lines follow the header line one to one, each after the block's indentation.
    const srcLines = source.slice(source.indexOf("\n") + 1).split("\n");
    const indent = Math.min(...srcLines.filter((l) => l.trim() !== "").map((l) => l.length - l.trimStart().length));
    const valueLine = value.split("\n")[line - 1];
    const srcLine = srcLines[line - 1];
    if (Number.isFinite(indent) && valueLine !== undefined && srcLine !== undefined && srcLine.slice(indent) === valueLine) {
      let offset = range[0] + source.indexOf("\n") + 1;
      for (let i = 0; i < line - 1; i++) offset += srcLines[i].length + 1;
      return offset + indent + column - 1;
    }
  }
  return range[0];
}
