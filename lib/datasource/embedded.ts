import { instantQuery, parseExpr, PromQLError, rangeQuery, toApiData, type QueryOptions } from "@/lib/promql";
import type { Labels, Matcher } from "@/lib/model";
import { labelsKey } from "@/lib/model";
import type { Tsdb } from "@/lib/tsdb";
import { DatasourceError, type CallOptions, type Datasource, type MetadataMap, type QueryResponse } from "./types";

// Label lookups without a time range look this far back, as Prometheus's default does.
const ALL_TIME = { start: 0, end: 8_640_000_000_000_000 };

/** Headroom's own PromQL engine over the embedded store. */
export class EmbeddedDatasource implements Datasource {
  readonly kind = "embedded" as const;

  constructor(
    readonly name: string,
    private readonly store: Tsdb,
    private readonly limits: QueryOptions = {},
  ) {}

  async instantQuery(expr: string, timeMs: number, opts?: CallOptions): Promise<QueryResponse> {
    return this.guard(async () => toResponse(await instantQuery(this.store, expr, timeMs, this.options(opts))));
  }

  async rangeQuery(expr: string, startMs: number, endMs: number, stepMs: number, opts?: CallOptions): Promise<QueryResponse> {
    return this.guard(async () => toResponse(await rangeQuery(this.store, expr, startMs, endMs, stepMs, this.options(opts))));
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

function toResponse(r: Awaited<ReturnType<typeof instantQuery>>): QueryResponse {
  return { data: toApiData(r.value), warnings: r.warnings.length ? r.warnings : undefined, infos: r.infos.length ? r.infos : undefined };
}
