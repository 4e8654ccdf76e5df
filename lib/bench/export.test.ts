import { describe, expect, it } from "vitest";
import { exportDocument, storedResult } from "./export";
import { fakeSummary } from "./testing";
import type { RunDetail } from "./views";

const detail = (p: Partial<RunDetail> = {}): RunDetail => ({
  id: 12,
  state: "done",
  target: "http://127.0.0.1:8000/v1/completions",
  model: "fake-model",
  synthetic: false,
  loadKind: "rate",
  levels: 2,
  startedAt: "2026-11-28T03:03:10.527Z",
  finishedAt: "2026-11-28T03:03:14.114Z",
  capacity: null,
  error: null,
  requestedBy: "ed@example.com",
  progress: null,
  cancelRequested: false,
  config: { levels: [{ kind: "rate", rate: 2, burstiness: 0.5, maxConcurrency: null }, { kind: "rate", rate: "inf", burstiness: 0.5, maxConcurrency: null }] },
  request: null,
  hasApiKey: true,
  capacityReason: "no SLO given",
  levelResults: [
    { position: 0, kind: "rate", load: 2, label: "rate 2/s (burstiness 0.5)", stopReason: "requests", startedAt: "2026-11-28T03:03:10.530Z", finishedAt: "2026-11-28T03:03:12.000Z", summary: fakeSummary() },
    { position: 1, kind: "rate", load: "inf", label: "rate inf (burstiness 0.5)", stopReason: "requests", startedAt: "2026-11-28T03:03:12.000Z", finishedAt: "2026-11-28T03:03:14.000Z", summary: fakeSummary() },
  ],
  ...p,
});

describe("exportDocument", () => {
  it("is the document `headroom bench --json` writes", () => {
    const doc = exportDocument(detail());
    expect(Object.keys(doc)).toEqual(["version", "runId", "status", "target", "model", "startedAt", "finishedAt", "config", "levels", "capacity", "capacityReason"]);
    expect(doc).toMatchObject({ version: 1, runId: 12, status: "done", model: "fake-model", startedAt: "2026-11-28T03:03:10.527Z", capacity: null, capacityReason: "no SLO given" });
    expect(doc.levels).toEqual([
      expect.objectContaining({ position: 0, kind: "rate", load: 2, stopReason: "requests", finishedAt: "2026-11-28T03:03:12.000Z" }),
      expect.objectContaining({ position: 1, load: "inf", label: "rate inf (burstiness 0.5)" }),
    ]);
    expect(JSON.stringify(doc)).not.toMatch(/hasApiKey|requestedBy/);
  });

  it.each([
    ["failed", null, "failed"],
    ["canceled", null, "canceled"],
  ] as const)("keeps a %s run's levels and status", (state, finishedAt, status) => {
    const doc = exportDocument(detail({ state, finishedAt, capacityReason: null }));
    expect(doc).toMatchObject({ status, capacity: null, capacityReason: null, finishedAt: "2026-11-28T03:03:10.527Z" });
    expect(doc.levels).toHaveLength(2);
  });
});

describe("storedResult", () => {
  it("rebuilds level specs from the stored config, inf rates as Infinity", () => {
    const r = storedResult(detail());
    expect(r.levels.map((l) => l.spec)).toEqual([
      { kind: "rate", rate: 2, burstiness: 0.5, maxConcurrency: null },
      { kind: "rate", rate: Infinity, burstiness: 0.5, maxConcurrency: null },
    ]);
    expect(r.levels[1].load).toBe(Infinity);
  });

  it("falls back to kind and load without a config", () => {
    const r = storedResult(detail({ config: {} }));
    expect(r.levels[0].spec).toEqual({ kind: "rate", rate: 2, burstiness: 1 });
  });
});
