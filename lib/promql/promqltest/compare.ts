/** Compares a query result with an eval command's expectations, as promqltest does. */
import { compareLabels, keyOf, seriesString } from "../labels";
import { formatGoG } from "../strings";
import type { MatrixSeries, QueryValue } from "../values";
import type { EvalCommand } from "./parse-file";
import type { SeqValue, SeriesDesc } from "./series-desc";

const EPSILON = 1e-6;
const MIN_NORMAL = 2.2250738585072014e-308;

/** promqltest's float equality: relative tolerance 1e-6, NaN equals NaN, zero must be exact. */
export function almostEqual(a: number, b: number): boolean {
  if (Number.isNaN(a) && Number.isNaN(b)) return true;
  if (a === b) return true;
  const absSum = Math.abs(a) + Math.abs(b);
  const diff = Math.abs(a - b);
  if (a === 0 || b === 0 || absSum < MIN_NORMAL) return diff < EPSILON * MIN_NORMAL;
  return diff / Math.min(absSum, Number.MAX_VALUE) < EPSILON;
}

function fmt(v: number): string {
  return formatGoG(v);
}

function showValues(vals: SeqValue[]): string {
  return vals.map((v) => (v.kind === "float" ? fmt(v.v) : v.kind === "omitted" ? "_" : v.kind)).join(" ");
}

function expectedByKey(cmd: EvalCommand): Map<string, { desc: SeriesDesc; pos: number }> {
  const m = new Map<string, { desc: SeriesDesc; pos: number }>();
  cmd.expected.forEach((desc, i) => m.set(keyOf(desc.labels), { desc, pos: i + 1 }));
  return m;
}

/** Returns a description of the first mismatch, or null when the result is as expected. */
export function compareResult(cmd: EvalCommand, value: QueryValue): string | null {
  if (cmd.expectString !== undefined) {
    if (value.resultType !== "string") return `expected string ${JSON.stringify(cmd.expectString)} but got ${value.resultType}`;
    return value.result.v === cmd.expectString ? null : `expected string ${JSON.stringify(cmd.expectString)} but got ${JSON.stringify(value.result.v)}`;
  }
  switch (value.resultType) {
    case "string":
      return `unexpected string result ${JSON.stringify(value.result.v)}`;
    case "scalar":
      if (cmd.scalar === undefined) return `expected vector or matrix result, but got scalar ${fmt(value.result.v)}`;
      return almostEqual(cmd.scalar, value.result.v) ? null : `expected scalar ${fmt(cmd.scalar)} but got ${fmt(value.result.v)}`;
    case "vector": {
      if (cmd.scalar !== undefined) return `expected scalar ${fmt(cmd.scalar)} but got a vector of ${value.result.length} samples`;
      const exp = expectedByKey(cmd);
      const seen = new Set<string>();
      for (let i = 0; i < value.result.length; i++) {
        const s = value.result[i];
        const k = keyOf(s.metric);
        const e = exp.get(k);
        if (!e) return `unexpected metric ${seriesString(s.metric)} in result, has value ${fmt(s.v)}`;
        if (cmd.ordered && e.pos !== i + 1) return `expected metric ${seriesString(s.metric)} at position ${e.pos} but was at ${i + 1}`;
        const want = e.desc.values[0];
        if (want?.kind !== "float") return `expected ${showValues(e.desc.values)} for ${seriesString(s.metric)} but got ${fmt(s.v)}`;
        if (!almostEqual(want.v, s.v)) return `expected ${fmt(want.v)} for ${seriesString(s.metric)} but got ${fmt(s.v)}`;
        seen.add(k);
      }
      for (const [k, e] of exp) {
        if (!seen.has(k)) return `expected metric ${seriesString(e.desc.labels)} with ${showValues(e.desc.values)} not found`;
      }
      return null;
    }
    case "matrix": {
      if (cmd.ordered) return "expected ordered result, but query returned a matrix";
      if (cmd.scalar !== undefined) return "expected scalar result, but got a matrix";
      const grid = cmd.instant ? cmd.rangeVector : { start: cmd.start, end: cmd.end, step: cmd.step };
      if (!grid) return "received range result on instant evaluation";
      return compareMatrix(cmd, value.result, grid);
    }
  }
}

function compareMatrix(cmd: EvalCommand, result: MatrixSeries[], grid: { start: number; end: number; step: number }): string | null {
  for (let i = 1; i < result.length; i++) {
    if (compareLabels(result[i - 1].metric, result[i].metric) >= 0) return "matrix results should always be sorted by labels";
  }
  const exp = expectedByKey(cmd);
  const seen = new Set<string>();
  for (const s of result) {
    const k = keyOf(s.metric);
    const e = exp.get(k);
    if (!e) return `unexpected metric ${seriesString(s.metric)} in result, has ${showSeries(s)}`;
    seen.add(k);
    const want: { t: number; v: number }[] = [];
    for (let i = 0; i < e.desc.values.length; i++) {
      const ts = grid.start + i * grid.step;
      if (ts > grid.end) return `expected ${e.desc.values.length} points for ${seriesString(s.metric)}, but query time range cannot return this many points`;
      const v = e.desc.values[i];
      if (v.kind === "float") want.push({ t: ts, v: v.v });
    }
    if (want.length !== s.t.length) return `expected ${want.length} points for ${seriesString(s.metric)}, got ${showSeries(s)}`;
    for (let i = 0; i < want.length; i++) {
      if (want[i].t !== s.t[i]) return `expected a point at t=${want[i].t / 1000}s for ${seriesString(s.metric)}, got ${showSeries(s)}`;
      if (!almostEqual(want[i].v, s.v[i])) return `expected ${fmt(want[i].v)} at t=${want[i].t / 1000}s for ${seriesString(s.metric)}, got ${showSeries(s)}`;
    }
  }
  for (const [k, e] of exp) if (!seen.has(k)) return `expected metric ${seriesString(e.desc.labels)} not found`;
  return null;
}

function showSeries(s: MatrixSeries): string {
  return s.t.map((t, i) => `${fmt(s.v[i])} @${t / 1000}s`).join(", ");
}
