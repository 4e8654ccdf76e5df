import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, formatDuration, loadConfig, parseConfigText, parseDuration } from "./index";

describe("parseDuration", () => {
  it.each([
    ["0", 0],
    ["15s", 15_000],
    ["1m30s", 90_000],
    ["1h", 3_600_000],
    ["2d", 172_800_000],
    ["1w", 604_800_000],
    ["1y", 31_536_000_000],
    ["500ms", 500],
    ["1m500ms", 60_500],
  ])("%s = %d ms", (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(["", "15", "s", "1.5s", "15x", "1s1m", "1m1m", "-1s", " 1s"])("rejects %j", (text) => {
    expect(parseDuration(text)).toBeNull();
  });

  it("formats the shortest form and round-trips", () => {
    for (const ms of [0, 500, 15_000, 90_000, 3_723_000, 86_400_000]) {
      expect(parseDuration(formatDuration(ms))).toBe(ms);
    }
    expect(formatDuration(90_000)).toBe("1m30s");
  });
});

describe("parseConfigText", () => {
  it("applies defaults to an empty file", () => {
    const cfg = parseConfigText("", "h.yml");
    expect(cfg.global.scrape_interval).toBe(15_000);
    expect(cfg.global.scrape_timeout).toBe(10_000);
    expect(cfg.scrape_configs).toEqual([]);
  });

  it("parses a Prometheus-style file", () => {
    const cfg = parseConfigText(
      [
        "global:",
        "  scrape_interval: 30s",
        "  external_labels: { cluster: eu-1 }",
        "scrape_configs:",
        "  - job_name: vllm",
        "    scrape_interval: 10s",
        "    scrape_timeout: 5s",
        "    static_configs:",
        "      - targets: ['10.0.0.1:8000']",
        "        labels: { model: deepseek }",
        "rule_files: [rules/*.yml]",
      ].join("\n"),
      "h.yml",
    );
    expect(cfg.global.scrape_interval).toBe(30_000);
    expect(cfg.global.external_labels).toEqual({ cluster: "eu-1" });
    expect(cfg.scrape_configs[0]).toMatchObject({ job_name: "vllm", scrape_interval: 10_000, metrics_path: "/metrics" });
    expect(cfg.scrape_configs[0].static_configs[0].labels).toEqual({ model: "deepseek" });
    expect(cfg.rule_files).toEqual(["rules/*.yml"]);
  });

  it.each([
    ["global:\n  scrape_interval: 15x\n", 'h.yml:2:20: global.scrape_interval: invalid duration "15x"'],
    ["global:\n  scrape_intreval: 15s\n", 'h.yml:2:3: global.scrape_intreval: unknown field "scrape_intreval"'],
    ["scrape_configs:\n  - static_configs: []\n", "h.yml:2:5: scrape_configs[0].job_name: required field is missing"],
    [
      "scrape_configs:\n  - job_name: a\n    scrape_timeout: 1m\n",
      "h.yml:3:21: scrape_configs[0].scrape_timeout: scrape timeout greater than scrape interval",
    ],
    ["scrape_configs:\n  - job_name: a\n  - job_name: a\n", 'h.yml:3:15: scrape_configs[1].job_name: found multiple scrape configs with job name "a"'],
    ["global:\n  external_labels: { 1bad: x }\n", "h.yml:2:22: global.external_labels.1bad: invalid label name"],
    ["global: [\n", "h.yml:2:1:"],
    ["a: 1\na: 1\n", "h.yml:2:1: Map keys must be unique"],
  ])("reports %j with its position", (text, want) => {
    expect(() => parseConfigText(text, "h.yml")).toThrow(ConfigError);
    try {
      parseConfigText(text, "h.yml");
    } catch (err) {
      expect((err as Error).message.startsWith(want)).toBe(true);
    }
  });
});

describe("loadConfig", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "headroom-config-"));

  it("reads the environment once into typed settings", () => {
    const cfg = loadConfig({ HEADROOM_WORKERS: "off", HEADROOM_DATA_DIR: "state" }, dir);
    expect(cfg.workers.enabled).toBe(false);
    expect(cfg.database).toEqual({ url: null, dataDir: path.join(dir, "state") });
    expect(cfg.file).toBeNull();
  });

  it("picks up headroom.yml from the working directory, or the file HEADROOM_CONFIG names", () => {
    fs.writeFileSync(path.join(dir, "headroom.yml"), "global:\n  scrape_interval: 1m\n");
    expect(loadConfig({}, dir).global.scrape_interval).toBe(60_000);
    fs.writeFileSync(path.join(dir, "other.yml"), "global:\n  scrape_interval: 2m\n");
    expect(loadConfig({ HEADROOM_CONFIG: "other.yml" }, dir).global.scrape_interval).toBe(120_000);
  });

  it.each([
    ["", {}, true],
    ["", { HEADROOM_DEMO: "off" }, false],
    ["demo: { enabled: false }\n", {}, false],
    ["demo: { enabled: false }\n", { HEADROOM_DEMO: "on" }, true],
    ["demo: { enabled: true }\n", { HEADROOM_DEMO: "0" }, false],
  ])("demo traffic: file %j with %j is enabled=%s", (yaml, env, enabled) => {
    const sub = fs.mkdtempSync(path.join(dir, "demo-"));
    if (yaml) fs.writeFileSync(path.join(sub, "headroom.yml"), yaml);
    expect(loadConfig(env, sub).demo).toEqual({ enabled });
  });

  it.each([
    [{ HEADROOM_DEMO: "sometimes" }, "environment variable HEADROOM_DEMO"],
    [{ HEADROOM_WORKERS: "maybe" }, "environment variable HEADROOM_WORKERS"],
    [{ DATABASE_URL: "mysql://x" }, "environment variable DATABASE_URL: expected a postgres:// or postgresql:// URL"],
    [{ HEADROOM_CONFIG: "missing.yml" }, "HEADROOM_CONFIG:"],
  ])("rejects bad environment %j", (env, want) => {
    expect(() => loadConfig(env, dir)).toThrow(want);
  });
});
