import { z } from "zod";
import { compileAnchoredRegex } from "@/lib/model";
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

/** A target address as Prometheus wants it: host:port, no scheme and no path. */
const targetAddress = z
  .string()
  .min(1)
  .refine((t) => !/[/\s]/.test(t), {
    error: (iss) => `"${String(iss.input)}" is not a valid host:port (set scheme and metrics_path separately)`,
  });

const staticConfig = z.strictObject({
  targets: z.array(targetAddress).default([]),
  labels: labelSet.default({}),
});

/** `<number><unit>` with binary units as Prometheus's body_size_limit (`10MB` is 10 MiB); 0 is no limit. */
export function parseByteSize(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)?$/.exec(text);
  if (!m) return null;
  const unit = (m[2] ?? "B").replace("i", "");
  const bytes = Math.floor(Number(m[1]) * 1024 ** ["B", "KB", "MB", "GB", "TB"].indexOf(unit));
  return Number.isSafeInteger(bytes) ? bytes : null;
}

const byteSize = z.union([z.string(), z.number().int().nonnegative()]).transform((v, ctx) => {
  const bytes = typeof v === "number" ? v : parseByteSize(v);
  if (bytes === null) {
    ctx.addIssue({ code: "custom", message: `invalid size "${String(v)}" (expected e.g. 512KB, 10MB, 1GB)` });
    return z.NEVER;
  }
  return bytes;
});

/** Relabel regexes are fully anchored and `.` matches newlines, as Prometheus compiles them (RE2). */
const relabelRegex = z.string().transform((text, ctx) => {
  try {
    return compileAnchoredRegex(text);
  } catch (err) {
    ctx.addIssue({ code: "custom", message: `invalid regular expression "${text}": ${(err as Error).message}` });
    return z.NEVER;
  }
});

/** The metric_relabel_configs actions Headroom implements. */
export const RELABEL_ACTIONS = ["replace", "keep", "drop", "labeldrop", "labelkeep", "labelmap"] as const;

const relabelConfig = z
  .strictObject({
    source_labels: z.array(labelName).default([]),
    separator: z.string().default(";"),
    regex: relabelRegex.prefault("(.*)"),
    target_label: z.string().optional(),
    replacement: z.string().default("$1"),
    action: z.enum(RELABEL_ACTIONS).default("replace"),
  })
  .superRefine((rc, ctx) => {
    if (rc.action === "replace") {
      if (!rc.target_label) {
        ctx.addIssue({ code: "custom", path: ["action"], message: "relabel configuration for replace action requires 'target_label' value" });
      } else if (!/^(?:(?:[a-zA-Z_]|\$(?:\{\w+\}|\w+))+\w*)+$/.test(rc.target_label)) {
        ctx.addIssue({ code: "custom", path: ["target_label"], message: `"${rc.target_label}" is invalid 'target_label' for replace action` });
      }
    }
    const onlyRegex = rc.source_labels.length === 0 && rc.target_label === undefined && rc.separator === ";" && rc.replacement === "$1";
    if ((rc.action === "labeldrop" || rc.action === "labelkeep") && !onlyRegex) {
      ctx.addIssue({ code: "custom", path: ["action"], message: `${rc.action} action requires only 'regex', and no other fields` });
    }
  });

/** One metric_relabel_configs rule after validation; `regex` is compiled and anchored. */
export type RelabelRule = z.output<typeof relabelConfig>;

const secretPair = (a: string, b: string) => (v: Record<string, unknown>) => !(v[a] !== undefined && v[b] !== undefined);

const basicAuth = z
  .strictObject({ username: z.string().min(1), password: z.string().optional(), password_file: z.string().min(1).optional() })
  .refine(secretPair("password", "password_file"), { message: "at most one of basic_auth password & password_file must be configured" });

const authorization = z
  .strictObject({
    type: z.string().min(1).default("Bearer"),
    credentials: z.string().optional(),
    credentials_file: z.string().min(1).optional(),
  })
  .refine(secretPair("credentials", "credentials_file"), { message: "at most one of authorization credentials & credentials_file must be configured" })
  .refine((a) => a.type.toLowerCase() !== "basic", { message: 'authorization type cannot be set to "basic", use "basic_auth" instead', path: ["type"] });

const fileSdConfig = z.strictObject({
  files: z
    .array(
      z.string().refine((f) => /\.(json|ya?ml)$/.test(f) && !/[*?[]/.test(f.slice(0, Math.max(0, f.lastIndexOf("/")))), {
        error: (iss) => `path name "${String(iss.input)}" is not valid for file discovery (.json, .yml or .yaml; wildcards only in the file name)`,
      }),
    )
    .min(1),
  refresh_interval: durationMs.default(300_000),
});

/** One `scrape_configs` entry, with the Prometheus fields Headroom supports (docs/scraping.md). */
export const scrapeConfigSchema = z
  .strictObject({
    job_name: z.string().min(1),
    scrape_interval: durationMs.optional(),
    scrape_timeout: durationMs.optional(),
    metrics_path: z.string().startsWith("/").default("/metrics"),
    scheme: z.enum(["http", "https"]).default("http"),
    params: z.record(z.string().min(1), z.array(z.string())).default({}),
    basic_auth: basicAuth.optional(),
    authorization: authorization.optional(),
    tls_config: z.strictObject({ insecure_skip_verify: z.boolean().default(false) }).default({ insecure_skip_verify: false }),
    honor_labels: z.boolean().default(false),
    honor_timestamps: z.boolean().default(true),
    sample_limit: z.number().int().nonnegative().default(0),
    body_size_limit: byteSize.default(0),
    static_configs: z.array(staticConfig).default([]),
    file_sd_configs: z.array(fileSdConfig).default([]),
    metric_relabel_configs: z.array(relabelConfig).default([]),
  })
  .refine((sc) => !(sc.basic_auth && sc.authorization), {
    message: "at most one of basic_auth and authorization must be configured",
    path: ["authorization"],
  });

/** The `global` section, with Headroom's defaults. */
export const globalSchema = z.strictObject({
  scrape_interval: durationMs.default(15_000),
  scrape_timeout: durationMs.default(10_000),
  evaluation_interval: durationMs.default(15_000),
  external_labels: labelSet.default({}),
});

/** The `storage` section: how long the embedded store keeps raw samples and 5-minute rollups. */
export const storageSchema = z.strictObject({
  retention: durationMs.default(15 * 24 * 3600_000),
  rollup_retention: durationMs.default(90 * 24 * 3600_000),
  /** How much recent data the embedded (PGlite) store keeps in memory for queries; 0s turns it off. */
  head_cache: durationMs.default(2 * 3600_000),
  /**
   * Group commit: how long a scrape's samples may wait to share one write with other targets'
   * (never more than a tenth of the target's interval); 0s writes each scrape on its own.
   */
  group_commit: durationMs.default(1000),
});

/** One `datasources` entry: a Prometheus-compatible server Headroom can query. */
export const datasourceSchema = z.strictObject({
  name: z.string().regex(/^[a-zA-Z0-9_.-]+$/, "use letters, digits, _ . and -").refine((n) => n !== "embedded", "the name embedded is reserved"),
  type: z.literal("prometheus"),
  url: z.url({ protocol: /^https?$/, error: "expected an http:// or https:// URL" }),
  timeout: durationMs.default(30_000),
  retries: z.number().int().min(0).max(10).default(2),
  basic_auth: z.strictObject({ username: z.string(), password: z.string() }).optional(),
  authorization: z.strictObject({ type: z.literal("Bearer").default("Bearer"), credentials: z.string().min(1) }).optional(),
  tls_config: z.strictObject({ insecure_skip_verify: z.boolean().default(false) }).optional(),
});

/** One `alerting.receivers` entry: where alert notifications go (docs/alerting.md). */
export const receiverSchema = z.strictObject({
  name: z.string().regex(/^[a-zA-Z0-9_.-]+$/, "use letters, digits, _ . and -"),
  /** webhook: Alertmanager's webhook JSON; alertmanager: Alertmanager's POST /api/v2/alerts. */
  type: z.enum(["webhook", "alertmanager"]),
  url: z.url({ protocol: /^https?$/, error: "expected an http:// or https:// URL" }),
  timeout: durationMs.default(10_000),
});

/** The `alerting` section: evaluation of rule_files and delivery of their notifications. */
export const alertingSchema = z.strictObject({
  /** Where Headroom is reached, for the links in notifications. */
  external_url: z.url({ protocol: /^https?$/, error: "expected an http:// or https:// URL" }).default("http://localhost:3000"),
  /** Every alert goes to every receiver (routing comes later). */
  receivers: z.array(receiverSchema).default([]),
  /** A still-firing alert is notified again after this long; 0s never. */
  repeat_interval: durationMs.default(4 * 3600_000),
  /** Delivery of a notification is retried, backing off, for this long before it is given up. */
  retry_for: durationMs.default(24 * 3600_000),
});

/** The `demo` section: Headroom's own demo traffic while the operator has no targets (docs/configuration.md). */
export const demoSchema = z.strictObject({
  enabled: z.boolean().default(true),
});

/** The YAML file's shape. Unknown keys are errors, as in Prometheus, so typos do not pass silently. */
export const fileSchema = z
  .strictObject({
    global: globalSchema.default(globalSchema.parse({})),
    scrape_configs: z.array(scrapeConfigSchema).default([]),
    rule_files: z.array(z.string().min(1)).default([]),
    storage: storageSchema.default(storageSchema.parse({})),
    datasources: z.array(datasourceSchema).default([]),
    alerting: alertingSchema.default(alertingSchema.parse({})),
    demo: demoSchema.default({ enabled: true }),
  })
  .superRefine((cfg, ctx) => {
    if (cfg.storage.rollup_retention < cfg.storage.retention) {
      ctx.addIssue({ code: "custom", path: ["storage", "rollup_retention"], message: "must be at least storage.retention" });
    }
    const receivers = new Set<string>();
    cfg.alerting.receivers.forEach((r, i) => {
      if (receivers.has(r.name)) ctx.addIssue({ code: "custom", path: ["alerting", "receivers", i, "name"], message: `found multiple receivers named "${r.name}"` });
      receivers.add(r.name);
    });
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
      // An unset job timeout is the global one capped at the job's interval, as in Prometheus.
      const interval = sc.scrape_interval ?? cfg.global.scrape_interval;
      if (sc.scrape_timeout !== undefined && sc.scrape_timeout > interval) {
        ctx.addIssue({
          code: "custom",
          path: ["scrape_configs", i, "scrape_timeout"],
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
  HEADROOM_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  HEADROOM_SECRET_KEY: z.string().min(32, "must be at least 32 characters").optional(),
  HEADROOM_URL: z.url("expected the public URL, e.g. https://headroom.example.com").optional(),
  HEADROOM_ADMIN_EMAIL: z.email().default("admin@headroom.local"),
  HEADROOM_ADMIN_PASSWORD: z.string().min(12, "must be at least 12 characters").optional(),
  HEADROOM_PUBLIC_METRICS: onOff.default(true),
  /** Unset: the file's `demo.enabled` decides. */
  HEADROOM_DEMO: onOff.optional(),
});
