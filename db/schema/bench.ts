import { bigint, bigserial, customType, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => "bytea" });

/**
 * One benchmark run. `summary` and `capacity` are written in the same statement that sets
 * status "done", so a run that died midway has none; a "running" row whose heartbeat is old
 * was interrupted (the process crashed or was killed).
 */
export const benchRuns = pgTable(
  "bench_runs",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    /** running | done | failed | canceled */
    status: text("status").notNull(),
    /** The endpoint URL (without credentials) or the model file. */
    target: text("target").notNull(),
    model: text("model"),
    /** The plan: levels, stop conditions, request shape, SLO, seed (lib/bench planConfig). */
    config: jsonb("config").$type<Record<string, unknown>>().notNull(),
    startedAt: timestamp("started_at", { withTimezone: true, mode: "date" }).notNull(),
    heartbeatAt: timestamp("heartbeat_at", { withTimezone: true, mode: "date" }).notNull(),
    finishedAt: timestamp("finished_at", { withTimezone: true, mode: "date" }),
    summary: jsonb("summary").$type<Record<string, unknown>>(),
    /** lib/bench Capacity, or null when the sweep named none (see summary.capacityReason). */
    capacity: jsonb("capacity").$type<Record<string, unknown>>(),
    /** Requests per second one replica carries under the SLO: capacity.requestsPerSecond, for queries. */
    capacityRps: doublePrecision("capacity_rps"),
    error: text("error"),
  },
  (t) => [index("bench_runs_started_idx").on(t.startedAt), index("bench_runs_target_model_idx").on(t.target, t.model)],
);

/** One load level of a run, written when the level finishes. */
export const benchLevels = pgTable(
  "bench_levels",
  {
    runId: bigint("run_id", { mode: "number" })
      .notNull()
      .references(() => benchRuns.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    /** concurrency | rate | trace */
    kind: text("kind").notNull(),
    /** The concurrency, rate (requests/s) or trace time scale. */
    load: doublePrecision("load").notNull(),
    label: text("label").notNull(),
    startedAt: timestamp("started_at", { withTimezone: true, mode: "date" }).notNull(),
    finishedAt: timestamp("finished_at", { withTimezone: true, mode: "date" }).notNull(),
    stopReason: text("stop_reason").notNull(),
    /** lib/bench LevelSummary. */
    summary: jsonb("summary").$type<Record<string, unknown>>().notNull(),
    /** Raw per-request timings, gzip-compressed JSON (lib/bench encodeRecords); null when not kept. */
    records: bytea("records"),
  },
  (t) => [primaryKey({ columns: [t.runId, t.position] })],
);
