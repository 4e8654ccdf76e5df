/** Loading the rule files a configuration's `rule_files` names: paths and globs. */
import fs from "node:fs";
import path from "node:path";
import { expandGlob, GlobSyntaxError, hasMeta } from "./glob";
import { parseRuleFile } from "./rule-file";
import { RuleFileError, type RuleGroup } from "./types";

/** The groups of every file loaded, and the files (absolute paths) in the order they were read. */
export interface LoadedRules {
  groups: RuleGroup[];
  files: string[];
}

// Stricter than Prometheus on one point: a plain path that does not exist is an error (Prometheus
// skips it silently, like a glob that matches nothing), since it is almost always a typo.
function filesOf(pattern: string, baseDir: string, problems: string[]): string[] {
  const resolved = path.resolve(baseDir, pattern);
  if (!hasMeta(pattern)) {
    const stat = fs.statSync(resolved, { throwIfNoEntry: false });
    if (!stat) problems.push(`${resolved}: no such file`);
    else if (!stat.isFile()) problems.push(`${resolved}: not a file`);
    else return [resolved];
    return [];
  }
  try {
    // Directories a glob happens to match are skipped rather than failed on.
    return expandGlob(pattern, baseDir).filter((f) => fs.statSync(f, { throwIfNoEntry: false })?.isFile());
  } catch (err) {
    if (err instanceof GlobSyntaxError) {
      problems.push(`${resolved}: ${err.message}`);
      return [];
    }
    throw err;
  }
}

/**
 * Loads every file the patterns name (relative ones against `baseDir`), reporting the problems
 * of all files together in one RuleFileError. Group names need only be unique within a file.
 */
export function loadRuleFiles(patterns: string[], baseDir: string): LoadedRules {
  const problems: string[] = [];
  const files: string[] = [];
  for (const pattern of patterns) {
    for (const file of filesOf(pattern, baseDir, problems)) if (!files.includes(file)) files.push(file);
  }
  const groups: RuleGroup[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = fs.readFileSync(file, "utf8");
    } catch (err) {
      problems.push(`${file}: cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      continue;
    }
    try {
      groups.push(...parseRuleFile(text, file));
    } catch (err) {
      if (!(err instanceof RuleFileError)) throw err;
      problems.push(...err.problems);
    }
  }
  if (problems.length > 0) throw new RuleFileError(problems);
  return { groups, files };
}
