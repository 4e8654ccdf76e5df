/**
 * histogram_quantile, histogram_quantiles and histogram_fraction over classic `le` buckets.
 * Native histograms are not stored, so the native-only functions return nothing, as
 * Prometheus does for float input.
 */
import { type Labels, METRIC_NAME } from "@/lib/model";
import type { PosRange } from "../ast";
import { keyOf } from "../labels";
import { formatGoF, formatGoG, parseGoFloat } from "../strings";
import type { EvalValue, Sample } from "../values";
import type { FnCtx, FnImpl } from "./context";
import { PromQLError } from "../errors";

interface Bucket {
  upper: number;
  count: number;
}

interface BucketGroup {
  labels: Labels;
  buckets: Bucket[];
}

const SMALL_DELTA = 1e-12;

function almostEqual(a: number, b: number, eps: number): boolean {
  if (a === b) return true;
  const absSum = Math.abs(a) + Math.abs(b);
  const diff = Math.abs(a - b);
  if (a === 0 || b === 0 || absSum < 2.2250738585072014e-308) return diff < eps * 2.2250738585072014e-308;
  return diff / Math.min(absSum, Number.MAX_VALUE) < eps;
}

/** A bucket series' bound and its labels without `le` (with their key), or undefined for a bad `le`. */
interface BucketOf {
  upper: number | undefined;
  labels: Labels;
  key: string;
}

// Per label object: the engine meets the same objects at every step of a range query.
const bucketCache = new WeakMap<Labels, BucketOf>();

function bucketOf(l: Labels): BucketOf {
  let b = bucketCache.get(l);
  if (!b) {
    const upper = parseGoFloat(l.le ?? "");
    const labels: Record<string, string> = { ...l };
    delete labels.le;
    b = { upper, labels, key: upper === undefined ? "" : keyOf(labels) };
    bucketCache.set(l, b);
  }
  return b;
}

/** Groups bucket series by their labels without `le`; warns about missing or malformed `le`. */
function bucketGroups(c: FnCtx, samples: Sample[], argPos: PosRange): BucketGroup[] {
  const groups = new Map<string, BucketGroup>();
  for (const s of samples) {
    const { upper, labels, key } = bucketOf(s.labels);
    if (upper === undefined) {
      const le = s.labels.le ?? "";
      c.ev.annotations.warn(`bucket label "le" is missing or has a malformed value of ${JSON.stringify(le)} for metric name ${JSON.stringify(s.labels[METRIC_NAME] ?? "")}`, argPos);
      continue;
    }
    let g = groups.get(key);
    if (!g) {
      g = { labels, buckets: [] };
      groups.set(key, g);
    }
    g.buckets.push({ upper, count: s.value });
  }
  return [...groups.values()];
}

/** Sorts, merges equal bounds and enforces monotonic counts; reports whether it had to. */
function prepare(buckets: Bucket[]): { buckets: Bucket[]; forcedMonotonic: boolean } | null {
  const b = buckets.map((x) => ({ ...x })).sort((x, y) => x.upper - y.upper);
  if (b[b.length - 1].upper !== Infinity) return null;
  const merged: Bucket[] = [];
  for (const x of b) {
    const last = merged[merged.length - 1];
    if (last && last.upper === x.upper) last.count += x.count;
    else merged.push(x);
  }
  let forcedMonotonic = false;
  let prev = merged[0].count;
  for (let i = 1; i < merged.length; i++) {
    const cur = merged[i].count;
    if (cur === prev) continue;
    if (almostEqual(prev, cur, SMALL_DELTA)) {
      merged[i].count = prev;
    } else if (cur < prev) {
      merged[i].count = prev;
      forcedMonotonic = true;
    } else {
      prev = cur;
    }
  }
  return { buckets: merged, forcedMonotonic };
}

/** Prometheus's BucketQuantile, with linear interpolation inside the chosen bucket. */
export function bucketQuantile(q: number, raw: Bucket[]): { v: number; forcedMonotonic: boolean } {
  if (Number.isNaN(q)) return { v: NaN, forcedMonotonic: false };
  if (q < 0) return { v: -Infinity, forcedMonotonic: false };
  if (q > 1) return { v: Infinity, forcedMonotonic: false };
  const p = prepare(raw);
  if (!p || p.buckets.length < 2) return { v: NaN, forcedMonotonic: false };
  const b = p.buckets;
  const observations = b[b.length - 1].count;
  if (observations === 0) return { v: NaN, forcedMonotonic: p.forcedMonotonic };
  let rank = q * observations;
  let i = 0;
  while (i < b.length - 1 && b[i].count < rank) i++;
  if (i === b.length - 1) return { v: b[b.length - 2].upper, forcedMonotonic: p.forcedMonotonic };
  if (i === 0 && b[0].upper <= 0) return { v: b[0].upper, forcedMonotonic: p.forcedMonotonic };
  let start = 0;
  let count = b[i].count;
  if (i > 0) {
    start = b[i - 1].upper;
    count -= b[i - 1].count;
    rank -= b[i - 1].count;
  }
  return { v: start + (b[i].upper - start) * (rank / count), forcedMonotonic: p.forcedMonotonic };
}

/** The fraction of observations in [lower, upper]; buckets of infinite width are not interpolated. */
export function bucketFraction(lower: number, upper: number, raw: Bucket[]): number {
  const p = prepare(raw);
  if (!p) return NaN;
  const b = p.buckets;
  const total = b[b.length - 1].count;
  if (total === 0 || Number.isNaN(lower) || Number.isNaN(upper)) return NaN;
  if (lower >= upper) return 0;
  const rankAt = (v: number): number => {
    let rank = 0;
    for (let i = 0; i < b.length; i++) {
      const lo = i > 0 ? b[i - 1].upper : b[0].upper > 0 ? 0 : -Infinity;
      const hi = b[i].upper;
      if (lo >= v) return rank;
      if (v < hi) {
        if (lo === -Infinity) return b[i].count;
        if (hi === Infinity) return rank;
        return rank + ((b[i].count - rank) * (v - lo)) / (hi - lo);
      }
      rank = b[i].count;
    }
    return total;
  };
  return (Math.min(rankAt(upper), total) - Math.min(rankAt(lower), total)) / total;
}

function warnQuantile(c: FnCtx, q: number, pos: PosRange): void {
  if (Number.isNaN(q) || q < 0 || q > 1) c.ev.annotations.warn(`quantile value should be between 0 and 1, got ${formatGoG(q)}`, pos);
}

function forcedInfo(c: FnCtx, g: BucketGroup, pos: PosRange): void {
  c.ev.annotations.info(
    `input to histogram_quantile needed to be fixed for monotonicity (see https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile) for metric name ${JSON.stringify(g.labels[METRIC_NAME] ?? "")}`,
    pos,
  );
}

/** The label value histogram_quantiles gives each quantile ("0.0", "0.25", "NaN"). */
function quantileLabel(q: number): string {
  return Number.isInteger(q) ? q.toFixed(1) : formatGoF(q);
}

const none: FnImpl = (): EvalValue => ({ type: "vector", samples: [] });

/** Histogram functions by name. */
export const histogramFunctions: Record<string, FnImpl> = {
  histogram_quantile: (c) => {
    const q = c.scalar(0);
    const argPos = c.node.args[1].pos;
    warnQuantile(c, q, c.node.args[0].pos);
    const out: Sample[] = [];
    for (const g of bucketGroups(c, c.vector(1), argPos)) {
      const r = bucketQuantile(q, g.buckets);
      if (r.forcedMonotonic) forcedInfo(c, g, argPos);
      out.push({ labels: g.labels, value: r.v, dropName: true });
    }
    return { type: "vector", samples: out };
  },
  histogram_quantiles: (c) => {
    const label = c.string(1);
    const qs = c.node.args.slice(2).map((_, i) => c.scalar(i + 2));
    c.node.args.slice(2).forEach((a, i) => warnQuantile(c, qs[i], a.pos));
    const argPos = c.node.args[0].pos;
    const out: Sample[] = [];
    const seen = new Set<string>();
    for (const g of bucketGroups(c, c.vector(0), argPos)) {
      let forced = false;
      for (const q of qs) {
        const r = bucketQuantile(q, g.buckets);
        forced ||= r.forcedMonotonic;
        const labels = { ...g.labels, [label]: quantileLabel(q) };
        const k = keyOf(labels);
        if (seen.has(k)) throw new PromQLError("vector cannot contain metrics with the same labelset");
        seen.add(k);
        out.push({ labels, value: r.v, dropName: true });
      }
      if (forced) forcedInfo(c, g, argPos);
    }
    return { type: "vector", samples: out };
  },
  histogram_fraction: (c) => {
    const lower = c.scalar(0);
    const upper = c.scalar(1);
    const out = bucketGroups(c, c.vector(2), c.node.args[2].pos).map((g) => ({
      labels: g.labels, value: bucketFraction(lower, upper, g.buckets), dropName: true,
    }));
    return { type: "vector", samples: out };
  },
  histogram_avg: none,
  histogram_count: none,
  histogram_sum: none,
  histogram_stddev: none,
  histogram_stdvar: none,
};
