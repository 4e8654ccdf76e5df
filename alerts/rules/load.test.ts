import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { expandGlob, GlobSyntaxError, loadRuleFiles, RuleFileError } from "./index";
import { segmentRegExp } from "./glob";

let dir = "";
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "headroom-rules-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(rel: string, body: string): string {
  const p = path.join(dir, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, body);
  return p;
}

const group = (name: string, ...rules: string[]) =>
  `groups:\n  - name: ${name}\n    rules:\n${rules.map((r) => `      - alert: ${r}\n        expr: up == 0\n`).join("")}`;

function loadError(patterns: string[]): string[] {
  try {
    loadRuleFiles(patterns, dir);
  } catch (err) {
    expect(err).toBeInstanceOf(RuleFileError);
    return (err as RuleFileError).problems;
  }
  throw new Error("expected a RuleFileError");
}

describe("loadRuleFiles", () => {
  it("loads plain paths relative to the base directory, and absolute ones", () => {
    const a = write("a.yml", group("a", "A1", "A2"));
    const b = write("sub/b.yml", group("b", "B1"));
    const { groups, files } = loadRuleFiles(["a.yml", b], dir);
    expect(files).toEqual([a, b]);
    expect(groups.map((g) => [g.name, g.file, g.rules.length])).toEqual([["a", a, 2], ["b", b, 1]]);
  });

  it("expands *, ? and [...] globs in sorted order, skipping directories and duplicates", () => {
    const files = ["rules/10-gpu.yml", "rules/2-vllm.yml", "rules/a.yaml", "rules/x.txt"].map((f) => write(f, group(path.basename(f), "A")));
    fs.mkdirSync(path.join(dir, "rules/dir.yml"));
    expect(loadRuleFiles(["rules/*.yml", "rules/?-vllm.yml"], dir).files).toEqual([files[0], files[1]]);
    expect(loadRuleFiles(["rules/[0-9]*.yml"], dir).files).toEqual([files[0], files[1]]);
    expect(loadRuleFiles(["rules/[^0-9]*"], dir).files).toEqual([files[2], files[3]]);
    expect(loadRuleFiles(["*/*.yaml"], dir).files).toEqual([files[2]]);
  });

  it("allows the same group name in two files, as Prometheus keys groups by file", () => {
    write("one.yml", group("fleet", "A"));
    write("two.yml", group("fleet", "B"));
    expect(loadRuleFiles(["*.yml"], dir).groups.map((g) => g.name)).toEqual(["fleet", "fleet"]);
  });

  it("accepts a glob that matches nothing, and no patterns at all", () => {
    expect(loadRuleFiles(["missing/*.yml"], dir)).toEqual({ groups: [], files: [] });
    expect(loadRuleFiles([], dir)).toEqual({ groups: [], files: [] });
  });

  it("refuses a plain path that does not exist, or is a directory", () => {
    fs.mkdirSync(path.join(dir, "d"));
    expect(loadError(["nope.yml", "d"])).toEqual([`${path.join(dir, "nope.yml")}: no such file`, `${path.join(dir, "d")}: not a file`]);
  });

  it("reports the problems of several files together", () => {
    const bad1 = write("bad1.yml", "groups:\n  - name: x\n    rules:\n      - alert: A\n");
    const bad2 = write("bad2.yml", "groups:\n  - name: y\n    interval: often\n");
    write("good.yml", group("ok", "A"));
    expect(loadError(["*.yml", "missing.yml"])).toEqual([
      `${path.join(dir, "missing.yml")}: no such file`,
      `${bad1}:4:9: groups[0].rules[0].expr: required field is missing`,
      `${bad2}:3:15: groups[0].interval: invalid duration "often" (use e.g. 30s, 5m, 1h30m)`,
    ]);
  });

  it("reports a malformed glob", () => {
    expect(loadError(["rules/[a-.yml"])[0]).toMatch(/rules\/\[a-\.yml: syntax error in pattern/);
  });
});

describe("glob matching", () => {
  it.each([
    ["*.yml", "a.yml", true], ["*.yml", "a.yaml", false], ["*", ".hidden", true],
    ["?.yml", "ab.yml", false], ["[abc].yml", "b.yml", true], ["[^abc].yml", "b.yml", false],
    ["[a-c]x", "cx", true], ["[z-a]x", "ax", false], ["\\*.yml", "*.yml", true], ["\\*.yml", "a.yml", false],
    ["a+b(c).yml", "a+b(c).yml", true],
  ])("%s against %s is %s", (pattern, name, expected) => {
    expect(segmentRegExp(pattern).test(name)).toBe(expected);
  });

  it.each(["[", "[]", "[a", "x\\", "[-a]"])("refuses the malformed pattern %s", (pattern) => {
    expect(() => segmentRegExp(pattern)).toThrow(GlobSyntaxError);
  });

  it("matches in the middle of a path, and treats the base directory literally", () => {
    const base = path.join(dir, "conf[1]");
    fs.mkdirSync(path.join(base, "team-a"), { recursive: true });
    fs.writeFileSync(path.join(base, "team-a", "r.yml"), "");
    expect(expandGlob("team-*/r.yml", base)).toEqual([path.join(base, "team-a", "r.yml")]);
  });
});
