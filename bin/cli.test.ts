import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { captureCli } from "./testing";



const { io, run } = captureCli();

describe("headroom CLI", () => {
  it("prints its version, also as JSON", async () => {
    expect(await run("version")).toBe(0);
    expect(io.out).toMatch(/^headroom, version \d+\.\d+\.\d+/);
    io.out = "";
    expect(await run("version", "--json")).toBe(0);
    expect(JSON.parse(io.out)).toMatchObject({ version: expect.any(String), nodeVersion: process.version });
  });

  it("lists its commands in --help", async () => {
    expect(await run("--help")).toBe(0);
    expect(io.out).toContain("version");
    expect(io.out).toContain("config");
  });

  it.each([[["bogus"], "unknown command 'bogus'"], [["version", "--nope"], "unknown option '--nope'"]])(
    "fails on %j with one line",
    async (args, msg) => {
      expect(await run(...args)).not.toBe(0);
      expect(io.err).toContain(msg);
      expect(io.err.trim().split("\n")).toHaveLength(1);
    },
  );

  it("checks a configuration file", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "headroom-cli-"));
    const good = path.join(dir, "good.yml");
    const bad = path.join(dir, "bad.yml");
    fs.writeFileSync(good, "scrape_configs:\n  - job_name: vllm\n");
    fs.writeFileSync(bad, "global:\n  scrape_interval: fast\n");
    expect(await run("config", "check", good)).toBe(0);
    expect(io.out).toContain("valid (1 scrape configs");
    expect(await run("config", "check", bad)).toBe(1);
    expect(io.err).toContain(`${bad}:2:20: global.scrape_interval: invalid duration "fast"`);
    io.err = "";
    expect(await run("config", "check", path.join(dir, "absent.yml"))).toBe(1);
    expect(io.err).toContain("no such file");
  });
});
