import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { applyKnownFailures, loadKnownFailures, runTestFiles } from ".";

// Prometheus's own PromQL test files live outside the repository (see ARCHITECTURE.md).
const dir = path.resolve(process.cwd(), "../shared/conformance/promql");
const present = fs.existsSync(dir);
const files = present ? fs.readdirSync(dir).filter((f) => f.endsWith(".test")).sort() : [];
const knownPath = path.join(path.dirname(fileURLToPath(import.meta.url)), "known-failures.txt");

if (!present) {
  console.warn(`\n!!! PromQL conformance files not found at ${dir}: the conformance suite is SKIPPED !!!\n`);
}

describe("PromQL conformance (Prometheus promqltest files)", () => {
  // Defined conditionally rather than skipped, so a CI run counts no skipped test.
  if (!present && process.env.CI === "true") {
    it("has the conformance files in CI", () => {
      throw new Error(`PromQL conformance files missing at ${dir}`);
    });
  }

  if (present) {
    it("finds test files", () => {
      expect(files.length).toBeGreaterThan(0);
    });
  }

  for (const f of files) {
    it(`${f} has no unexpected results`, async () => {
      const known = await loadKnownFailures(knownPath);
      const [{ results }] = await runTestFiles([path.join(dir, f)]);
      const { cases, stale } = applyKnownFailures(results, known);
      const unexpected = [
        ...cases.filter((c) => c.outcome === "fail" || c.outcome === "fixed").map((c) => `${c.file}:${c.line}: ${c.query}: ${c.message}`),
        ...stale.map((s) => `${s.file}:${s.line}: stale known-failures entry`),
      ];
      expect(unexpected).toEqual([]);
      expect(cases.some((c) => c.outcome === "pass")).toBe(true);
    }, 60_000);
  }
});
