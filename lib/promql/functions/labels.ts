/** label_replace, label_join, the sort family, absent and absent_over_time. */
import { type Labels, METRIC_NAME } from "@/lib/model";
import { type Expr, unwrapParens } from "../ast";
import { PromQLError } from "../errors";
import { compareLabels, keyOf } from "../labels";
import { compileAnchoredRegex, RegexSyntaxError } from "@/lib/model";
import { isValidUtf8 } from "../strings";
import type { EvalValue, Sample } from "../values";
import type { FnCtx, FnImpl } from "./context";

function checkUnique(samples: Sample[]): void {
  const seen = new Set<string>();
  for (const s of samples) {
    const k = keyOf(s.labels);
    if (seen.has(k)) throw new PromQLError("vector cannot contain metrics with the same labelset");
    seen.add(k);
  }
}

/** Expands $1, ${1}, $name and $$ in a label_replace template, as Go's Regexp.Expand does. */
export function expandTemplate(template: string, m: RegExpExecArray): string {
  return template.replace(/\$(\$|\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))/g, (_all, _x, braced, bare) => {
    if (_x === "$") return "$";
    const name: string = braced ?? bare;
    if (/^\d+$/.test(name)) return m[Number(name)] ?? "";
    return m.groups?.[name] ?? "";
  });
}

function labelReplace(c: FnCtx): EvalValue {
  const [dst, repl, src, regexStr] = [c.string(1), c.string(2), c.string(3), c.string(4)];
  let re: RegExp;
  try {
    re = compileAnchoredRegex(regexStr);
  } catch (err) {
    if (err instanceof RegexSyntaxError) throw new PromQLError(`invalid regular expression in label_replace(): ${regexStr}`);
    throw err;
  }
  if (!isValidUtf8(dst) || dst === "") throw new PromQLError(`invalid destination label name in label_replace(): ${dst}`);
  const out = c.vector(0).map((s) => {
    const m = re.exec(s.labels[src] ?? "");
    if (!m) return s;
    const labels: Record<string, string> = { ...s.labels };
    const v = expandTemplate(repl, m);
    if (v === "") delete labels[dst];
    else labels[dst] = v;
    return { labels, value: s.value, dropName: dst === METRIC_NAME ? false : s.dropName };
  });
  checkUnique(out);
  return { type: "vector", samples: out };
}

function labelJoin(c: FnCtx): EvalValue {
  const dst = c.string(1);
  const sep = c.string(2);
  const srcs = c.args.slice(3).map((_, i) => c.string(i + 3));
  if (!isValidUtf8(dst) || dst === "") throw new PromQLError(`invalid destination label name in label_join(): ${dst}`);
  for (const s of srcs) if (!isValidUtf8(s)) throw new PromQLError(`invalid source label name in label_join(): ${s}`);
  const out = c.vector(0).map((s) => {
    const v = srcs.map((n) => s.labels[n] ?? "").join(sep);
    const labels: Record<string, string> = { ...s.labels };
    if (v === "") delete labels[dst];
    else labels[dst] = v;
    return { labels, value: s.value, dropName: dst === METRIC_NAME ? false : s.dropName };
  });
  checkUnique(out);
  return { type: "vector", samples: out };
}

/** Natural order: digit runs compare as numbers ("cpu2" < "cpu10"). */
export function naturalLess(a: string, b: string): boolean {
  const ca = a.match(/\d+|\D+/g) ?? [];
  const cb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(ca.length, cb.length); i++) {
    const x = ca[i];
    const y = cb[i];
    if (x === y) continue;
    const xd = /^\d/.test(x);
    const yd = /^\d/.test(y);
    if (xd && yd) {
      const xs = x.replace(/^0+/, "");
      const ys = y.replace(/^0+/, "");
      if (xs.length !== ys.length) return xs.length < ys.length;
      if (xs !== ys) return xs < ys;
      return x.length < y.length;
    }
    return x < y;
  }
  return ca.length < cb.length;
}

function sortByLabel(desc: boolean): FnImpl {
  return (c) => {
    const names = c.args.slice(1).map((_, i) => c.string(i + 1));
    const cmp = (a: Sample, b: Sample): number => {
      for (const n of names) {
        const x = a.labels[n] ?? "";
        const y = b.labels[n] ?? "";
        if (x === y) continue;
        return naturalLess(x, y) ? -1 : 1;
      }
      return compareLabels(a.labels, b.labels);
    };
    return sorted(c, [...c.vector(0)].sort((a, b) => (desc ? cmp(b, a) : cmp(a, b))));
  };
}

function sorted(c: FnCtx, samples: Sample[]): EvalValue {
  if (c.ev.params.rangeQuery) c.ev.annotations.warn("sort is ineffective for range queries since results are always ordered by labels", c.node.pos);
  return { type: "vector", samples };
}

/** Labels for absent(): the equality matchers of a selector argument, if it is one. */
export function absentLabels(arg: Expr): Labels {
  const e = unwrapSelector(arg);
  if (!e) return {};
  const out: Record<string, string> = {};
  const seen = new Set<string>();
  for (const m of e.matchers) {
    if (m.name === METRIC_NAME) continue;
    if (m.type === "=" && !seen.has(m.name)) {
      out[m.name] = m.value;
      seen.add(m.name);
    } else {
      delete out[m.name];
      seen.add(m.name);
    }
  }
  return out;
}

function unwrapSelector(arg: Expr) {
  const e = unwrapParens(arg);
  if (e.kind === "vectorSelector") return e;
  if (e.kind === "matrixSelector") return e.selector;
  return undefined;
}

/** Label functions by name. */
export const labelFunctions: Record<string, FnImpl> = {
  label_replace: labelReplace,
  label_join: labelJoin,
  sort: (c) => sorted(c, [...c.vector(0)].sort((a, b) => nanLastCompare(a.value, b.value))),
  sort_desc: (c) => sorted(c, [...c.vector(0)].sort((a, b) => nanLastCompare(b.value, a.value, true))),
  sort_by_label: sortByLabel(false),
  sort_by_label_desc: sortByLabel(true),
  absent: (c) =>
    c.vector(0).length > 0 ? { type: "vector", samples: [] } : { type: "vector", samples: [{ labels: absentLabels(c.node.args[0]), value: 1, dropName: false }] },
  absent_over_time: (c) =>
    c.matrix(0).series.length > 0 ? { type: "vector", samples: [] } : { type: "vector", samples: [{ labels: absentLabels(c.node.args[0]), value: 1, dropName: false }] },
};

/** Ascending order with NaN last; with `swapped` the caller passes (b, a) and NaN still ends last. */
function nanLastCompare(a: number, b: number, swapped = false): number {
  const an = Number.isNaN(a);
  const bn = Number.isNaN(b);
  if (an || bn) {
    if (an && bn) return 0;
    const aLast = swapped ? -1 : 1;
    return an ? aLast : -aLast;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}
