"use client";

import { useCallback, useEffect, useMemo, useState } from "react";
import { usePathname, useRouter } from "next/navigation";
import { TimeSeriesChart } from "@/components/charts/time-series-chart";
import { matrixToChart, type WireSeries } from "@/lib/charts";
import { PromqlEditor } from "./promql-editor";
import { ResultTable, type InstantData } from "./result-table";
import { autoStepMs, RANGES } from "./ranges";

interface Props {
  initial: { expr: string; range: string; step: string; datasource: string; tab: "graph" | "table" };
  datasources: string[];
}

type Outcome =
  | { state: "idle" }
  | { state: "running" }
  | { state: "error"; message: string }
  | { state: "graph"; result: WireSeries[]; range: { startMs: number; endMs: number; stepMs: number }; warnings: string[] }
  | { state: "table"; data: InstantData; warnings: string[] };

/** The Explore page: expression, datasource, range and step, then a chart or a table. */
export function ExploreView({ initial, datasources }: Props) {
  const router = useRouter();
  const pathname = usePathname();
  const [expr, setExpr] = useState(initial.expr);
  const [range, setRange] = useState(initial.range);
  const [step, setStep] = useState(initial.step);
  const [datasource, setDatasource] = useState(initial.datasource);
  const [currentTab, setTab] = useState(initial.tab);
  const [outcome, setOutcome] = useState<Outcome>({ state: "idle" });

  const run = useCallback(async (over: { tab?: "graph" | "table" } = {}) => {
    const tab = over.tab ?? currentTab;
    if (!expr.trim()) return;
    // The URL holds the query, so a link reproduces what is on screen.
    router.replace(`${pathname}?${new URLSearchParams({ expr, range, step, datasource, tab })}`, { scroll: false });
    setOutcome({ state: "running" });
    const endMs = Date.now();
    const rangeMs = RANGES[range] ?? RANGES["1h"];
    const stepMs = step === "auto" ? autoStepMs(rangeMs) : Number(step) * 1000;
    // As Prometheus's UI: end at now, so the freshest samples are in; steps count from start.
    const startMs = endMs - rangeMs;
    const alignedEnd = startMs + Math.floor(rangeMs / stepMs) * stepMs;
    const params: Record<string, string> =
      tab === "graph"
        ? { query: expr, start: String(startMs / 1000), end: String(alignedEnd / 1000), step: String(stepMs / 1000), datasource }
        : { query: expr, time: String(endMs / 1000), datasource };
    try {
      const res = await fetch(`/api/v1/${tab === "graph" ? "query_range" : "query"}`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(params).toString(),
      });
      const body = await res.json();
      if (body.status !== "success") return setOutcome({ state: "error", message: body.error ?? `HTTP ${res.status}` });
      const warnings: string[] = body.warnings ?? [];
      if (tab === "graph") {
        if (body.data.resultType !== "matrix") return setOutcome({ state: "error", message: `expected a range result, got ${body.data.resultType}` });
        setOutcome({ state: "graph", result: body.data.result, range: { startMs, endMs: alignedEnd, stepMs }, warnings });
      } else {
        setOutcome({ state: "table", data: body.data, warnings });
      }
    } catch {
      setOutcome({ state: "error", message: "network error: is Headroom reachable?" });
    }
  }, [expr, range, step, datasource, currentTab, router, pathname]);

  useEffect(() => {
    // A shared link opens with its query already run; later runs are explicit.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    if (initial.expr) void run();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const chart = useMemo(() => (outcome.state === "graph" ? matrixToChart(outcome.result, outcome.range) : null), [outcome]);

  return (
    <div className="explore">
      <div className="card">
        <div className="explore-controls">
          <label>
            Datasource
            <select value={datasource} onChange={(e) => setDatasource(e.target.value)} aria-label="Datasource">
              {datasources.map((d) => (
                <option key={d}>{d}</option>
              ))}
            </select>
          </label>
          <label>
            Range
            <select value={range} onChange={(e) => setRange(e.target.value)} aria-label="Range">
              {Object.keys(RANGES).map((r) => (
                <option key={r}>{r}</option>
              ))}
            </select>
          </label>
          <label>
            Step
            <select value={step} onChange={(e) => setStep(e.target.value)} aria-label="Step">
              {["auto", "15", "30", "60", "300", "900", "3600"].map((s) => (
                <option key={s} value={s}>
                  {s === "auto" ? "auto" : `${s}s`}
                </option>
              ))}
            </select>
          </label>
          <div className="tabs" role="tablist">
            {(["graph", "table"] as const).map((t) => (
              <button
                key={t}
                role="tab"
                aria-selected={currentTab === t}
                className={currentTab === t ? "tab active" : "tab"}
                onClick={() => {
                  setTab(t);
                  void run({ tab: t });
                }}
              >
                {t === "graph" ? "Graph" : "Table"}
              </button>
            ))}
          </div>
        </div>
        <div className="explore-query">
          <PromqlEditor value={expr} datasource={datasource} onChange={setExpr} onRun={() => void run()} />
          <button className="button" onClick={() => void run()} disabled={outcome.state === "running"}>
            {outcome.state === "running" ? "Running…" : "Run"}
          </button>
        </div>
      </div>
      <section className="card" aria-live="polite">
        {outcome.state === "idle" ? <p className="empty">Write an expression and press Enter or Run.</p> : null}
        {outcome.state === "running" ? <p className="empty">Running…</p> : null}
        {outcome.state === "error" ? (
          <p className="form-error" role="alert" data-testid="query-error">
            {outcome.message}
          </p>
        ) : null}
        {"warnings" in outcome && outcome.warnings.length > 0 ? <p className="notice">{outcome.warnings.join("; ")}</p> : null}
        {chart ? <TimeSeriesChart data={chart} /> : null}
        {outcome.state === "table" ? <ResultTable data={outcome.data} /> : null}
      </section>
    </div>
  );
}
