/**
 * Label-set helpers with per-object caches: the engine meets the same label objects at every
 * step of a range query, so keys, sort orders and derived sets are computed once per object.
 */
import { type Labels, METRIC_NAME, labelsKey } from "@/lib/model";
import { goQuote } from "./strings";

const keyCache = new WeakMap<Labels, string>();
const namesCache = new WeakMap<Labels, string[]>();
const noNameCache = new WeakMap<Labels, Labels>();

/** labelsKey, memoised per label object. */
export function keyOf(l: Labels): string {
  let k = keyCache.get(l);
  if (k === undefined) {
    k = labelsKey(l);
    keyCache.set(l, k);
  }
  return k;
}

/** The label names in byte order, memoised per label object. */
export function sortedNames(l: Labels): string[] {
  let n = namesCache.get(l);
  if (!n) {
    n = Object.keys(l).sort(cmpStr);
    namesCache.set(l, n);
  }
  return n;
}

function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Prometheus's labels.Compare: pairwise by name then value, shorter set first. */
export function compareLabels(a: Labels, b: Labels): number {
  const an = sortedNames(a);
  const bn = sortedNames(b);
  const n = Math.min(an.length, bn.length);
  for (let i = 0; i < n; i++) {
    if (an[i] !== bn[i]) return an[i] < bn[i] ? -1 : 1;
    const av = a[an[i]];
    const bv = b[bn[i]];
    if (av !== bv) return av < bv ? -1 : 1;
  }
  return an.length - bn.length;
}

/** The label set without __name__ (the same object when there is none). */
export function dropMetricName(l: Labels): Labels {
  if (!(METRIC_NAME in l)) return l;
  let out = noNameCache.get(l);
  if (!out) {
    const copy: Record<string, string> = { ...l };
    delete copy[METRIC_NAME];
    out = copy;
    noNameCache.set(l, out);
  }
  return out;
}

const LEGACY_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Prometheus's Labels.String(): `{a="b", c="d"}`, odd names quoted. */
export function labelsString(l: Labels): string {
  const parts = sortedNames(l).map((n) => (LEGACY_NAME.test(n) ? n : goQuote(n)) + "=" + goQuote(l[n]));
  return "{" + parts.join(", ") + "}";
}

/** The series notation used in test files and CLI output: `name{a="b"}`. */
export function seriesString(l: Labels): string {
  const name = l[METRIC_NAME];
  const rest = sortedNames(l).filter((n) => n !== METRIC_NAME);
  const body = rest.map((n) => (LEGACY_NAME.test(n) ? n : goQuote(n)) + "=" + goQuote(l[n])).join(", ");
  if (name !== undefined && /^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(name)) return `${name}{${body}}`;
  return labelsString(l);
}
