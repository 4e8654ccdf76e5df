import { z } from "zod";
import { parseDuration } from "./duration";

/** A Prometheus duration string, parsed to milliseconds. */
export const durationMs = z.string().transform((text, ctx) => {
  const ms = parseDuration(text);
  if (ms === null) {
    ctx.addIssue({ code: "custom", message: `invalid duration "${text}" (expected e.g. 15s, 1m, 1h30m)` });
    return z.NEVER;
  }
  return ms;
});

const labelName = z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, "invalid label name");
const labelSet = z.record(labelName, z.string());

const staticConfig = z.strictObject({
  targets: z.array(z.string().min(1)).default([]),
  labels: labelSet.default({}),
});

/** One `scrape_configs` entry; the scrape manager adds the remaining Prometheus fields. */
export const scrapeConfigSchema = z.strictObject({
  job_name: z.string().min(1),
  scrape_interval: durationMs.optional(),
  scrape_timeout: durationMs.optional(),
  metrics_path: z.string().startsWith("/").default("/metrics"),
  scheme: z.enum(["http", "https"]).default("http"),
  static_configs: z.array(staticConfig).default([]),
});

/** The `global` section, with Headroom's defaults. */
export const globalSchema = z.strictObject({
  scrape_interval: durationMs.default(15_000),
  scrape_timeout: durationMs.default(10_000),
  evaluation_interval: durationMs.default(15_000),
  external_labels: labelSet.default({}),
});

/** The YAML file's shape. Unknown keys are errors, as in Prometheus, so typos do not pass silently. */
export const fileSchema = z
  .strictObject({
    global: globalSchema.default(globalSchema.parse({})),
    scrape_configs: z.array(scrapeConfigSchema).default([]),
    rule_files: z.array(z.string().min(1)).default([]),
  })
  .superRefine((cfg, ctx) => {
    const seen = new Map<string, number>();
    cfg.scrape_configs.forEach((sc, i) => {
      if (seen.has(sc.job_name)) {
        ctx.addIssue({
          code: "custom",
          path: ["scrape_configs", i, "job_name"],
          message: `found multiple scrape configs with job name "${sc.job_name}"`,
        });
      }
      seen.set(sc.job_name, i);
      const timeout = sc.scrape_timeout ?? cfg.global.scrape_timeout;
      const interval = sc.scrape_interval ?? cfg.global.scrape_interval;
      if (timeout > interval) {
        ctx.addIssue({
          code: "custom",
          path: ["scrape_configs", i, sc.scrape_timeout !== undefined ? "scrape_timeout" : "job_name"],
          message: `scrape timeout greater than scrape interval for scrape config with job name "${sc.job_name}"`,
        });
      }
    });
  });

/** The configuration file after validation and defaults. */
export type FileConfig = z.output<typeof fileSchema>;
/** One validated scrape config. */
export type ScrapeConfig = z.output<typeof scrapeConfigSchema>;

const onOff = z.enum(["on", "off", "true", "false", "1", "0"]).transform((v) => v === "on" || v === "true" || v === "1");

/** Environment variables Headroom reads, once, at start. */
export const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "expected a postgres:// or postgresql:// URL")
    .optional(),
  HEADROOM_DATA_DIR: z.string().min(1).default("./data"),
  HEADROOM_CONFIG: z.string().min(1).optional(),
  HEADROOM_WORKERS: onOff.default(true),
});
