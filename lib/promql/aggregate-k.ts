/**
 * topk, bottomk, limitk and limit_ratio. topk/bottomk replay Go's container/heap step by step
 * so that ties and NaNs pick the same series as Prometheus does.
 */
import type { AggregateExpr } from "./ast";
import { groupOf } from "./aggregate";
import { PromQLError } from "./errors";
import type { Evaluator } from "./evaluator";
import { keyOf } from "./labels";
import { formatGoG } from "./strings";
import type { Sample } from "./values";

type Less = (a: Sample, b: Sample) => boolean;

// Prometheus's vectorByValueHeap (topk) and vectorByReverseValueHeap (bottomk): NaN is "least".
const topLess: Less = (a, b) => Number.isNaN(a.value) || a.value < b.value;
const bottomLess: Less = (a, b) => Number.isNaN(a.value) || a.value > b.value;

function up(h: Sample[], j: number, less: Less): void {
  for (;;) {
    const i = Math.trunc((j - 1) / 2);
    if (i === j || !less(h[j], h[i])) break;
    [h[i], h[j]] = [h[j], h[i]];
    j = i;
  }
}

function down(h: Sample[], i0: number, less: Less): boolean {
  let i = i0;
  for (;;) {
    const j1 = 2 * i + 1;
    if (j1 >= h.length) break;
    let j = j1;
    if (j1 + 1 < h.length && less(h[j1 + 1], h[j1])) j = j1 + 1;
    if (!less(h[j], h[i])) break;
    [h[i], h[j]] = [h[j], h[i]];
    i = j;
  }
  return i > i0;
}

/** The integer k of topk/bottomk/limitk, clamped like Go's float-to-int64 conversion. */
function kParam(f: number): number {
  if (Number.isNaN(f)) throw new PromQLError("Parameter value is NaN");
  if (f >= Number.MAX_SAFE_INTEGER) return Number.MAX_SAFE_INTEGER;
  if (f <= Number.MIN_SAFE_INTEGER) return Number.MIN_SAFE_INTEGER;
  return Math.trunc(f);
}

/** A stable position in [0, 1) for a label set, so limit_ratio samples consistently. */
function ratioOffset(s: Sample): number {
  const key = keyOf(s.labels);
  let h1 = 0x811c9dc5;
  let h2 = 0x1b873593;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
  }
  return ((h1 >>> 0) * 2 ** 21 + ((h2 >>> 0) & 0x1fffff)) / 2 ** 53;
}

/** Evaluates a k-style aggregation over one step's samples; output groups keep input order. */
export function aggregateK(e: AggregateExpr, param: number, samples: Sample[], ev: Evaluator): Sample[] {
  if (e.op === "limit_ratio") {
    if (Number.isNaN(param)) throw new PromQLError("Ratio value is NaN");
    let r = param;
    if (r < -1 || r > 1) {
      ev.annotations.warn(`ratio value should be between -1 and 1, got ${formatGoG(r)}, capping to ${r < 0 ? -1 : 1}`, e.param!.pos);
      r = r < 0 ? -1 : 1;
    }
    return samples.filter((s) => (r >= 0 ? ratioOffset(s) < r : ratioOffset(s) >= 1 + r));
  }
  const k = kParam(param);
  if (k < 1) return [];
  const groups = new Map<string, Sample[]>();
  const less = e.op === "bottomk" ? bottomLess : topLess;
  for (const s of samples) {
    const { key } = groupOf(e, s.labels);
    let h = groups.get(key);
    if (!h) {
      h = [];
      groups.set(key, h);
    }
    if (e.op === "limitk") {
      if (h.length < k) h.push(s);
      continue;
    }
    if (h.length < k) {
      h.push(s);
      up(h, h.length - 1, less);
    } else if (
      (e.op === "topk" ? h[0].value < s.value : h[0].value > s.value) ||
      (Number.isNaN(h[0].value) && !Number.isNaN(s.value))
    ) {
      h[0] = s;
      if (k > 1 && !down(h, 0, less)) up(h, 0, less);
    }
  }
  const out: Sample[] = [];
  for (const h of groups.values()) {
    if (e.op !== "limitk") h.sort((a, b) => (less(b, a) ? -1 : less(a, b) ? 1 : 0));
    out.push(...h);
  }
  return out;
}
