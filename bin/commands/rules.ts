import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { parseRuleFile, RuleFileError, type RuleGroup } from "@/alerts/rules";

/** Where `headroom rules check` writes; tests pass their own. */
export interface RulesIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

function readRuleFile(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : (err as Error).message;
    throw new RuleFileError([`${file}: cannot read: ${why}`]);
  }
}

/**
 * The action of `headroom rules check`: checks every file (not stopping at the first bad one),
 * prints `FILE: SUCCESS: N rules found in G groups` or the problems on stderr; returns the exit code.
 */
export function runRulesCheck(files: string[], opts: { json?: boolean }, io: RulesIo = process): number {
  const groups: RuleGroup[] = [];
  let failed = false;
  for (const file of files) {
    try {
      const parsed = parseRuleFile(readRuleFile(file), file);
      groups.push(...parsed);
      const rules = parsed.reduce((n, g) => n + g.rules.length, 0);
      if (!opts.json) io.stdout.write(`${file}: SUCCESS: ${plural(rules, "rule")} found in ${plural(parsed.length, "group")}\n`);
    } catch (err) {
      if (!(err instanceof RuleFileError)) throw err;
      failed = true;
      io.stderr.write(err.problems.join("\n") + "\n");
    }
  }
  // With --json, standard output holds one JSON document or nothing, so scripts can parse it.
  if (opts.json && !failed) io.stdout.write(JSON.stringify({ groups }) + "\n");
  return failed ? 1 : 0;
}

/** `headroom rules check FILE... [--json]`: validates rule files, as `promtool check rules` does. */
export function registerRules(program: Command): void {
  const rules = program.command("rules").description("work with Prometheus-format alerting and recording rule files");
  rules
    .command("check")
    .description("validate rule files; prints every problem as FILE:LINE:COL: field: message")
    .argument("<files...>", "rule files (YAML)")
    .option("--json", "print the parsed rule groups as JSON")
    .action((files: string[], opts: { json?: boolean }) => {
      if (runRulesCheck(files, opts) !== 0) process.exitCode = 1;
    });
}
