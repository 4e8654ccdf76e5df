/** Element-wise math, clamping, rounding and calendar functions. */
import type { EvalValue } from "../values";
import { type FnCtx, type FnImpl, mapVector } from "./context";

const unary: Record<string, (v: number) => number> = {
  abs: Math.abs, ceil: Math.ceil, floor: Math.floor, exp: Math.exp, sqrt: Math.sqrt, ln: Math.log,
  log2: Math.log2, log10: Math.log10, sin: Math.sin, cos: Math.cos, tan: Math.tan, asin: Math.asin,
  acos: Math.acos, atan: Math.atan, sinh: Math.sinh, cosh: Math.cosh, tanh: Math.tanh,
  asinh: Math.asinh, acosh: Math.acosh, atanh: Math.atanh,
  deg: (v) => (v * 180) / Math.PI,
  rad: (v) => (v * Math.PI) / 180,
  sgn: (v) => (v < 0 ? -1 : v > 0 ? 1 : v),
};

/** Days since the epoch and calendar fields of a Unix time in seconds, UTC. */
function utc(seconds: number): Date {
  return new Date(Math.trunc(seconds) * 1000);
}

const calendar: Record<string, (d: Date) => number> = {
  day_of_month: (d) => d.getUTCDate(),
  day_of_week: (d) => d.getUTCDay(),
  day_of_year: (d) => Math.floor((Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86400000) + 1,
  days_in_month: (d) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate(),
  hour: (d) => d.getUTCHours(),
  minute: (d) => d.getUTCMinutes(),
  month: (d) => d.getUTCMonth() + 1,
  year: (d) => d.getUTCFullYear(),
};

function calendarFn(f: (d: Date) => number): FnImpl {
  return (c: FnCtx): EvalValue => {
    if (c.args.length === 0) {
      return { type: "vector", samples: [{ labels: {}, value: f(utc(Math.trunc(c.t / 1000))), dropName: false }] };
    }
    return mapVector(c.vector(0), (v) => (Number.isFinite(v) ? f(utc(v)) : NaN));
  };
}

/** The math and calendar functions by name. */
export const mathFunctions: Record<string, FnImpl> = {
  ...Object.fromEntries(Object.entries(unary).map(([n, f]) => [n, (c: FnCtx) => mapVector(c.vector(0), f)])),
  ...Object.fromEntries(Object.entries(calendar).map(([n, f]) => [n, calendarFn(f)])),
  clamp: (c) => {
    const min = c.scalar(1);
    const max = c.scalar(2);
    if (max < min) return { type: "vector", samples: [] };
    return mapVector(c.vector(0), (v) => Math.max(min, Math.min(max, v)));
  },
  clamp_min: (c) => {
    const min = c.scalar(1);
    return mapVector(c.vector(0), (v) => Math.max(min, v));
  },
  clamp_max: (c) => {
    const max = c.scalar(1);
    return mapVector(c.vector(0), (v) => Math.min(max, v));
  },
  round: (c) => {
    const inv = 1 / (c.args.length > 1 ? c.scalar(1) : 1);
    // Rounds half up, like Prometheus (floor(x*inv + 0.5) / inv).
    return mapVector(c.vector(0), (v) => Math.floor(v * inv + 0.5) / inv);
  },
  time: (c) => ({ type: "scalar", v: c.t / 1000 }),
  pi: () => ({ type: "scalar", v: Math.PI }),
  step: (c) => ({ type: "scalar", v: c.ev.params.step / 1000 }),
  range: (c) => ({ type: "scalar", v: (c.ev.params.end - c.ev.params.start) / 1000 }),
  start: (c) => ({ type: "scalar", v: c.ev.params.start / 1000 }),
  end: (c) => ({ type: "scalar", v: c.ev.params.end / 1000 }),
  min_of: (c) => ({ type: "scalar", v: Math.min(c.scalar(0), c.scalar(1)) }),
  max_of: (c) => ({ type: "scalar", v: Math.max(c.scalar(0), c.scalar(1)) }),
  vector: (c) => ({ type: "vector", samples: [{ labels: {}, value: c.scalar(0), dropName: false }] }),
  scalar: (c) => {
    const v = c.vector(0);
    return { type: "scalar", v: v.length === 1 ? v[0].value : NaN };
  },
};
