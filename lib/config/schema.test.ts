import { describe, expect, it } from "vitest";
import { ConfigError, parseConfigText } from "./index";
import { parseByteSize } from "./schema";

const job = (lines: string) =>
  `scrape_configs:\n  - job_name: a\n${lines
    .split("\n")
    .map((l) => `    ${l}`)
    .join("\n")}\n`;

describe("scrape_configs fields", () => {
  it("applies Prometheus's defaults", () => {
    const sc = parseConfigText(job("static_configs: [{ targets: ['h:1'] }]"), "h.yml").scrape_configs[0];
    expect(sc).toMatchObject({
      metrics_path: "/metrics",
      scheme: "http",
      params: {},
      honor_labels: false,
      honor_timestamps: true,
      sample_limit: 0,
      body_size_limit: 0,
      tls_config: { insecure_skip_verify: false },
      file_sd_configs: [],
      metric_relabel_configs: [],
    });
    expect(sc.basic_auth).toBeUndefined();
    expect(sc.authorization).toBeUndefined();
  });

  it("parses every supported field", () => {
    const sc = parseConfigText(
      job(
        [
          "scheme: https",
          "params: { module: [http_2xx] }",
          "basic_auth: { username: u, password_file: pw.txt }",
          "tls_config: { insecure_skip_verify: true }",
          "honor_labels: true",
          "honor_timestamps: false",
          "sample_limit: 5000",
          "body_size_limit: 10MB",
          "file_sd_configs:",
          "  - files: [targets/*.json, more.yml]",
          "    refresh_interval: 1m",
          "metric_relabel_configs:",
          "  - source_labels: [__name__]",
          "    regex: go_.*",
          "    action: drop",
        ].join("\n"),
      ),
      "h.yml",
    ).scrape_configs[0];
    expect(sc).toMatchObject({
      scheme: "https",
      params: { module: ["http_2xx"] },
      basic_auth: { username: "u", password_file: "pw.txt" },
      tls_config: { insecure_skip_verify: true },
      honor_labels: true,
      honor_timestamps: false,
      sample_limit: 5000,
      body_size_limit: 10 * 1024 * 1024,
      file_sd_configs: [{ files: ["targets/*.json", "more.yml"], refresh_interval: 60_000 }],
    });
    const rule = sc.metric_relabel_configs[0];
    expect(rule).toMatchObject({ source_labels: ["__name__"], separator: ";", replacement: "$1", action: "drop" });
    expect(rule.regex.test("go_goroutines")).toBe(true);
    expect(rule.regex.test("xgo_goroutines")).toBe(false); // anchored
  });

  it("defaults authorization's type to Bearer and file_sd's refresh to 5m", () => {
    const sc = parseConfigText(job("authorization: { credentials: s3cret }\nfile_sd_configs: [{ files: [a.json] }]"), "h.yml").scrape_configs[0];
    expect(sc.authorization).toEqual({ type: "Bearer", credentials: "s3cret" });
    expect(sc.file_sd_configs[0].refresh_interval).toBe(300_000);
  });

  it("caps an unset job timeout at the job's interval instead of rejecting it", () => {
    const cfg = parseConfigText(job("scrape_interval: 5s"), "h.yml");
    expect(cfg.scrape_configs[0].scrape_timeout).toBeUndefined();
  });

  it.each([
    ["static_configs: [{ targets: ['http://h:1/metrics'] }]", "h.yml:3:34: scrape_configs[0].static_configs[0].targets[0]: \"http://h:1/metrics\" is not a valid host:port"],
    ["basic_auth: { username: u, password: p, password_file: f }", "h.yml:3:17: scrape_configs[0].basic_auth: at most one of basic_auth password & password_file"],
    ["authorization: { credentials: c, credentials_file: f }", "scrape_configs[0].authorization: at most one of authorization credentials & credentials_file"],
    ["authorization: { type: Basic }", 'scrape_configs[0].authorization.type: authorization type cannot be set to "basic"'],
    ["basic_auth: { username: u }\nauthorization: { credentials: c }", "scrape_configs[0].authorization: at most one of basic_auth and authorization"],
    ["tls_config: { ca_file: x }", 'scrape_configs[0].tls_config.ca_file: unknown field "ca_file"'],
    ["body_size_limit: 10 MB", 'scrape_configs[0].body_size_limit: invalid size "10 MB"'],
    ["sample_limit: -1", "scrape_configs[0].sample_limit:"],
    ["file_sd_configs: [{ files: [targets.txt] }]", 'scrape_configs[0].file_sd_configs[0].files[0]: path name "targets.txt" is not valid'],
    ["file_sd_configs: [{ files: ['*/t.json'] }]", 'scrape_configs[0].file_sd_configs[0].files[0]: path name "*/t.json" is not valid'],
    ["metric_relabel_configs: [{ source_labels: [a] }]", "scrape_configs[0].metric_relabel_configs[0].action: relabel configuration for replace action requires 'target_label' value"],
    ["metric_relabel_configs: [{ target_label: '1x' }]", `scrape_configs[0].metric_relabel_configs[0].target_label: "1x" is invalid 'target_label'`],
    ["metric_relabel_configs: [{ action: labeldrop, regex: a, source_labels: [b] }]", "labeldrop action requires only 'regex', and no other fields"],
    ["metric_relabel_configs: [{ action: keep, regex: 'a(' }]", 'scrape_configs[0].metric_relabel_configs[0].regex: invalid regular expression "a(": error parsing regexp: missing closing ): `(`'],
    ["metric_relabel_configs: [{ action: hashmod }]", "scrape_configs[0].metric_relabel_configs[0].action:"],
    ["metric_relabel_configs: [{ source_labels: ['a-b'], action: keep }]", "scrape_configs[0].metric_relabel_configs[0].source_labels[0]: invalid label name"],
  ])("rejects %j", (lines, want) => {
    expect(() => parseConfigText(job(lines), "h.yml")).toThrow(ConfigError);
    expect(() => parseConfigText(job(lines), "h.yml")).toThrow(want);
  });
});

describe("parseByteSize", () => {
  it.each([
    ["0", 0],
    ["512", 512],
    ["512B", 512],
    ["1KB", 1024],
    ["10MB", 10 * 1024 * 1024],
    ["10MiB", 10 * 1024 * 1024],
    ["1.5GB", 1.5 * 1024 ** 3],
  ])("%s = %d bytes", (text, bytes) => {
    expect(parseByteSize(text)).toBe(bytes);
  });

  it.each(["", "MB", "10 MB", "-1MB", "10mb", "10XB"])("rejects %j", (text) => {
    expect(parseByteSize(text)).toBeNull();
  });
});
