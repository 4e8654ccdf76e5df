import { describe, expect, it } from "vitest";
import { applyKnownFailures, parseKnownFailures } from "./known-failures";
import { formatReport } from "./report";
import type { CaseResult } from "./runner";

const results: CaseResult[] = [
  { file: "a.test", line: 1, query: "q1", status: "pass" },
  { file: "a.test", line: 5, query: "q2", status: "fail", message: "expected 1 but got 2" },
  { file: "a.test", line: 9, query: "q3", status: "fail", message: "boom" },
  { file: "a.test", line: 12, query: "q4", status: "skip", message: "native" },
  { file: "a.test", line: 15, query: "q5", status: "pass" },
];

describe("known failures", () => {
  const known = parseKnownFailures("# header\na.test:9  engine lacks X\na.test:15 was broken\na.test:99 gone\nb.test:3 other file\n");

  it("parses entries and rejects malformed lines", () => {
    expect(known.get("a.test:9")).toEqual({ file: "a.test", line: 9, reason: "engine lacks X" });
    expect(() => parseKnownFailures("a.test 9")).toThrow('known failures line 1: expected "file.test:LINE  reason"');
  });

  it("expects listed failures and fails on listed passes and stale entries", () => {
    const { cases, stale } = applyKnownFailures(results, known);
    expect(cases.map((c) => c.outcome)).toEqual(["pass", "fail", "known", "skip", "fixed"]);
    expect(stale.map((s) => `${s.file}:${s.line}`)).toEqual(["a.test:99"]);
  });

  it("formats the report with a final summary line", () => {
    const { lines, totals } = formatReport([{ file: "a.test", results }], known);
    expect(lines).toEqual([
      "a.test:5: q2: expected 1 but got 2",
      "a.test:9: q3: known failure: engine lacks X",
      "a.test:15: q5: listed in known failures but passes now; remove it from the list",
      "a.test:99: listed in known failures but no eval command starts there; remove it from the list",
      "a.test: 1 passed, 3 failed, 1 skipped, 1 known failures",
      "1 known failures (not counted as failed)",
      "1 passed, 3 failed, 1 skipped",
    ]);
    expect(totals).toEqual({ passed: 1, failed: 3, skipped: 1, known: 1 });
    expect(formatReport([{ file: "a.test", results }]).lines.at(-1)).toBe("2 passed, 2 failed, 1 skipped");
  });
});
