/** Function dispatch: evaluates arguments, then calls the implementation for this step. */
import { type Call, unwrapParens } from "../ast";
import { PromQLError } from "../errors";
import type { Evaluator } from "../evaluator";
import type { EvalValue } from "../values";
import { FnCtx, type FnImpl } from "./context";
import { histogramFunctions } from "./histogram";
import { labelFunctions } from "./labels";
import { mathFunctions } from "./math";
import { overTimeFunctions } from "./over-time";
import { rateFunctions } from "./rate";

const IMPLS: Record<string, FnImpl> = {
  ...mathFunctions,
  ...rateFunctions,
  ...overTimeFunctions,
  ...labelFunctions,
  ...histogramFunctions,
};

/** Evaluates a function call at time t. */
export function callFunction(ev: Evaluator, e: Call, t: number): EvalValue {
  const name = e.func.name;
  if (name === "timestamp") return timestamp(ev, e, t);
  const impl = IMPLS[name];
  if (!impl) throw new PromQLError(`function "${name}" is not implemented`);
  const args = e.args.map((a, i) => (e.func.argTypes[Math.min(i, e.func.argTypes.length - 1)] === "matrix"
    ? { type: "matrix" as const, m: ev.evalMatrix(a, t) }
    : ev.eval(a, t)));
  return impl(new FnCtx(ev, e, t, args));
}

/**
 * timestamp() reports each sample's own time when its argument is a plain selector; for any
 * other argument the evaluation time, as in Prometheus.
 */
function timestamp(ev: Evaluator, e: Call, t: number): EvalValue {
  const arg = unwrapParens(e.args[0]);
  const v = ev.eval(arg, t);
  const samples = v.type === "vector" ? v.samples : [];
  const direct = arg.kind === "vectorSelector";
  return {
    type: "vector",
    samples: samples.map((s) => ({ labels: s.labels, value: (direct ? (s.t ?? t) : t) / 1000, dropName: true })),
  };
}
