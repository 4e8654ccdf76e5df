/**
 * The known-failures list: `file.test:LINE  reason` lines. Listed failures are expected; a listed
 * case that passes (or no longer exists) is an error, so the list can only shrink.
 */
import type { CaseResult } from "./runner";

/** One entry of the list. */
export interface KnownFailure {
  file: string;
  line: number;
  reason: string;
}

/** Parses the list; `#` starts a comment. Throws on malformed lines, naming the line. */
export function parseKnownFailures(text: string): Map<string, KnownFailure> {
  const out = new Map<string, KnownFailure>();
  text.split("\n").forEach((raw, i) => {
    const l = raw.replace(/#.*$/, "").trim();
    if (l === "") return;
    const m = /^(\S+\.test):(\d+)(?:\s+(.*))?$/.exec(l);
    if (!m) throw new Error(`known failures line ${i + 1}: expected "file.test:LINE  reason", got ${JSON.stringify(l)}`);
    out.set(`${m[1]}:${m[2]}`, { file: m[1], line: Number(m[2]), reason: m[3] ?? "" });
  });
  return out;
}

/** A case judged against the list. */
export interface JudgedCase extends CaseResult {
  outcome: "pass" | "fail" | "skip" | "known" | "fixed";
}

/**
 * Applies the list. Entries for files that ran but match no case are returned as `stale`.
 */
export function applyKnownFailures(results: CaseResult[], known: Map<string, KnownFailure> | undefined): { cases: JudgedCase[]; stale: KnownFailure[] } {
  const cases = results.map((r): JudgedCase => {
    const entry = known?.get(`${r.file}:${r.line}`);
    if (!entry) return { ...r, outcome: r.status };
    if (r.status === "fail") return { ...r, outcome: "known", message: entry.reason || r.message };
    const why = r.status === "pass" ? "passes now" : "is skipped";
    return { ...r, outcome: "fixed", message: `listed in known failures but ${why}; remove it from the list` };
  });
  const files = new Set(results.map((r) => r.file));
  const seen = new Set(results.map((r) => `${r.file}:${r.line}`));
  const stale = [...(known?.values() ?? [])].filter((k) => files.has(k.file) && !seen.has(`${k.file}:${k.line}`));
  return { cases, stale };
}
