/**
 * Stored runs as the page and the API show them: plain JSON (ISO times), the run's request
 * without any secret (only whether it had an API key), its progress and its levels.
 */
import type { Capacity } from "./capacity";
import type { QueuedSpec } from "./request-input";
import type { RunProgress } from "./run-progress";
import type { BenchLevelRow, BenchRunRow, BenchRunState } from "./store";
import type { LevelSummary } from "./summary";

/** A run in the list. */
export interface RunListItem {
  id: number;
  state: BenchRunState;
  target: string;
  model: string | null;
  /** The model has Headroom-synthesised (random) weights: its figures say nothing about a real model. */
  synthetic: boolean;
  /** What the levels hold constant: concurrency, rate or trace. */
  loadKind: string | null;
  levels: number;
  startedAt: string;
  finishedAt: string | null;
  capacity: Capacity | null;
  error: string | null;
  /** Who started it from the page or API; null for CLI runs. */
  requestedBy: string | null;
  progress: RunProgress | null;
  cancelRequested: boolean;
}

/** One finished level. */
export interface LevelView {
  position: number;
  kind: string;
  load: number | "inf";
  label: string;
  stopReason: string;
  startedAt: string;
  finishedAt: string;
  summary: LevelSummary;
}

/** A run with everything the detail page shows. */
export interface RunDetail extends RunListItem {
  config: Record<string, unknown>;
  /** The request a page-started run was made with (no secret in it). */
  request: QueuedSpec | null;
  hasApiKey: boolean;
  capacityReason: string | null;
  levelResults: LevelView[];
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A row as a list item. */
export function runListItem(r: BenchRunRow & { state: BenchRunState }): RunListItem {
  const levels = Array.isArray(r.config.levels) ? (r.config.levels as { kind?: string }[]) : [];
  return {
    id: r.id,
    state: r.state,
    target: r.target,
    model: r.model,
    synthetic: r.synthetic,
    loadKind: levels[0]?.kind ?? null,
    levels: levels.length,
    startedAt: r.startedAt.toISOString(),
    finishedAt: iso(r.finishedAt),
    capacity: (r.capacity as unknown as Capacity | null) ?? null,
    error: r.error,
    requestedBy: r.requestedBy,
    progress: r.state === "running" ? ((r.progress as unknown as RunProgress | null) ?? null) : null,
    cancelRequested: r.cancelRequestedAt !== null,
  };
}

/** A row and its levels as the detail view. */
export function runDetail(r: BenchRunRow & { state: BenchRunState }, levels: BenchLevelRow[]): RunDetail {
  const summary = r.summary as { capacityReason?: string | null } | null;
  return {
    ...runListItem(r),
    config: r.config,
    request: (r.spec as unknown as QueuedSpec | null) ?? null,
    hasApiKey: r.hasApiKey,
    capacityReason: summary?.capacityReason ?? null,
    levelResults: levels.map((l) => ({
      position: l.position,
      kind: l.kind,
      load: Number.isFinite(l.load) ? l.load : "inf",
      label: l.label,
      stopReason: l.stopReason,
      startedAt: l.startedAt.toISOString(),
      finishedAt: l.finishedAt.toISOString(),
      summary: l.summary,
    })),
  };
}
