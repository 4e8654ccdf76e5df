import { sql } from "drizzle-orm";
import { bigint, bigserial, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text } from "drizzle-orm/pg-core";

/**
 * The state of every pending, firing or recently resolved alert, per rule. It is rewritten in the
 * same transaction as the notifications its changes queue, so a crash never loses a transition or
 * queues one twice; a restart carries on from it instead of starting every `for` again.
 */
export const alerts = pgTable(
  "alerts",
  {
    /** The rule: `[file, group, index in the group, name]` as JSON (see alerts/rules/evaluate.ts). */
    rule: text("rule").notNull(),
    fingerprint: text("fingerprint").notNull(),
    labels: jsonb("labels").$type<Record<string, string>>().notNull(),
    annotations: jsonb("annotations").$type<Record<string, string>>().notNull(),
    /** pending | firing | inactive */
    state: text("state").notNull(),
    value: doublePrecision("value").notNull(),
    activeAt: bigint("active_at", { mode: "number" }).notNull(),
    firedAt: bigint("fired_at", { mode: "number" }),
    resolvedAt: bigint("resolved_at", { mode: "number" }),
    keepFiringSince: bigint("keep_firing_since", { mode: "number" }),
    lastNotifiedAt: bigint("last_notified_at", { mode: "number" }),
  },
  (t) => [primaryKey({ columns: [t.rule, t.fingerprint] })],
);

/** When each rule group was last evaluated, so a restarted worker neither skips nor repeats a slot. */
export const ruleGroupEvals = pgTable("rule_group_evals", {
  /** `[file, group]` as JSON. */
  group: text("group").primaryKey(),
  lastEvalAt: bigint("last_eval_at", { mode: "number" }).notNull(),
  durationMs: integer("duration_ms").notNull(),
  /** The last evaluation's error per rule name, or null when every rule evaluated. */
  lastError: text("last_error"),
});

/**
 * The notification outbox: one row per alert transition and receiver, written with the alert's
 * new state. The notify job delivers due rows and marks them; a crash between sending and marking
 * sends that row again, which is the at-least-once case and the only one.
 */
export const alertNotifications = pgTable(
  "alert_notifications",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    receiver: text("receiver").notNull(),
    /** firing | resolved */
    status: text("status").notNull(),
    rule: text("rule").notNull(),
    fingerprint: text("fingerprint").notNull(),
    /** The alert as it was at the transition (labels, annotations, times, value, generator URL). */
    alert: jsonb("alert").notNull(),
    createdAt: bigint("created_at", { mode: "number" }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: bigint("next_attempt_at", { mode: "number" }).notNull(),
    deliveredAt: bigint("delivered_at", { mode: "number" }),
    /** Set when delivery was given up (a non-retryable answer, or retries ran out). */
    failedAt: bigint("failed_at", { mode: "number" }),
    lastError: text("last_error"),
  },
  (t) => [index("alert_notifications_due_idx").on(t.nextAttemptAt).where(sql`delivered_at IS NULL AND failed_at IS NULL`)],
);
