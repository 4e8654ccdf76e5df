import { doublePrecision, integer, jsonb, pgTable, serial, text, timestamp, unique } from "drizzle-orm/pg-core";

/** Targets added on the Targets page (those from headroom.yml and file_sd live in files). */
export const scrapeTargets = pgTable(
  "scrape_targets",
  {
    id: serial("id").primaryKey(),
    job: text("job").notNull(),
    /** The full scrape URL: scheme, host:port, path and query. */
    url: text("url").notNull(),
    labels: jsonb("labels").$type<Record<string, string>>().notNull().default({}),
    /** Null: the job's or the global scrape interval. */
    intervalMs: integer("interval_ms"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [unique("scrape_targets_job_url_key").on(t.job, t.url)],
);

/**
 * The health of every target the scraping process currently knows, upserted after each scrape,
 * so web processes can show it without scraping themselves.
 */
export const scrapeTargetStatus = pgTable("scrape_target_status", {
  /** Stable identity of a target: a hash of job, scrape URL and labels. */
  key: text("key").primaryKey(),
  job: text("job").notNull(),
  url: text("url").notNull(),
  labels: jsonb("labels").$type<Record<string, string>>().notNull(),
  /** config | file_sd | database */
  source: text("source").notNull(),
  /** The scrape_targets row for targets added on the Targets page. */
  targetId: integer("target_id"),
  /** up | down | unknown */
  health: text("health").notNull(),
  intervalMs: integer("interval_ms").notNull(),
  timeoutMs: integer("timeout_ms").notNull(),
  lastScrapeAt: timestamp("last_scrape_at", { withTimezone: true, mode: "date" }),
  lastDurationMs: doublePrecision("last_duration_ms"),
  /** Samples stored by the last scrape (after metric relabelling). */
  lastSamples: integer("last_samples"),
  lastError: text("last_error"),
  updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull(),
});
