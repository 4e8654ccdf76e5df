import { bigserial, index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** One row per periodic job: who may run it until when. Works the same on PGlite and PostgreSQL. */
export const jobLeases = pgTable("job_leases", {
  job: text("job").primaryKey(),
  holder: text("holder").notNull(),
  expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
});

/** The outcome of every run of a periodic job, for the Settings page and for debugging. */
export const jobRuns = pgTable(
  "job_runs",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    job: text("job").notNull(),
    holder: text("holder").notNull(),
    startedAt: timestamp("started_at", { withTimezone: true, mode: "date" }).notNull(),
    finishedAt: timestamp("finished_at", { withTimezone: true, mode: "date" }),
    durationMs: integer("duration_ms"),
    /** running | ok | error | abandoned */
    outcome: text("outcome").notNull(),
    error: text("error"),
  },
  (t) => [index("job_runs_job_started_idx").on(t.job, t.startedAt)],
);
