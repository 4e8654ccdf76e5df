/** Text report of a conformance run, shared by `headroom promql test` and the vitest suite. */
import { applyKnownFailures, type KnownFailure } from "./known-failures";
import type { CaseResult } from "./runner";

/** Counts over a run; `failed` includes listed cases that now pass and stale list entries. */
export interface Totals {
  passed: number;
  failed: number;
  skipped: number;
  known: number;
}

/** Formats results file by file: one line per failing (or known) case, then a summary line. */
export function formatReport(
  byFile: { file: string; results: CaseResult[] }[],
  known?: Map<string, KnownFailure>,
): { lines: string[]; totals: Totals; perFile: Map<string, Totals> } {
  const lines: string[] = [];
  const totals: Totals = { passed: 0, failed: 0, skipped: 0, known: 0 };
  const perFile = new Map<string, Totals>();
  for (const { file, results } of byFile) {
    const t: Totals = { passed: 0, failed: 0, skipped: 0, known: 0 };
    const { cases, stale } = applyKnownFailures(results, known);
    for (const c of cases) {
      if (c.outcome === "pass") t.passed++;
      else if (c.outcome === "skip") t.skipped++;
      else if (c.outcome === "known") {
        t.known++;
        lines.push(`${c.file}:${c.line}: ${c.query}: known failure: ${c.message ?? ""}`);
      } else {
        t.failed++;
        lines.push(`${c.file}:${c.line}: ${c.query}: ${c.message ?? "failed"}`);
      }
    }
    for (const s of stale) {
      t.failed++;
      lines.push(`${s.file}:${s.line}: listed in known failures but no eval command starts there; remove it from the list`);
    }
    lines.push(`${file}: ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped${t.known ? `, ${t.known} known failures` : ""}`);
    perFile.set(file, t);
    for (const k of ["passed", "failed", "skipped", "known"] as const) totals[k] += t[k];
  }
  if (totals.known) lines.push(`${totals.known} known failures (not counted as failed)`);
  lines.push(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
  return { lines, totals, perFile };
}
