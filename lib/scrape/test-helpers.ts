/** Test helpers: scrape configs and settings built through the real config schema. */
import { parseConfigText, type ScrapeConfig } from "@/lib/config";
import { resolveSettings, type ScrapeSetup } from "./targets";
import type { RelabelRule, ScrapeSettings } from "./types";

/** Parses one scrape config given as YAML lines (without the leading `- `). */
export function scrapeConfig(yaml: string): ScrapeConfig {
  const body = yaml
    .trim()
    .split("\n")
    .map((l, i) => (i === 0 ? `  - ${l}` : `    ${l}`))
    .join("\n");
  return parseConfigText(`scrape_configs:\n${body}\n`, "test.yml").scrape_configs[0];
}

/** Compiled metric_relabel_configs from YAML list items. */
export function rules(yaml: string): RelabelRule[] {
  const indented = yaml
    .trim()
    .split("\n")
    .map((l) => `  ${l}`)
    .join("\n");
  return scrapeConfig(`job_name: t\nmetric_relabel_configs:\n${indented}`).metric_relabel_configs;
}

/** A setup with Headroom's default global section. */
export function setupOf(configs: ScrapeConfig[], baseDir = "/etc/headroom"): ScrapeSetup {
  return { global: { scrape_interval: 15_000, scrape_timeout: 10_000 }, scrape_configs: configs, baseDir };
}

/** Settings of a scrape config given as YAML (defaults when omitted). */
export function settingsOf(yaml = "job_name: t"): ScrapeSettings {
  return resolveSettings(scrapeConfig(yaml), setupOf([]));
}
