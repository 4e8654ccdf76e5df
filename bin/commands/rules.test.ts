import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { captureCli } from "../testing";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "headroom-cli-rules-"));

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const { io, run } = captureCli("rules", "check");

function file(name: string, body: string): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, body);
  return p;
}

const good = [
  "groups:",
  "  - name: vllm",
  "    rules:",
  "      - record: job:ttft_seconds:p95",
  "        expr: histogram_quantile(0.95, sum by (job, le) (rate(vllm:time_to_first_token_seconds_bucket[5m])))",
  "      - alert: KvCacheNearlyFull",
  "        expr: vllm:gpu_cache_usage_perc > 0.9",
  "        for: 10m",
  "  - name: empty",
  "    rules: []",
  "",
].join("\n");

describe("headroom rules check", () => {
  it("prints SUCCESS with the rule count and exits 0 for a valid file", async () => {
    const p = file("good.yml", good);
    expect(await run(p)).toBe(0);
    expect(io.out).toBe(`${p}: SUCCESS: 2 rules found in 2 groups\n`);
    expect(io.err).toBe("");
  });

  it("prints the problems with file:line:col on stderr and exits 1 for an invalid file", async () => {
    const p = file("bad.yml", "groups:\n  - name: vllm\n    rules:\n      - alert: Down\n        expr: up ==\n        for: 5 min\n");
    expect(await run(p)).toBe(1);
    expect(io.err).toBe(
      `${p}:5:20: groups[0].rules[0].expr: parse error: unexpected end of input\n` +
        `${p}:6:14: groups[0].rules[0].for: invalid duration "5 min" (use e.g. 30s, 5m, 1h30m)\n`,
    );
    expect(io.out).toBe("");
  });

  it("checks every file even when one is bad or missing", async () => {
    const g = file("g.yml", good);
    const missing = path.join(dir, "missing.yml");
    expect(await run(missing, g)).toBe(1);
    expect(io.err).toBe(`${missing}: cannot read: no such file\n`);
    expect(io.out).toBe(`${g}: SUCCESS: 2 rules found in 2 groups\n`);
  });

  it("prints the parsed groups as JSON with --json", async () => {
    const p = file("json.yml", good);
    expect(await run("--json", p)).toBe(0);
    const parsed = JSON.parse(io.out);
    expect(parsed.groups.map((g: { name: string }) => g.name)).toEqual(["vllm", "empty"]);
    expect(parsed.groups[0].rules[1]).toEqual({
      kind: "alert",
      name: "KvCacheNearlyFull",
      expr: "vllm:gpu_cache_usage_perc > 0.9",
      forMs: 600_000,
      keepFiringForMs: 0,
      labels: {},
      annotations: {},
      line: 6,
    });
  });

  it("needs at least one file", async () => {
    expect(await run()).toBe(1);
    expect(io.err).toMatch(/missing required argument 'files'/);
  });
});
