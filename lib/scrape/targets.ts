import { createHash } from "node:crypto";
import path from "node:path";
import type { ScrapeConfig } from "@/lib/config";
import { labelsKey, type Labels } from "@/lib/model";
import { DEFAULT_DENY } from "@/lib/net";
import { DEFAULT_BODY_SIZE_LIMIT, type ScrapeSettings, type Target, type TargetSource } from "./types";

/** The parts of the configuration that decide targets. */
export interface ScrapeSetup {
  global: { scrape_interval: number; scrape_timeout: number };
  scrape_configs: readonly ScrapeConfig[];
  /** Relative password_file, credentials_file and file_sd paths resolve against this folder. */
  baseDir: string;
}

/** A static_configs entry or one group of a file_sd file. */
export interface TargetGroup {
  targets: readonly string[];
  labels: Readonly<Record<string, string>>;
}

/** A row of the scrape_targets table, as the target builder needs it. */
export interface DbTargetRow {
  id: number;
  job: string;
  url: string;
  labels: Record<string, string>;
  intervalMs: number | null;
}

/** A target's identity: the same job, URL and labels are the same target wherever it came from. */
export function targetKey(job: string, url: string, labels: Labels): string {
  return createHash("sha256").update(`${job}\0${url}\0${labelsKey(labels)}`).digest("hex").slice(0, 16);
}

/** Settings of a scrape config (or the global defaults when null), files resolved against baseDir. */
export function resolveSettings(sc: ScrapeConfig | null, setup: ScrapeSetup, intervalOverride?: number | null): ScrapeSettings {
  const intervalMs = intervalOverride ?? sc?.scrape_interval ?? setup.global.scrape_interval;
  // An unset timeout is the global one, capped at the interval (as in Prometheus).
  const timeoutMs = Math.min(sc?.scrape_timeout ?? setup.global.scrape_timeout, intervalMs);
  const file = (f: string | undefined) => (f === undefined ? undefined : path.resolve(/*turbopackIgnore: true*/ setup.baseDir, f));
  const ba = sc?.basic_auth;
  const az = sc?.authorization;
  return {
    intervalMs,
    timeoutMs,
    honorLabels: sc?.honor_labels ?? false,
    honorTimestamps: sc?.honor_timestamps ?? true,
    sampleLimit: sc?.sample_limit ?? 0,
    bodySizeLimit: sc?.body_size_limit || DEFAULT_BODY_SIZE_LIMIT,
    basicAuth: ba ? { username: ba.username, password: ba.password, passwordFile: file(ba.password_file) } : null,
    authorization: az ? { type: az.type, credentials: az.credentials, credentialsFile: file(az.credentials_file) } : null,
    insecureSkipVerify: sc?.tls_config.insecure_skip_verify ?? false,
    relabel: sc?.metric_relabel_configs ?? [],
    denyNetworks: [],
  };
}

/**
 * The targets of one group. `__scheme__`, `__metrics_path__` and `__param_<name>` labels override
 * the scrape config for the group, other `__` labels are dropped; `job` and `instance` default to
 * the job name and the address. Invalid addresses are reported, not thrown.
 */
export function groupTargets(sc: ScrapeConfig, group: TargetGroup, source: TargetSource, setup: ScrapeSetup): { targets: Target[]; errors: string[] } {
  const settings = resolveSettings(sc, setup);
  const targets: Target[] = [];
  const errors: string[] = [];
  const meta = group.labels;
  const scheme = meta.__scheme__ ?? sc.scheme;
  const metricsPath = meta.__metrics_path__ ?? sc.metrics_path;
  const params = new Map<string, string[]>(Object.entries(sc.params));
  for (const [name, value] of Object.entries(meta)) {
    if (name.startsWith("__param_")) params.set(name.slice(8), [value, ...(params.get(name.slice(8)) ?? []).slice(1)]);
  }
  for (const address of group.targets) {
    let url: URL;
    try {
      if (/[/\s]/.test(address) || (scheme !== "http" && scheme !== "https")) throw new Error("bad address");
      url = new URL(`${scheme}://${address}${metricsPath}`);
    } catch {
      errors.push(`"${address}" is not a valid host:port for scheme "${scheme}"`);
      continue;
    }
    for (const [name, values] of params) for (const v of values) url.searchParams.append(name, v);
    const labels: Record<string, string> = { job: sc.job_name, instance: address };
    for (const [name, value] of Object.entries(meta)) if (!name.startsWith("__") && value !== "") labels[name] = value;
    const href = url.toString();
    targets.push({ key: targetKey(labels.job, href, labels), job: labels.job, url: href, labels, source, targetId: null, settings });
  }
  return { targets, errors };
}

/** Targets of every scrape config: static_configs plus the file_sd groups read for each job. */
export function configTargets(
  setup: ScrapeSetup,
  fileGroups: ReadonlyMap<string, readonly TargetGroup[]> = new Map(),
  onError: (message: string) => void = () => {},
): Target[] {
  const out: Target[] = [];
  const add = (sc: ScrapeConfig, g: TargetGroup, source: TargetSource) => {
    const { targets, errors } = groupTargets(sc, g, source, setup);
    out.push(...targets);
    for (const e of errors) onError(`job "${sc.job_name}": ${e}`);
  };
  for (const sc of setup.scrape_configs) {
    for (const g of sc.static_configs) add(sc, g, "config");
    for (const g of fileGroups.get(sc.job_name) ?? []) add(sc, g, "file_sd");
  }
  return out;
}

/**
 * A target added on the Targets page. When a scrape config has the same job name, the target is
 * scraped with its settings (auth, limits, relabelling); otherwise with the global defaults.
 */
export function databaseTarget(row: DbTargetRow, setup: ScrapeSetup): Target {
  const sc = setup.scrape_configs.find((c) => c.job_name === row.job) ?? null;
  const url = new URL(row.url);
  const labels: Record<string, string> = { job: row.job, instance: url.host };
  for (const [name, value] of Object.entries(row.labels)) if (!name.startsWith("__") && value !== "") labels[name] = value;
  const href = url.toString();
  return {
    key: targetKey(row.job, href, labels),
    job: row.job,
    url: href,
    labels,
    source: "database",
    targetId: row.id,
    // Anyone with the editor role can add these, so they may not reach link-local addresses.
    settings: { ...resolveSettings(sc, setup, row.intervalMs), denyNetworks: DEFAULT_DENY },
  };
}

/** Drops later duplicates (same key), so one target listed twice is scraped once. */
export function dedupeTargets(targets: readonly Target[]): Target[] {
  const seen = new Map<string, Target>();
  for (const t of targets) if (!seen.has(t.key)) seen.set(t.key, t);
  return [...seen.values()];
}
