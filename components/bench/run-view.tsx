"use client";

import { useEffect, useState } from "react";
import type { RunDetail } from "@/lib/bench/views";
import { CapacityLine } from "./capacity-line";
import { LatencyTables } from "./latency-tables";
import { ProgressPanel } from "./progress-panel";
import { RunFacts } from "./run-facts";
import { SweepPanel } from "./sweep-panel";
import { ThroughputTable } from "./throughput-table";

const ACTIVE = new Set(["queued", "running"]);
const POLL_MS = 1000;

/**
 * One run. While it is queued or running the page asks the API for it every second: the
 * progress bar moves and each level's row appears as the level finishes. When it has ended,
 * the tables, the chart, the capacity and the export links are shown.
 */
export function RunView({ initial, canEdit }: { initial: RunDetail; canEdit: boolean }) {
  const [run, setRun] = useState(initial);
  const [cancelError, setCancelError] = useState<string | null>(null);
  const active = ACTIVE.has(run.state);

  useEffect(() => {
    if (!active) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const res = await fetch(`/api/bench/${initial.id}`, { cache: "no-store" });
        if (res.ok && !stopped) setRun((await res.json()).data as RunDetail);
      } catch {
        /* a missed poll is retried on the next tick */
      }
      if (!stopped) timer = setTimeout(poll, POLL_MS);
    };
    timer = setTimeout(poll, POLL_MS);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [active, initial.id]);

  async function cancel() {
    setCancelError(null);
    const res = await fetch(`/api/bench/${run.id}/cancel`, { method: "POST" });
    if (!res.ok) setCancelError(((await res.json().catch(() => ({}))) as { error?: string }).error ?? `HTTP ${res.status}`);
    else setRun((r) => ({ ...r, cancelRequested: true }));
  }

  return (
    <div className="grid">
      <section className="card wide" aria-labelledby="run-title">
        <h2 id="run-title">Run #{run.id}</h2>
        <RunFacts run={run} />
        {active ? (
          <div style={{ marginTop: 12 }}>
            <ProgressPanel state={run.state} progress={run.progress} cancelRequested={run.cancelRequested} />
            {canEdit ? (
              <button className="button danger" type="button" onClick={cancel} disabled={run.cancelRequested}>
                Cancel run
              </button>
            ) : null}
            {cancelError ? <p className="form-error" role="alert">{cancelError}</p> : null}
          </div>
        ) : (
          <>
            <CapacityLine run={run} />
            <div className="inline-form form">
              <a className="button secondary" href={`/api/bench/${run.id}/export?format=json`} download>
                Export JSON
              </a>
              <a className="button secondary" href={`/api/bench/${run.id}/export?format=csv`} download>
                Export CSV
              </a>
            </div>
          </>
        )}
      </section>
      {run.levelResults.length > 0 ? (
        <section className="card wide" aria-labelledby="levels-title">
          <h2 id="levels-title">Levels{active ? ` (${run.levelResults.length} finished)` : ""}</h2>
          <ThroughputTable levels={run.levelResults} />
          <h2 style={{ marginTop: 16 }}>Latency</h2>
          <LatencyTables levels={run.levelResults} />
        </section>
      ) : null}
      {!active && run.levelResults.length > 0 ? <SweepPanel run={run} /> : null}
    </div>
  );
}
