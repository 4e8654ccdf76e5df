/** What a function implementation receives: its call node, evaluated arguments and the step. */
import type { Call } from "../ast";
import type { Evaluator } from "../evaluator";
import type { EvalValue, MatrixValue, RangeSeries, Sample } from "../values";

/** One function call at one step. */
export class FnCtx {
  constructor(
    readonly ev: Evaluator,
    readonly node: Call,
    readonly t: number,
    readonly args: EvalValue[],
  ) {}

  vector(i: number): Sample[] {
    const a = this.args[i];
    return a?.type === "vector" ? a.samples : [];
  }

  scalar(i: number): number {
    const a = this.args[i];
    return a?.type === "scalar" ? a.v : NaN;
  }

  string(i: number): string {
    const a = this.args[i];
    return a?.type === "string" ? a.v : "";
  }

  matrix(i: number): MatrixValue {
    const a = this.args[i];
    if (a?.type !== "matrix") throw new Error("internal error: expected a range vector argument");
    return a.m;
  }
}

/** A function implementation. */
export type FnImpl = (c: FnCtx) => EvalValue;

/** Maps each float of a vector, dropping the metric name (later). */
export function mapVector(samples: Sample[], f: (v: number) => number): EvalValue {
  return { type: "vector", samples: samples.map((s) => ({ labels: s.labels, value: f(s.value), dropName: true })) };
}

/** Applies `f` to every series of a range vector; undefined results are left out. */
export function mapSeries(m: MatrixValue, f: (s: RangeSeries) => number | undefined, keepName = false): EvalValue {
  const out: Sample[] = [];
  for (const s of m.series) {
    const v = f(s);
    if (v !== undefined) out.push({ labels: s.labels, value: v, dropName: keepName ? s.dropName : true });
  }
  return { type: "vector", samples: out };
}
