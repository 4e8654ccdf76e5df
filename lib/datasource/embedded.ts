import { apiJsonChunks, instantQuery, parseExpr, planSelectors, PromQLError, rangeQuery, toApiData, type QueryOptions, type QueryValue } from "@/lib/promql";
import type { Labels, Matcher } from "@/lib/model";
import { labelsKey } from "@/lib/model";
import type { Tsdb } from "@/lib/tsdb";
import { lastStep, spliceRange, stillValid, tailToEvaluate, type Extent } from "./range-extents";
import { ResultCache } from "./result-cache";
import { DatasourceError, type CallOptions, type Datasource, type MetadataMap, type QueryData, type QueryResponse } from "./types";

// Label lookups without a time range look this far back, as Prometheus's default does.
const ALL_TIME = { start: 0, end: 8_640_000_000_000_000 };

/** Headroom's own PromQL engine over the embedded store. */
export class EmbeddedDatasource implements Datasource {
  readonly kind = "embedded" as const;
  /** Results shared by identical queries while the data they read is unchanged. */
  readonly results: ResultCache<QueryResponse>;
  /** The latest result per sliding range query (expression, step, grid phase), for reuse. */
  private readonly extents = new Map<string, Extent>();
  /** Range queries answered by evaluating only their new steps. */
  slidden = 0;

  constructor(
    readonly name: string,
    private readonly store: Tsdb,
    private readonly limits: QueryOptions = {},
    /** Share results between identical and sliding queries (default true; benchmarks of the engine turn it off). */
    private readonly share = true,
  ) {
    this.results = new ResultCache(store, pointsOf);
  }

  async instantQuery(expr: string, timeMs: number, opts?: CallOptions): Promise<QueryResponse> {
    // A caller's own abort signal must not cancel a result others share: such calls compute alone.
    const run = () => this.guard(async () => toResponse(await instantQuery(this.store, expr, timeMs, this.options(opts))));
    const maxT = opts?.signal || !this.share ? null : readsUpTo(expr, timeMs, timeMs);
    if (maxT === null) return run();
    return this.results.get(`i\0${expr}\0${timeMs}\0${opts?.timeoutMs ?? ""}`, maxT, run);
  }

  async rangeQuery(expr: string, startMs: number, endMs: number, stepMs: number, opts?: CallOptions): Promise<QueryResponse> {
    const maxT = opts?.signal || !this.share ? null : readsUpTo(expr, startMs, endMs);
    if (maxT === null) return this.evalRange(expr, startMs, endMs, stepMs, opts);
    // Reads past the end (negative offsets) or pinned times (@) do not slide with the window.
    const slides = maxT === endMs && !expr.includes("@");
    return this.results.get(`r\0${expr}\0${startMs}\0${endMs}\0${stepMs}\0${opts?.timeoutMs ?? ""}`, maxT, () =>
      slides ? this.slide(expr, startMs, endMs, stepMs, opts) : this.evalRange(expr, startMs, endMs, stepMs, opts),
    );
  }

  private evalRange(expr: string, startMs: number, endMs: number, stepMs: number, opts?: CallOptions): Promise<QueryResponse> {
    return this.guard(async () => toResponse(await rangeQuery(this.store, expr, startMs, endMs, stepMs, this.options(opts))));
  }

  /** Evaluates only the steps a still-valid earlier window of the same query lacks. */
  private async slide(expr: string, startMs: number, endMs: number, stepMs: number, opts?: CallOptions): Promise<QueryResponse> {
    const version = this.store.dataVersion();
    if (version === null) return this.evalRange(expr, startMs, endMs, stepMs, opts);
    const key = `${expr}\0${stepMs}\0${((startMs % stepMs) + stepMs) % stepMs}\0${opts?.timeoutMs ?? ""}`;
    const cached = this.extents.get(key);
    // Annotations are not kept per step, so a base that has any cannot be cut down exactly.
    const clean = cached && !cached.response.warnings?.length && !cached.response.infos?.length;
    const base = cached && clean ? stillValid(cached, this.store.earliestChangeSince(cached.version)) : null;
    const tail = base ? tailToEvaluate(base, startMs, endMs, stepMs) : null;
    let response: QueryResponse;
    if (base && tail) {
      const fresh = tail.fromMs <= tail.toMs ? await this.evalRange(expr, tail.fromMs, tail.toMs, stepMs, opts) : null;
      response = spliceRange(base.response, fresh, startMs, base.lastStepMs);
      this.slidden++;
    } else {
      response = await this.evalRange(expr, startMs, endMs, stepMs, opts);
    }
    this.extents.delete(key);
    if (this.extents.size >= 256) this.extents.delete(this.extents.keys().next().value as string);
    this.extents.set(key, { version, startMs, lastStepMs: lastStep(startMs, endMs, stepMs), stepMs, response });
    return response;
  }

  async series(matchers: string[], startMs?: number, endMs?: number): Promise<Labels[]> {
    if (matchers.length === 0) throw new DatasourceError("bad_data", "no match[] parameter provided");
    const seen = new Map<string, Labels>();
    for (const set of this.parseMatchers(matchers)) {
      for (const l of await this.store.series(set, startMs ?? ALL_TIME.start, endMs ?? ALL_TIME.end)) seen.set(labelsKey(l), l);
    }
    return [...seen.values()];
  }

  async labelNames(matchers: string[] = [], startMs?: number, endMs?: number): Promise<string[]> {
    const sets = matchers.length ? this.parseMatchers(matchers) : [undefined];
    const names = new Set<string>();
    for (const set of sets) for (const n of await this.store.labelNames(set, startMs, endMs)) names.add(n);
    return [...names].sort();
  }

  async labelValues(name: string, matchers: string[] = [], startMs?: number, endMs?: number): Promise<string[]> {
    const sets = matchers.length ? this.parseMatchers(matchers) : [undefined];
    const values = new Set<string>();
    for (const set of sets) for (const v of await this.store.labelValues(name, set, startMs, endMs)) values.add(v);
    return [...values].sort();
  }

  async metadata(metric?: string): Promise<MetadataMap> {
    const out: MetadataMap = {};
    for (const m of await this.store.metadata(metric)) (out[m.metric] ??= []).push({ type: m.type, help: m.help, unit: m.unit ?? "" });
    return out;
  }

  private options(opts?: CallOptions): QueryOptions {
    return { ...this.limits, signal: opts?.signal, timeoutMs: opts?.timeoutMs ?? this.limits.timeoutMs };
  }

  /** `match[]` values are series selectors such as `up{job="api"}`. */
  private parseMatchers(selectors: string[]): Matcher[][] {
    return selectors.map((s) => {
      let expr;
      try {
        expr = parseExpr(s);
      } catch (err) {
        throw new DatasourceError("bad_data", `invalid parameter "match[]": ${err instanceof Error ? err.message : String(err)}`);
      }
      if (expr.kind !== "vectorSelector") throw new DatasourceError("bad_data", `invalid parameter "match[]": ${s} is not a series selector`);
      return expr.matchers;
    });
  }

  private async guard<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof PromQLError) throw new DatasourceError(err.type, err.message);
      throw err;
    }
  }
}

/**
 * The newest sample time a query can read: its end, or later with a negative offset or an @
 * modifier. Null when it does not parse (the evaluation reports the error).
 */
function readsUpTo(expr: string, startMs: number, endMs: number): number | null {
  let parsed;
  try {
    parsed = parseExpr(expr);
  } catch {
    return null;
  }
  // The lookback and subquery step only move where reads begin, never where they end.
  let maxT = endMs;
  for (const r of planSelectors(parsed, { start: startMs, end: endMs, lookback: 0, subqueryStep: 60_000 }).values()) maxT = Math.max(maxT, r.maxT);
  return maxT;
}

function pointsOf(r: QueryResponse): number {
  const v = engineValues.get(r);
  if (v) return v.resultType === "matrix" ? v.result.reduce((n, s) => n + s.t.length, 0) : v.resultType === "vector" ? v.result.length : 1;
  const d = r.data;
  if (d.resultType === "matrix") return d.result.reduce((n, s) => n + s.values.length, 0);
  return d.resultType === "vector" ? d.result.length : 1;
}

/**
 * The engine's result as a response whose wire-form `data` (a `[t, "v"]` array per point) is
 * built only when something reads it; the API writes its JSON from the engine's number arrays.
 */
function toResponse(r: Awaited<ReturnType<typeof instantQuery>>): QueryResponse {
  const body = { value: r.value, warnings: r.warnings.length ? r.warnings : undefined, infos: r.infos.length ? r.infos : undefined };
  let data: QueryData | undefined;
  const response: QueryResponse = {
    get data() {
      return (data ??= toApiData(body.value));
    },
    warnings: body.warnings,
    infos: body.infos,
  };
  // Not enumerable: a copy made with spread (perhaps with other data) must not keep it.
  Object.defineProperty(response, "jsonChunks", { value: () => apiJsonChunks(body), enumerable: false });
  engineValues.set(response, r.value);
  return response;
}

/** The engine's value behind each response toResponse made, so sizing one does not build its `data`. */
const engineValues = new WeakMap<QueryResponse, QueryValue>();
