/** rate, increase, delta, irate, idelta, deriv, predict_linear, double_exponential_smoothing. */
import { type Labels, METRIC_NAME } from "@/lib/model";
import { unwrapParens } from "../ast";
import { PromQLError } from "../errors";
import { kahanSumInc } from "../kahan";
import type { MatrixValue, RangeSeries } from "../values";
import { type FnCtx, type FnImpl, mapSeries } from "./context";

/**
 * Prometheus's extrapolatedRate: the change over the window, extrapolated towards the window's
 * edges when samples come close enough to them, and never below zero for counters.
 */
function extrapolated(m: WindowRange, s: RangeSeries, isCounter: boolean, isRate: boolean): number | undefined {
  const { t, v, lo, hi } = s;
  const n = hi - lo;
  if (n < 2) return undefined;
  const firstT = t[lo];
  const lastT = t[hi - 1];
  const firstV = v[lo];
  let result = v[hi - 1] - firstV;
  if (isCounter) {
    let prev = firstV;
    for (let i = lo + 1; i < hi; i++) {
      const cur = v[i];
      if (cur < prev) result += prev;
      prev = cur;
    }
  }
  let durationToStart = (firstT - m.rangeStart) / 1000;
  let durationToEnd = (m.rangeEnd - lastT) / 1000;
  const sampledInterval = (lastT - firstT) / 1000;
  const averageBetween = sampledInterval / (n - 1);
  const threshold = averageBetween * 1.1;
  if (durationToStart >= threshold) durationToStart = averageBetween / 2;
  if (isCounter && result > 0 && firstV >= 0) {
    // Do not extrapolate to before the counter would have been zero.
    const durationToZero = sampledInterval * (firstV / result);
    if (durationToZero < durationToStart) durationToStart = durationToZero;
  }
  if (durationToEnd >= threshold) durationToEnd = averageBetween / 2;
  let factor = (sampledInterval + durationToStart + durationToEnd) / sampledInterval;
  if (isRate) factor /= m.range / 1000;
  return result * factor;
}

const COUNTER_NAME = /_(total|sum|count|bucket)$/;

/** The metric name of a series that does not look like a counter's, or undefined. */
function nonCounterName(labels: Labels): string | undefined {
  const name = labels[METRIC_NAME];
  return !name || COUNTER_NAME.test(name) ? undefined : name;
}

function extrapolatedFn(isCounter: boolean, isRate: boolean): FnImpl {
  return (c: FnCtx) => {
    const m = c.matrix(0);
    const arg = unwrapParens(c.node.args[0]);
    if (isCounter && arg.kind === "matrixSelector") {
      // The names are checked once per query; only a selector that reads some series with a
      // non-counter name looks at each step's series (the info names those in a window).
      const suspect = readsNonCounter(c.ev, c.node);
      if (suspect) {
        for (const s of m.series) {
          const name = nonCounterName(s.labels);
          if (name !== undefined) {
            c.ev.annotations.info(`metric might not be a counter, name does not end in _total/_sum/_count/_bucket: ${JSON.stringify(name)}`, c.node.args[0].pos);
          }
        }
      }
    }
    return mapSeries(m, (s) => extrapolated(m, s, isCounter, isRate));
  };
}

/** irate and idelta: the last two samples only. */
function instantValue(s: RangeSeries, isRate: boolean): number | undefined {
  const { t, v, lo, hi } = s;
  if (hi - lo < 2) return undefined;
  const last = v[hi - 1];
  const prev = v[hi - 2];
  let r = isRate && last < prev ? last : last - prev;
  const interval = t[hi - 1] - t[hi - 2];
  if (interval === 0) return undefined;
  if (isRate) r /= interval / 1000;
  return r;
}

/** The window a range function looks at: (rangeStart, rangeEnd], `range` ms long. */
export type WindowRange = Pick<MatrixValue, "rangeStart" | "rangeEnd" | "range">;

/**
 * The rate-like functions as a value per window of one series (undefined: no output), for the
 * series-by-series evaluation (by-series.ts); the step implementations below are built on them.
 * `checksCounterName`: rate and increase tell when a series' name is not a counter's.
 */
export const windowFunctions: Record<string, { fn: (m: WindowRange, s: RangeSeries) => number | undefined; checksCounterName: boolean }> = {
  rate: { fn: (m, s) => extrapolated(m, s, true, true), checksCounterName: true },
  increase: { fn: (m, s) => extrapolated(m, s, true, false), checksCounterName: true },
  delta: { fn: (m, s) => extrapolated(m, s, false, false), checksCounterName: false },
  irate: { fn: (_m, s) => instantValue(s, true), checksCounterName: false },
  idelta: { fn: (_m, s) => instantValue(s, false), checksCounterName: false },
};

/** True when some series a rate or increase over `sel` reads has a name that is not a counter's. */
export function readsNonCounter(ev: FnCtx["ev"], node: FnCtx["node"]): boolean {
  const arg = unwrapParens(node.args[0]);
  if (arg.kind !== "matrixSelector") return true;
  return ev.memo(node, () => ev.selected(arg.selector).some((s) => nonCounterName(s.labels) !== undefined));
}

/** Least-squares slope and intercept at `interceptTime` (ms), with compensated sums. */
export function linearRegression(s: RangeSeries, interceptTime: number): [number, number] {
  const { t, v, lo, hi } = s;
  let n = 0;
  let sumX = 0, cX = 0, sumY = 0, cY = 0, sumXY = 0, cXY = 0, sumX2 = 0, cX2 = 0;
  const initY = v[lo];
  let constY = true;
  for (let i = lo; i < hi; i++) {
    const y = v[i];
    if (constY && i > lo && y !== initY) constY = false;
    n++;
    const x = (t[i] - interceptTime) / 1000;
    [sumX, cX] = kahanSumInc(x, sumX, cX);
    [sumY, cY] = kahanSumInc(y, sumY, cY);
    [sumXY, cXY] = kahanSumInc(x * y, sumXY, cXY);
    [sumX2, cX2] = kahanSumInc(x * x, sumX2, cX2);
  }
  if (constY) {
    if (!Number.isFinite(initY) && !Number.isNaN(initY)) return [NaN, NaN];
    return [0, initY];
  }
  sumX += cX;
  sumY += cY;
  sumXY += cXY;
  sumX2 += cX2;
  const covXY = sumXY - (sumX * sumY) / n;
  const varX = sumX2 - (sumX * sumX) / n;
  const slope = covXY / varX;
  return [slope, sumY / n - (slope * sumX) / n];
}

function trend(i: number, tf: number, s0: number, s1: number, b: number): number {
  if (i === 0) return b;
  return tf * (s1 - s0) + (1 - tf) * b;
}

/** Rate-like functions by name. */
export const rateFunctions: Record<string, FnImpl> = {
  rate: extrapolatedFn(true, true),
  increase: extrapolatedFn(true, false),
  delta: extrapolatedFn(false, false),
  irate: (c) => mapSeries(c.matrix(0), (s) => instantValue(s, true)),
  idelta: (c) => mapSeries(c.matrix(0), (s) => instantValue(s, false)),
  deriv: (c) => mapSeries(c.matrix(0), (s) => (s.hi - s.lo < 2 ? undefined : linearRegression(s, s.t[s.lo])[0])),
  predict_linear: (c) => {
    const duration = c.scalar(1);
    return mapSeries(c.matrix(0), (s) => {
      if (s.hi - s.lo < 2) return undefined;
      const [slope, intercept] = linearRegression(s, c.t);
      return slope * duration + intercept;
    });
  },
  double_exponential_smoothing: (c) => {
    const sf = c.scalar(1);
    const tf = c.scalar(2);
    if (!(sf > 0 && sf < 1)) throw new PromQLError(`invalid smoothing factor. Expected: 0 < sf < 1, got: ${sf.toFixed(6)}`);
    if (!(tf > 0 && tf < 1)) throw new PromQLError(`invalid trend factor. Expected: 0 < tf < 1, got: ${tf.toFixed(6)}`);
    return mapSeries(c.matrix(0), (s) => {
      const { v, lo, hi } = s;
      if (hi - lo < 2) return undefined;
      let s0 = 0;
      let s1 = v[lo];
      let b = v[lo + 1] - v[lo];
      for (let i = lo + 1; i < hi; i++) {
        const x = sf * v[i];
        b = trend(i - lo - 1, tf, s0, s1, b);
        const y = (1 - sf) * (s1 + b);
        s0 = s1;
        s1 = x + y;
      }
      return s1;
    });
  },
};
