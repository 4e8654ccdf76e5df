import { bigint, bigserial, boolean, customType, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => "bytea" });

/**
 * One benchmark run. `summary` and `capacity` are written in the same statement that sets
 * status "done", so a run that died midway has none; a "running" row whose heartbeat is old
 * was interrupted (the process crashed or was killed). Runs started from the Benchmarks page
 * are inserted "queued" with their request in `spec`; a bench worker claims them.
 */
export const benchRuns = pgTable(
  "bench_runs",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    /** queued | running | done | failed | canceled */
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
    /** The request a queued run was started with (lib/bench QueuedSpec, no secrets); null for CLI runs. */
    spec: jsonb("spec").$type<Record<string, unknown>>(),
    /** The run's API key sealed with lib/secrets; cleared when the run ends. */
    apiKeySealed: text("api_key_sealed"),
    /** Who started it from the page or API (user id and email); null for CLI runs. */
    requestedById: text("requested_by_id"),
    requestedBy: text("requested_by"),
    /** Live progress of a running run (lib/bench RunProgress), written about once a second. */
    progress: jsonb("progress").$type<Record<string, unknown>>(),
    /** Set when someone asks a running run to stop; the worker sees it within a second. */
    cancelRequestedAt: timestamp("cancel_requested_at", { withTimezone: true, mode: "date" }),
    /** True when the model is a Headroom-synthesised GGUF (random weights). */
    synthetic: boolean("synthetic").notNull().default(false),
  },
  (t) => [
    index("bench_runs_started_idx").on(t.startedAt),
    index("bench_runs_target_model_idx").on(t.target, t.model),
    index("bench_runs_status_idx").on(t.status),
  ],
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
