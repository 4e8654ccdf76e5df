/** Aggregation operators (sum, avg, ..., count_values) over one step's input vector. */
import { type Labels, METRIC_NAME } from "@/lib/model";
import type { AggregateExpr } from "./ast";
import { aggregateK } from "./aggregate-k";
import { PromQLError } from "./errors";
import type { Evaluator } from "./evaluator";
import { kahanSumInc, quantile } from "./kahan";
import { keyOf, sortedNames } from "./labels";
import { formatGoF, formatGoG, goQuote, isValidUtf8 } from "./strings";
import type { EvalValue, Sample } from "./values";

/** What an aggregation keeps per group while it adds values. */
export interface AggregateState {
  count: number;
  value: number;
  mean: number;
  /** Kahan compensation of value (sum, avg) or of mean (incremental avg). */
  c: number;
  /** avg switched to an incremental mean because the running sum would overflow. */
  incremental: boolean;
  values: number[];
}

interface Group extends AggregateState {
  /** The group's number in its aggregation's GroupIds. */
  id: number;
  labels: Labels;
  dropName: boolean;
}

const groupCaches = new WeakMap<AggregateExpr, WeakMap<Labels, { key: string; labels: Labels }>>();

/** The output labels of the group a series falls in, and their key (cached per series). */
export function groupOf(e: AggregateExpr, l: Labels): { key: string; labels: Labels } {
  let cache = groupCaches.get(e);
  if (!cache) {
    cache = new WeakMap();
    groupCaches.set(e, cache);
  }
  let g = cache.get(l);
  if (!g) {
    const labels = groupingLabels(l, e.grouping, e.without);
    g = { key: keyOf(labels), labels };
    cache.set(l, g);
  }
  return g;
}

/**
 * One aggregation's groups during one query: each input label object's group number (found
 * once, then by identity at every step), and per-step scratch space indexed by group number.
 */
class GroupIds {
  private readonly byLabels = new Map<Labels, number>();
  private readonly byKey = new Map<string, number>();
  readonly labels: Labels[] = [];
  /** The groups of the current step by number; emptied after each step. */
  readonly scratch: (Group | undefined)[] = [];

  constructor(private readonly e: AggregateExpr) {}

  idOf(l: Labels): number {
    let id = this.byLabels.get(l);
    if (id === undefined) {
      const g = groupOf(this.e, l);
      id = this.byKey.get(g.key);
      if (id === undefined) {
        id = this.labels.length;
        this.labels.push(g.labels);
        this.byKey.set(g.key, id);
      }
      this.byLabels.set(l, id);
    }
    return id;
  }
}

const NO_VALUES: number[] = [];

/** `by` keeps the listed labels; `without` drops them and the metric name. */
export function groupingLabels(l: Labels, grouping: string[], without: boolean): Labels {
  const out: Record<string, string> = {};
  for (const n of sortedNames(l)) {
    const listed = grouping.includes(n);
    if (without ? !listed && n !== METRIC_NAME : listed) out[n] = l[n];
  }
  return out;
}

/** Evaluates an aggregation at time t. */
export function evalAggregate(ev: Evaluator, e: AggregateExpr, t: number): EvalValue {
  const param = e.param ? ev.eval(e.param, t) : null;
  const input = ev.eval(e.expr, t);
  const samples = input.type === "vector" ? input.samples : [];
  switch (e.op) {
    case "topk":
    case "bottomk":
    case "limitk":
    case "limit_ratio":
      return { type: "vector", samples: aggregateK(e, param?.type === "scalar" ? param.v : NaN, samples, ev) };
    case "count_values":
      return { type: "vector", samples: countValues(e, param?.type === "string" ? param.v : "", samples) };
  }
  let q = 0;
  if (e.op === "quantile") {
    q = param?.type === "scalar" ? param.v : NaN;
    if (Number.isNaN(q) || q < 0 || q > 1) ev.annotations.warn(`quantile value should be between 0 and 1, got ${formatGoG(q)}`, e.param!.pos);
  }
  const ids = ev.memo(e, () => new GroupIds(e));
  const byId = ids.scratch;
  const groups: Group[] = [];
  const op = e.op;
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i];
    const id = ids.idOf(s.labels);
    const f = s.value;
    const g = byId[id];
    if (g === undefined) {
      const ng: Group = {
        id, labels: ids.labels[id], count: 1, value: f, mean: f, c: 0, incremental: false, values: op === "quantile" ? [f] : NO_VALUES, dropName: s.dropName,
      };
      startGroup(op, ng, f);
      byId[id] = ng;
      groups.push(ng);
      continue;
    }
    if (s.dropName) g.dropName = true;
    if (op === "sum") {
      // kahanSumInc, inline.
      const sum = g.value;
      const t = sum + f;
      if (t === Infinity || t === -Infinity) g.c = 0;
      else if (Math.abs(sum) >= Math.abs(f)) g.c += sum - t + f;
      else g.c += f - t + sum;
      g.value = t;
    } else {
      accumulate(op, g, f);
    }
  }
  const out: Sample[] = new Array(groups.length);
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i];
    byId[g.id] = undefined;
    out[i] = { labels: g.labels, value: finish(op, g, q), dropName: g.dropName };
  }
  return { type: "vector", samples: out };
}

/** The state of a group after its first value `f` (count 1, value and mean f, no compensation). */
export function startGroup(op: AggregateExpr["op"], g: AggregateState, f: number): void {
  g.count = 1;
  g.value = op === "stddev" || op === "stdvar" ? (Number.isFinite(f) ? 0 : NaN) : f;
  g.mean = f;
  g.c = 0;
  g.incremental = false;
}

/** Adds a later value `f` to a group. */
export function accumulate(op: AggregateExpr["op"], g: AggregateState, f: number): void {
  switch (op) {
    case "sum":
      [g.value, g.c] = kahanSumInc(f, g.value, g.c);
      break;
    case "avg": {
      g.count++;
      if (!g.incremental) {
        const [ns, nc] = kahanSumInc(f, g.value, g.c);
        if (ns !== Infinity && ns !== -Infinity) {
          g.value = ns;
          g.c = nc;
          break;
        }
        // The running sum would overflow: continue with an incremental mean.
        g.incremental = true;
        g.mean = g.value / (g.count - 1);
        g.c /= g.count - 1;
      }
      const q = (g.count - 1) / g.count;
      [g.mean, g.c] = kahanSumInc(f / g.count, q * g.mean, q * g.c);
      break;
    }
    case "count":
    case "group":
      g.count++;
      break;
    case "max":
      if (g.value < f || Number.isNaN(g.value)) g.value = f;
      break;
    case "min":
      if (g.value > f || Number.isNaN(g.value)) g.value = f;
      break;
    case "stddev":
    case "stdvar": {
      g.count++;
      const delta = f - g.mean;
      g.mean += delta / g.count;
      g.value += delta * (f - g.mean);
      break;
    }
    case "quantile":
      g.values.push(f);
      break;
    default:
      throw new PromQLError(`aggregation ${op} not handled`);
  }
}

/** The group's aggregated value (`q` is quantile's parameter). */
export function finish(op: AggregateExpr["op"], g: AggregateState, q: number): number {
  switch (op) {
    case "sum":
      return g.value + g.c;
    case "avg":
      return g.incremental ? g.mean + g.c : g.value / g.count + g.c / g.count;
    case "count":
      return g.count;
    case "group":
      return 1;
    case "stdvar":
      return g.value / g.count;
    case "stddev":
      return Math.sqrt(g.value / g.count);
    case "quantile":
      return quantile(q, g.values);
    default:
      return g.value;
  }
}

function countValues(e: AggregateExpr, label: string, samples: Sample[]): Sample[] {
  if (label === "" || !isValidUtf8(label)) throw new PromQLError(`invalid label name ${goQuote(label)}`);
  const counts = new Map<string, Sample>();
  for (const s of samples) {
    const withValue: Record<string, string> = { ...s.labels, [label]: formatGoF(s.value) };
    const labels = groupingLabels(withValue, e.without ? e.grouping : [...e.grouping, label], e.without);
    const key = keyOf(labels);
    const g = counts.get(key);
    if (g) g.value++;
    else counts.set(key, { labels, value: 1, dropName: false });
  }
  return [...counts.values()];
}
