/** Reading a YAML syntax tree with positions, collecting problems instead of stopping at the first. */
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node, type Scalar } from "yaml";

// Each alias is walked again where it is used, so a cap bounds "billion laughs" files and
// self-referencing anchors (`&a [*a]`), as the config loader's maxAliasCount does.
const MAX_ALIASES = 100;

/** The problems found in one file, each already formatted as `file:line:col: path: message`. */
export class Problems {
  private readonly found: { offset: number; text: string }[] = [];
  private aliases = 0;

  constructor(
    readonly file: string,
    private readonly doc: Document,
    private readonly lc: LineCounter,
  ) {}

  /** Records a problem at a character offset (the file's start when unknown). */
  at(offset: number | undefined, path: string, message: string): void {
    const pos = this.lc.linePos(offset ?? 0);
    // One problem per line, whatever text a message quotes.
    message = message.replace(/[\r\n]+/g, " ");
    this.found.push({ offset: offset ?? 0, text: `${this.file}:${pos.line}:${pos.col}: ${path ? `${path}: ` : ""}${message}` });
  }

  /** The formatted problem lines, in file order (the sort is stable for one place). */
  get lines(): string[] {
    return [...this.found].sort((a, b) => a.offset - b.offset).map((f) => f.text);
  }

  /** The 1-based line of a character offset. */
  line(offset: number | undefined): number {
    return this.lc.linePos(offset ?? 0).line;
  }

  /** Records a problem at a node's start. */
  node(node: unknown, path: string, message: string): void {
    this.at(startOf(node), path, message);
  }

  /** The node an alias stands for (or the node itself); null for an absent or null value. */
  resolve(node: unknown, path: string): Node | null {
    let n = node;
    while (isAlias(n)) {
      if (++this.aliases > MAX_ALIASES) {
        this.node(n, path, `more than ${MAX_ALIASES} aliases`);
        return null;
      }
      const target = n.resolve(this.doc);
      if (!target) return null;
      n = target;
    }
    if (n === null || n === undefined || (isScalar(n) && n.value === null)) return null;
    return n as Node;
  }
}

/** A key of a mapping with its (alias-resolved) value; value is null when empty or null. */
export interface Field {
  key: Scalar;
  value: Node | null;
  path: string;
}

/** The start offset of a node, if it has one. */
export function startOf(node: unknown): number | undefined {
  return (node as { range?: [number, number, number] } | null | undefined)?.range?.[0];
}

/** `groups[0].rules[1]`, `labels.severity`, or `labels["odd key"]` for keys that are not identifiers. */
export function childPath(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  const part = /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? key : `[${JSON.stringify(key)}]`;
  if (!path) return part.startsWith("[") ? `(top level)${part}` : part;
  return part.startsWith("[") ? path + part : `${path}.${part}`;
}

/** What a node is, for "expected X, got Y" messages. */
export function describeNode(node: Node): string {
  if (isMap(node)) return "a mapping";
  if (isSeq(node)) return "a list";
  if (isScalar(node)) {
    const text = typeof node.value === "string" ? node.value : (node.source ?? String(node.value));
    const quoted = JSON.stringify(text.length > 40 ? text.slice(0, 40) + "..." : text);
    return typeof node.value === "string" ? `the string ${quoted}` : `the value ${quoted.slice(1, -1)}`;
  }
  return "something else";
}

/**
 * The fields of a mapping by key. With `allowed`, other keys are reported as unknown, as
 * Prometheus's strict YAML decoding does; null (and a problem) when the node is not a mapping.
 */
export function readMap(p: Problems, node: Node, path: string, allowed: readonly string[] | null): Map<string, Field> | null {
  if (!isMap(node)) {
    p.node(node, path || "(top level)", `expected a mapping, got ${describeNode(node)}`);
    return null;
  }
  const fields = new Map<string, Field>();
  for (const pair of node.items) {
    if (!isPair(pair)) continue;
    const key = p.resolve(pair.key, path);
    if (!isScalar(key) || typeof key.value === "object") {
      p.node(key ?? pair.key, path || "(top level)", "mapping keys must be strings");
      continue;
    }
    const name = scalarText(key);
    const fieldPath = childPath(path, name);
    if (allowed && !allowed.includes(name)) {
      p.node(key, fieldPath, `unknown field ${JSON.stringify(name)}`);
      continue;
    }
    fields.set(name, { key, value: p.resolve(pair.value, fieldPath), path: fieldPath });
  }
  return fields;
}

/** A list item: its node (aliases resolved, null when empty), the item as written, and its path. */
export interface Item {
  node: Node | null;
  raw: unknown;
  path: string;
}

/** The items of a list; null (and a problem) when the node is not a list. */
export function readList(p: Problems, node: Node, path: string): Item[] | null {
  if (!isSeq(node)) {
    p.node(node, path, `expected a list, got ${describeNode(node)}`);
    return null;
  }
  return node.items.map((raw, i) => ({ node: p.resolve(raw, childPath(path, i)), raw, path: childPath(path, i) }));
}

/** A scalar as the text Go's YAML decoder puts in a string field (`30` stays "30", `true` "true"). */
export function scalarText(node: Scalar): string {
  return typeof node.value === "string" ? node.value : (node.source ?? String(node.value));
}

/** A field's value as a string; null when absent or null, or (with a problem) when not a scalar. */
export function readString(p: Problems, field: Field | undefined): string | null {
  if (!field || field.value === null) return null;
  if (!isScalar(field.value)) {
    p.node(field.value, field.path, `expected a string, got ${describeNode(field.value)}`);
    return null;
  }
  return scalarText(field.value);
}
