/**
 * A stored run as the JSON document `headroom bench --json` writes (report.ts), so files from
 * the page and from the CLI are read by the same tools. Only runs that ended can be exported.
 */
import type { LevelResult } from "./level";
import type { LevelSpec } from "./plan";
import { resultDocument } from "./report";
import type { BenchResult } from "./run";
import type { LevelView, RunDetail } from "./views";

/** States whose results are final. */
export const EXPORTABLE_STATES = new Set(["done", "canceled", "failed"]);

/** The level's spec from the stored config (inf rates come back as Infinity), else from its kind and load. */
function levelSpec(l: LevelView, config: Record<string, unknown>): LevelSpec {
  const stored = (Array.isArray(config.levels) ? config.levels[l.position] : null) as Record<string, unknown> | null;
  const load = l.load === "inf" ? Infinity : l.load;
  if (stored && stored.kind === l.kind) {
    if (l.kind === "rate") return { ...(stored as LevelSpec & { kind: "rate" }), rate: load };
    return stored as unknown as LevelSpec;
  }
  if (l.kind === "rate") return { kind: "rate", rate: load, burstiness: 1 };
  if (l.kind === "trace") return { kind: "trace", timeScale: load };
  return { kind: "concurrency", concurrency: load };
}

/** The run as a BenchResult (raw records left out, as in the JSON document). */
export function storedResult(d: RunDetail): BenchResult {
  const levels: LevelResult[] = d.levelResults.map((l) => ({
    index: l.position,
    spec: levelSpec(l, d.config),
    label: l.label,
    load: l.load === "inf" ? Infinity : l.load,
    startedAt: Date.parse(l.startedAt),
    finishedAt: Date.parse(l.finishedAt),
    stopReason: l.stopReason as LevelResult["stopReason"],
    summary: l.summary,
    records: [],
  }));
  return {
    // A failed run keeps the levels that finished; its document says "failed".
    status: d.state as BenchResult["status"],
    target: d.target,
    model: d.model,
    config: d.config,
    startedAt: Date.parse(d.startedAt),
    finishedAt: Date.parse(d.finishedAt ?? d.startedAt),
    levels,
    capacity: d.capacity || d.capacityReason ? { capacity: d.capacity, reason: d.capacityReason ?? "" } : null,
  };
}

/** The JSON result document of a stored run. */
export function exportDocument(d: RunDetail): Record<string, unknown> {
  return resultDocument(storedResult(d), d.id);
}
