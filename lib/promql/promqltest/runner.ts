/**
 * Runs promqltest files against MemoryStorage and the engine. Native histogram samples are not
 * stored; an eval whose selectors reach one (or whose expectation or function is native-only)
 * is counted as skipped rather than judged on partial data.
 */
import { type Labels, type Matcher, METRIC_NAME, type SeriesSamples } from "@/lib/model";
import { instantQuery, instantQueryExpr, rangeQuery } from "../engine";
import { MemoryStorage } from "../memory-storage";
import type { QueryValue } from "../values";
import { matcherPredicate, type Queryable } from "../storage";
import { pinnedExpr, shiftedTimes } from "./at-modifier";
import { compareResult } from "./compare";
import { type Command, type EvalCommand, type MessageExpectation, parseTestFile } from "./parse-file";

/** The outcome of one eval command. */
export interface CaseResult {
  file: string;
  line: number;
  query: string;
  status: "pass" | "fail" | "skip";
  /** Why it failed or was skipped. */
  message?: string;
}

const NATIVE_ONLY_FN = /\bhistogram_(avg|count|sum|stddev|stdvar)\s*\(/;

/** Remembers where native histogram samples would be, and notices queries that read them. */
class HistogramAwareStorage implements Queryable {
  readonly floats = new MemoryStorage();
  private readonly histograms: { labels: Labels; ts: number[] }[] = [];
  touched = false;

  addHistogramPoint(labels: Labels, t: number): void {
    const key = JSON.stringify(Object.entries(labels).sort());
    let h = this.histograms.find((x) => JSON.stringify(Object.entries(x.labels).sort()) === key);
    if (!h) {
      h = { labels, ts: [] };
      this.histograms.push(h);
    }
    h.ts.push(t);
  }

  clear(): void {
    this.floats.clear();
    this.histograms.length = 0;
  }

  async select(matchers: Matcher[], minT: number, maxT: number): Promise<SeriesSamples[]> {
    const preds = matchers.map((m) => ({ name: m.name, test: matcherPredicate(m) }));
    for (const h of this.histograms) {
      if (preds.every((p) => p.test(h.labels[p.name] ?? "")) && h.ts.some((t) => t >= minT && t <= maxT)) this.touched = true;
    }
    return this.floats.select(matchers, minT, maxT);
  }
}

function load(store: HistogramAwareStorage, cmd: Extract<Command, { kind: "load" }>): void {
  for (const s of cmd.series) {
    s.values.forEach((v, i) => {
      const t = i * cmd.step;
      if (v.kind === "float") store.floats.append(s.labels, t, v.v);
      else if (v.kind === "stale") store.floats.appendStale(s.labels, t);
      else if (v.kind === "histogram") store.addHistogramPoint(s.labels, t);
    });
    // load_with_nhcb also stores each classic histogram as a native one without "_bucket".
    const name = s.labels[METRIC_NAME] ?? "";
    const base = /^(.*)_(bucket|sum|count)$/.exec(name);
    if (cmd.withNhcb && base) {
      const labels: Record<string, string> = { ...s.labels, [METRIC_NAME]: base[1] };
      delete labels.le;
      s.values.forEach((v, i) => v.kind !== "omitted" && store.addHistogramPoint(labels, i * cmd.step));
    }
  }
}

function matches(e: MessageExpectation, text: string): boolean {
  if (e.msg !== undefined) return text === e.msg;
  if (e.regex) return e.regex.test(text);
  return true;
}

function checkAnnotations(cmd: EvalCommand, warnings: string[], infos: string[]): string | null {
  for (const [kind, exps, got] of [["warn", cmd.warn, warnings], ["info", cmd.info, infos]] as const) {
    for (const e of exps) {
      if (!got.some((g) => matches(e, g))) {
        return `expected ${kind} annotation ${e.msg ?? e.regex?.source ?? ""} but got ${got.length ? got.join("; ") : "none"}`.replace(/ {2}/, " ");
      }
    }
    if (exps.length > 0) {
      const stray = got.find((g) => !exps.some((e) => matches(e, g)));
      if (stray) return `unexpected ${kind} annotation: ${stray}`;
    }
  }
  if (cmd.noWarn && warnings.length > 0) return `expected no warnings but got: ${warnings.join("; ")}`;
  if (cmd.noInfo && infos.length > 0) return `expected no infos but got: ${infos.join("; ")}`;
  return null;
}

async function runEval(store: HistogramAwareStorage, cmd: EvalCommand): Promise<Omit<CaseResult, "file">> {
  const base = { line: cmd.line, query: cmd.query };
  if (cmd.histogramValues) return { ...base, status: "skip", message: "expects native histogram values" };
  if (NATIVE_ONLY_FN.test(cmd.query)) return { ...base, status: "skip", message: "uses a native-histogram-only function" };
  store.touched = false;
  let res;
  let error: Error | undefined;
  try {
    res = cmd.instant
      ? await instantQuery(store, cmd.query, cmd.start, { timeoutMs: 60_000 })
      : await rangeQuery(store, cmd.query, cmd.start, cmd.end, cmd.step, { timeoutMs: 60_000 });
  } catch (err) {
    error = err as Error;
  }
  if (store.touched) return { ...base, status: "skip", message: "reads native histogram samples" };
  const fail = (message: string) => ({ ...base, status: "fail" as const, message });
  if (error) {
    if (!cmd.fail) return fail(`unexpected error: ${error.message}`);
    const bad = cmd.fail.find((e) => !matches(e, error.message));
    return bad ? fail(`expected error ${bad.msg ?? bad.regex?.source} but got: ${error.message}`) : { ...base, status: "pass" };
  }
  if (cmd.fail) return fail("expected an error but the query succeeded");
  const anno = checkAnnotations(cmd, res!.warnings, res!.infos);
  if (anno) return fail(anno);
  const diff =
    compareResult(cmd, res!.value) ??
    (cmd.instant ? (await rangeModeDiff(store, cmd, res!.value)) ?? (await atModifierDiff(store, cmd)) : null);
  return diff ? fail(diff) : { ...base, status: "pass" };
}

/** Re-runs a passing instant query pinned with @ at other evaluation times (see at-modifier.ts). */
async function atModifierDiff(store: Queryable, cmd: EvalCommand): Promise<string | null> {
  if (cmd.rangeVector || cmd.expectString !== undefined) return null;
  const expr = pinnedExpr(cmd.query, cmd.start);
  if (!expr) return null;
  for (const t of shiftedTimes(cmd.start)) {
    let res;
    try {
      res = await instantQueryExpr(store, expr, cmd.query, t, { timeoutMs: 60_000 });
    } catch (err) {
      return `with @ ${cmd.start / 1000} evaluated at ${t / 1000}: unexpected error: ${(err as Error).message}`;
    }
    const diff = checkAnnotations(cmd, res.warnings, res.infos) ?? compareResult(cmd, res.value);
    if (diff) return `with @ ${cmd.start / 1000} evaluated at ${t / 1000}: ${diff}`;
  }
  return null;
}

/**
 * Like promqltest, re-runs an instant query as a range query (t-1m to t+1m, step 1m) and checks
 * that the middle step gives the same result.
 */
async function rangeModeDiff(store: Queryable, cmd: EvalCommand, instant: QueryValue): Promise<string | null> {
  if (cmd.ordered || (instant.resultType !== "vector" && instant.resultType !== "scalar")) return null;
  // step(), range(), start() and end() depend on the query's own range, so they differ by design.
  if (/\b(step|range|start|end)\s*\(/.test(cmd.query)) return null;
  let res;
  try {
    res = await rangeQuery(store, cmd.query, cmd.start - 60_000, cmd.start + 60_000, 60_000, { timeoutMs: 60_000 });
  } catch (err) {
    return `range mode: unexpected error: ${(err as Error).message}`;
  }
  if (res.value.resultType !== "matrix") return "range mode: expected a matrix";
  const samples = res.value.result.flatMap((s) => {
    const i = s.t.indexOf(cmd.start);
    return i < 0 ? [] : [{ metric: s.metric, t: cmd.start, v: s.v[i] }];
  });
  const value: QueryValue =
    instant.resultType === "scalar" ? { resultType: "scalar", result: { t: cmd.start, v: samples[0]?.v ?? NaN } } : { resultType: "vector", result: samples };
  const diff = compareResult(cmd, value);
  return diff ? `range mode: ${diff}` : null;
}

/** Runs every command of one test file; `file` names the results. */
export async function runTestFile(file: string, text: string): Promise<CaseResult[]> {
  const store = new HistogramAwareStorage();
  const out: CaseResult[] = [];
  for (const cmd of parseTestFile(text)) {
    if (cmd.kind === "clear") store.clear();
    else if (cmd.kind === "load") load(store, cmd);
    else out.push({ file, ...(await runEval(store, cmd)) });
  }
  return out;
}
