/** The promqltest conformance runner: parse Prometheus's test files and run them here. */
import fs from "node:fs/promises";
import path from "node:path";
import { parseKnownFailures } from "./known-failures";
import { type CaseResult, runTestFile } from "./runner";

export { runTestFile, type CaseResult } from "./runner";
export { parseTestFile, TestFileError, type Command, type EvalCommand } from "./parse-file";
export { parseKnownFailures, applyKnownFailures, type KnownFailure } from "./known-failures";
export { formatReport, type Totals } from "./report";

/** Runs test files in order; results are named by file basename, as the known-failures list is. */
export async function runTestFiles(paths: string[]): Promise<{ file: string; results: CaseResult[] }[]> {
  const out: { file: string; results: CaseResult[] }[] = [];
  for (const p of paths) {
    const file = path.basename(p);
    const text = await fs.readFile(p, "utf8");
    try {
      out.push({ file, results: await runTestFile(file, text) });
    } catch (err) {
      throw new Error(`${file}: ${(err as Error).message}`);
    }
  }
  return out;
}

/** Reads and parses a known-failures file. */
export async function loadKnownFailures(p: string): Promise<ReturnType<typeof parseKnownFailures>> {
  return parseKnownFailures(await fs.readFile(p, "utf8"));
}
