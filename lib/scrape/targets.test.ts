import { describe, expect, it } from "vitest";
import { configTargets, databaseTarget, dedupeTargets, groupTargets, resolveSettings, targetKey } from "./targets";
import { scrapeConfig, setupOf } from "./test-helpers";
import { DEFAULT_BODY_SIZE_LIMIT } from "./types";

describe("groupTargets", () => {
  const sc = scrapeConfig(`
job_name: vllm
metrics_path: /stats
params: { format: [prometheus], x: [a, b] }
static_configs:
  - targets: ["10.0.0.5:8000", "[::1]:9000"]
    labels: { model: deepseek }`);

  it("builds URL, job and instance labels, and keeps the group's labels", () => {
    const { targets, errors } = groupTargets(sc, sc.static_configs[0], "config", setupOf([sc]));
    expect(errors).toEqual([]);
    expect(targets.map((t) => t.url)).toEqual([
      "http://10.0.0.5:8000/stats?format=prometheus&x=a&x=b",
      "http://[::1]:9000/stats?format=prometheus&x=a&x=b",
    ]);
    expect(targets[0].labels).toEqual({ job: "vllm", instance: "10.0.0.5:8000", model: "deepseek" });
    expect(targets[0]).toMatchObject({ job: "vllm", source: "config", targetId: null });
  });

  it("lets __scheme__, __metrics_path__ and __param_ labels override the config, and drops other __ labels", () => {
    const group = {
      targets: ["node:9100"],
      labels: { __scheme__: "https", __metrics_path__: "/probe", __param_x: "z", __meta_rack: "r1", job: "custom", instance: "n1" },
    };
    const [t] = groupTargets(sc, group, "file_sd", setupOf([sc])).targets;
    expect(t.url).toBe("https://node:9100/probe?format=prometheus&x=z&x=b");
    expect(t.labels).toEqual({ job: "custom", instance: "n1" });
    expect(t.job).toBe("custom");
  });

  it("passes group errors to configTargets' error callback", () => {
    const bad = scrapeConfig('job_name: b\nstatic_configs: [{ targets: ["h:1"], labels: { __scheme__: ftp } }]');
    const errors: string[] = [];
    expect(configTargets(setupOf([bad]), new Map(), (e) => errors.push(e))).toEqual([]);
    expect(errors).toEqual(['job "b": "h:1" is not a valid host:port for scheme "ftp"']);
  });

  it("reports an invalid address instead of throwing", () => {
    const { targets, errors } = groupTargets(sc, { targets: ["ok:1", "bad host:1", "a/b"], labels: {} }, "file_sd", setupOf([sc]));
    expect(targets.map((t) => t.labels.instance)).toEqual(["ok:1"]);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toContain('"bad host:1"');
  });
});

describe("resolveSettings", () => {
  it("takes the global interval and timeout, capping the timeout at the interval", () => {
    const setup = setupOf([]);
    expect(resolveSettings(scrapeConfig("job_name: a"), setup)).toMatchObject({ intervalMs: 15_000, timeoutMs: 10_000 });
    expect(resolveSettings(scrapeConfig("job_name: a\nscrape_interval: 5s"), setup)).toMatchObject({ intervalMs: 5_000, timeoutMs: 5_000 });
    expect(resolveSettings(scrapeConfig("job_name: a\nscrape_interval: 1m\nscrape_timeout: 30s"), setup)).toMatchObject({
      intervalMs: 60_000,
      timeoutMs: 30_000,
    });
  });

  it("defaults honor_timestamps to true, the body limit to 50 MiB and everything else to off", () => {
    expect(resolveSettings(null, setupOf([]))).toEqual({
      intervalMs: 15_000,
      timeoutMs: 10_000,
      honorLabels: false,
      honorTimestamps: true,
      sampleLimit: 0,
      bodySizeLimit: DEFAULT_BODY_SIZE_LIMIT,
      basicAuth: null,
      authorization: null,
      insecureSkipVerify: false,
      relabel: [],
      denyNetworks: [],
    });
  });

  it("resolves secret files against the config file's folder", () => {
    const s = resolveSettings(scrapeConfig("job_name: a\nbasic_auth: { username: u, password_file: secrets/pw }"), setupOf([], "/etc/headroom"));
    expect(s.basicAuth).toEqual({ username: "u", password: undefined, passwordFile: "/etc/headroom/secrets/pw" });
    const b = resolveSettings(scrapeConfig("job_name: a\nauthorization: { credentials_file: /run/token }"), setupOf([]));
    expect(b.authorization).toEqual({ type: "Bearer", credentials: undefined, credentialsFile: "/run/token" });
  });
});

describe("databaseTarget", () => {
  const row = { id: 7, job: "adhoc", url: "http://10.0.0.9:8080/metrics?x=1", labels: { team: "ml" }, intervalMs: null };

  it("uses the URL as given and its host:port as instance, with global defaults", () => {
    const t = databaseTarget(row, setupOf([]));
    expect(t).toMatchObject({ job: "adhoc", url: row.url, source: "database", targetId: 7 });
    expect(t.labels).toEqual({ job: "adhoc", instance: "10.0.0.9:8080", team: "ml" });
    expect(t.settings.intervalMs).toBe(15_000);
    // Added by editors on the page: kept away from cloud metadata endpoints.
    expect(t.settings.denyNetworks).toContain("169.254.0.0/16");
  });

  it("takes the settings of a scrape config with the same job name, and its own interval", () => {
    const sc = scrapeConfig("job_name: adhoc\nhonor_labels: true\nscrape_timeout: 8s");
    const t = databaseTarget({ ...row, intervalMs: 5_000 }, setupOf([sc]));
    expect(t.settings).toMatchObject({ honorLabels: true, intervalMs: 5_000, timeoutMs: 5_000 });
  });
});

describe("target identity", () => {
  it("is the same for the same job, URL and labels, whatever the label order", () => {
    expect(targetKey("j", "http://a/metrics", { a: "1", b: "2" })).toBe(targetKey("j", "http://a/metrics", { b: "2", a: "1" }));
    expect(targetKey("j", "http://a/metrics", { a: "1" })).not.toBe(targetKey("k", "http://a/metrics", { a: "1" }));
    expect(targetKey("j", "http://a/metrics", { a: "1" })).not.toBe(targetKey("j", "http://a/metrics", { a: "2" }));
  });

  it("lets a target listed twice be scraped once", () => {
    const sc = scrapeConfig('job_name: a\nstatic_configs: [{ targets: ["h:1", "h:1", "h:2"] }]');
    const targets = configTargets(setupOf([sc]));
    expect(targets).toHaveLength(3);
    expect(dedupeTargets(targets).map((t) => t.labels.instance)).toEqual(["h:1", "h:2"]);
  });

  it("collects static and file_sd groups per job", () => {
    const sc = scrapeConfig('job_name: a\nstatic_configs: [{ targets: ["h:1"] }]');
    const targets = configTargets(setupOf([sc]), new Map([["a", [{ targets: ["f:1"], labels: { x: "y" } }]]]));
    expect(targets.map((t) => [t.source, t.labels.instance])).toEqual([
      ["config", "h:1"],
      ["file_sd", "f:1"],
    ]);
  });
});
