/** The *_over_time family, changes, resets and absent_over_time. */
import { kahanMean, kahanSumInc, quantile } from "../kahan";
import { formatGoG } from "../strings";
import type { RangeSeries } from "../values";
import { type FnCtx, type FnImpl, mapSeries } from "./context";

type SeriesFn = (s: RangeSeries) => number | undefined;

function over(f: SeriesFn, keepName = false): FnImpl {
  return (c: FnCtx) => mapSeries(c.matrix(0), f, keepName);
}

function variance(s: RangeSeries): number {
  const { v, lo, hi } = s;
  let count = 0;
  let mean = 0, cMean = 0, aux = 0, cAux = 0;
  for (let i = lo; i < hi; i++) {
    const f = v[i];
    count++;
    const delta = f - (mean + cMean);
    [mean, cMean] = kahanSumInc(delta / count, mean, cMean);
    [aux, cAux] = kahanSumInc(delta * (f - (mean + cMean)), aux, cAux);
  }
  return (aux + cAux) / count;
}

/** The index of the extreme value, NaN losing to any number (first occurrence wins). */
function extremeIndex(s: RangeSeries, better: (a: number, b: number) => boolean): number {
  const { v, lo, hi } = s;
  let best = lo;
  for (let i = lo + 1; i < hi; i++) {
    if (better(v[i], v[best]) || (Number.isNaN(v[best]) && !Number.isNaN(v[i]))) best = i;
  }
  return best;
}

/** The window's values as a new plain array. */
function windowValues(s: RangeSeries): number[] {
  return Array.from(s.v.subarray(s.lo, s.hi));
}

const lessThan = (a: number, b: number) => a < b;
const greaterThan = (a: number, b: number) => a > b;

/** The *_over_time functions and friends by name. */
export const overTimeFunctions: Record<string, FnImpl> = {
  avg_over_time: over((s) => kahanMean(s.v, s.lo, s.hi)),
  sum_over_time: over((s) => {
    let sum = 0;
    let c = 0;
    for (let i = s.lo; i < s.hi; i++) [sum, c] = kahanSumInc(s.v[i], sum, c);
    return sum === Infinity || sum === -Infinity ? sum : sum + c;
  }),
  count_over_time: over((s) => s.hi - s.lo),
  min_over_time: over((s) => s.v[extremeIndex(s, lessThan)]),
  max_over_time: over((s) => s.v[extremeIndex(s, greaterThan)]),
  last_over_time: over((s) => s.v[s.hi - 1], true),
  first_over_time: over((s) => s.v[s.lo], true),
  present_over_time: over(() => 1),
  stdvar_over_time: over(variance),
  stddev_over_time: over((s) => Math.sqrt(variance(s))),
  ts_of_min_over_time: over((s) => s.t[extremeIndex(s, lessThan)] / 1000),
  ts_of_max_over_time: over((s) => s.t[extremeIndex(s, greaterThan)] / 1000),
  ts_of_last_over_time: over((s) => s.t[s.hi - 1] / 1000),
  ts_of_first_over_time: over((s) => s.t[s.lo] / 1000),
  mad_over_time: over((s) => {
    const vals = windowValues(s);
    if (vals.some(Number.isNaN)) return NaN;
    const median = quantile(0.5, vals.slice());
    return quantile(0.5, vals.map((v) => Math.abs(v - median)));
  }),
  quantile_over_time: (c) => {
    const q = c.scalar(0);
    if (Number.isNaN(q) || q < 0 || q > 1) c.ev.annotations.warn(`quantile value should be between 0 and 1, got ${formatGoG(q)}`, c.node.args[0].pos);
    return mapSeries(c.matrix(1), (s) => quantile(q, windowValues(s)));
  },
  changes: over((s) => {
    const { v, lo, hi } = s;
    let n = 0;
    for (let i = lo + 1; i < hi; i++) {
      const cur = v[i];
      const prev = v[i - 1];
      if (cur !== prev && !(Number.isNaN(cur) && Number.isNaN(prev))) n++;
    }
    return n;
  }),
  resets: over((s) => {
    const { v, lo, hi } = s;
    let n = 0;
    for (let i = lo + 1; i < hi; i++) if (v[i] < v[i - 1]) n++;
    return n;
  }),
};
