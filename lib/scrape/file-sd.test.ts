import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { FileSdCache, globToRegExp, parseTargetGroups } from "./file-sd";

describe("parseTargetGroups", () => {
  it("reads JSON and YAML target files", () => {
    const json = '[{"targets": ["a:1", "b:2"], "labels": {"env": "prod"}}, {"targets": ["c:3"]}]';
    expect(parseTargetGroups(json, "t.json")).toEqual([
      { targets: ["a:1", "b:2"], labels: { env: "prod" } },
      { targets: ["c:3"], labels: {} },
    ]);
    expect(parseTargetGroups("- targets: [a:1]\n  labels: { env: dev }\n", "t.yml")).toEqual([{ targets: ["a:1"], labels: { env: "dev" } }]);
    expect(parseTargetGroups("", "empty.yaml")).toEqual([]);
  });

  it.each([
    ["[{", "t.json", /^t\.json: /],
    ['{"targets": []}', "t.json", /^t\.json: \(top level\): /],
    ['[{"targets": ["a/b:1"]}]', "t.json", /^t\.json: \[0\]\.targets\[0\]: not a valid host:port/],
    ['[{"targets": ["a:1"], "labels": {"1x": "v"}}]', "t.json", /^t\.json: \[0\]\.labels\.1x: invalid label name/],
    ['[{"targets": ["a:1"], "label": {}}]', "t.json", /^t\.json: \[0\]: /],
    ["- targets: [a:1\n", "t.yml", /^t\.yml: /],
  ])("rejects %j naming the place", (text, name, want) => {
    expect(() => parseTargetGroups(text, name)).toThrow(want);
  });
});

describe("globToRegExp", () => {
  it.each([
    ["tg_*.json", "tg_a.json", true],
    ["tg_*.json", "tg_.json", true],
    ["tg_*.json", "tg_a.yml", false],
    ["tg_?.yml", "tg_1.yml", true],
    ["tg_?.yml", "tg_12.yml", false],
    ["tg_[ab].yml", "tg_b.yml", true],
    ["tg_[^ab].yml", "tg_b.yml", false],
    ["a.json", "aXjson", false],
  ])("%s matches %s: %s", (pattern, name, want) => {
    expect(globToRegExp(pattern).test(name)).toBe(want);
  });
});

describe("FileSdCache", () => {
  const write = (file: string, text: string, mtime: number) => {
    fs.writeFileSync(file, text);
    fs.utimesSync(file, mtime / 1000, mtime / 1000);
  };

  it("reads matching files, picks up changes and new files, and forgets deleted ones", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "headroom-filesd-"));
    const errors: string[] = [];
    const cache = new FileSdCache((m) => errors.push(m));
    const specs = [{ job: "node", files: ["sd/tg_*.json", "sd/static.yml"], refreshIntervalMs: 300_000 }];
    fs.mkdirSync(path.join(dir, "sd"));
    write(path.join(dir, "sd/tg_a.json"), '[{"targets": ["a:1"]}]', 1_000_000);
    write(path.join(dir, "sd/other.json"), '[{"targets": ["x:1"]}]', 1_000_000);
    const targetsOf = async (now: number) => (await cache.load(specs, dir, now)).get("node")!.flatMap((g) => g.targets);

    expect(await targetsOf(0)).toEqual(["a:1"]); // static.yml missing: no targets, no error
    write(path.join(dir, "sd/tg_a.json"), '[{"targets": ["a:1", "a:2"]}]', 2_000_000);
    write(path.join(dir, "sd/tg_b.json"), '[{"targets": ["b:1"]}]', 2_000_000);
    write(path.join(dir, "sd/static.yml"), "- targets: [s:1]\n", 2_000_000);
    expect(await targetsOf(1000)).toEqual(["a:1", "a:2", "b:1", "s:1"]);
    fs.unlinkSync(path.join(dir, "sd/tg_b.json"));
    expect(await targetsOf(2000)).toEqual(["a:1", "a:2", "s:1"]);
    expect(errors).toEqual([]);
  });

  it("keeps the last good groups of a file that turns invalid, and reports it", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "headroom-filesd-"));
    const errors: string[] = [];
    const cache = new FileSdCache((m) => errors.push(m));
    const specs = [{ job: "j", files: ["t.yml"], refreshIntervalMs: 300_000 }];
    const file = path.join(dir, "t.yml");
    write(file, "- targets: [a:1]\n", 1_000_000);
    expect((await cache.load(specs, dir, 0)).get("j")).toEqual([{ targets: ["a:1"], labels: {} }]);
    write(file, "- targets: [a:1\n", 2_000_000);
    expect((await cache.load(specs, dir, 1)).get("j")).toEqual([{ targets: ["a:1"], labels: {} }]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain("t.yml");
  });

  it("re-reads an unchanged file only once its refresh interval has passed", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "headroom-filesd-"));
    const cache = new FileSdCache();
    const specs = [{ job: "j", files: ["t.json"], refreshIntervalMs: 60_000 }];
    const file = path.join(dir, "t.json");
    write(file, '[{"targets": ["a:1"]}]', 1_000_000);
    await cache.load(specs, dir, 0);
    // Same size and mtime: invisible to change detection, so only the refresh interval finds it.
    write(file, '[{"targets": ["b:1"]}]', 1_000_000);
    expect((await cache.load(specs, dir, 30_000)).get("j")![0].targets).toEqual(["a:1"]);
    expect((await cache.load(specs, dir, 60_000)).get("j")![0].targets).toEqual(["b:1"]);
  });
});
