/**
 * Evaluating one rule group at one time: each rule's expression runs against the datasource;
 * recording rules append their result to the embedded store; alerting rules go through the state
 * machine (state.ts), and each rule's new alert states and the notifications they call for are
 * written in one transaction, so a crash loses no transition and queues none twice.
 */
import { and, eq, notInArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { alertNotifications, alerts, ruleGroupEvals } from "@/db/schema";
import type { Datasource, QueryData } from "@/lib/datasource";
import { METRIC_NAME, type Labels } from "@/lib/model";
import type { AppendSample } from "@/lib/tsdb";
import type { Alert, AlertTransition } from "./alert";
import { nextAlerts, type EvalSample } from "./state";
import type { AlertingRule, RecordingRule, RuleGroup } from "./types";

/** What evaluation needs from outside. */
export interface EvalDeps {
  db: Db;
  datasource: Datasource;
  /** Where recording rules write; null when the datasource is not the embedded store. */
  appender: { appendScrape(batch: { samples: AppendSample[] }): Promise<unknown> } | null;
  /** Names of the receivers every notification goes to. */
  receivers: readonly string[];
  externalLabels: Labels;
  /** Headroom's own address, for the links in notifications. */
  externalURL: string;
  repeatIntervalMs: number;
  /** The group's query offset when it sets none. */
  defaultQueryOffsetMs?: number;
}

/** The outcome of one group evaluation: per-rule errors, and what changed. */
export interface GroupEvalResult {
  errors: { rule: string; message: string }[];
  transitions: number;
  recorded: number;
}

/**
 * The key a rule's alerts are stored under: file, group, place in the group and name. Several
 * rules of a group may share an alert name (a warning and a critical threshold), so the place
 * tells them apart; moving a rule within its group starts its alerts afresh.
 */
export function ruleKey(group: RuleGroup, index: number, name: string): string {
  return JSON.stringify([group.file, group.name, index, name]);
}

/** The key of a group in rule_group_evals. */
export function groupKey(group: RuleGroup): string {
  return JSON.stringify([group.file, group.name]);
}

function samplesOf(data: QueryData): EvalSample[] {
  if (data.resultType === "vector") return data.result.map((s) => ({ labels: s.metric, value: Number(s.value[1]) }));
  if (data.resultType === "scalar") return [{ labels: {}, value: Number(data.result[1]) }];
  throw new Error(`expression gives a ${data.resultType}, not an instant vector or a scalar`);
}

/** Evaluates every rule of `group` at `now` and records the evaluation. */
export async function evaluateGroup(deps: EvalDeps, group: RuleGroup, now: number): Promise<GroupEvalResult> {
  const started = Date.now();
  const result: GroupEvalResult = { errors: [], transitions: 0, recorded: 0 };
  const at = now - (group.queryOffsetMs ?? deps.defaultQueryOffsetMs ?? 0);
  for (const [index, rule] of group.rules.entries()) {
    try {
      const res = await deps.datasource.instantQuery(rule.expr, at);
      const samples = samplesOf(res.data);
      if (rule.kind === "record") result.recorded += await record(deps, group, rule, samples, now);
      else result.transitions += await alert(deps, group, ruleKey(group, index, rule.name), rule, samples, now);
    } catch (err) {
      result.errors.push({ rule: rule.name, message: err instanceof Error ? err.message : String(err) });
    }
  }
  const row = {
    group: groupKey(group),
    lastEvalAt: now,
    durationMs: Date.now() - started,
    lastError: result.errors.length ? result.errors.map((e) => `${e.rule}: ${e.message}`).join("; ") : null,
  };
  await deps.db
    .insert(ruleGroupEvals)
    .values(row)
    .onConflictDoUpdate({ target: ruleGroupEvals.group, set: { lastEvalAt: row.lastEvalAt, durationMs: row.durationMs, lastError: row.lastError } });
  return result;
}

async function record(deps: EvalDeps, group: RuleGroup, rule: RecordingRule, samples: EvalSample[], now: number): Promise<number> {
  if (!deps.appender) throw new Error("recording rules need the embedded store as their datasource");
  if (group.limit > 0 && samples.length > group.limit) throw new Error(`exceeded limit of ${group.limit} with ${samples.length} series`);
  const out: AppendSample[] = samples.map((s) => ({
    labels: { ...s.labels, ...group.labels, ...rule.labels, [METRIC_NAME]: rule.name },
    value: s.value,
    timestamp: now,
  }));
  if (out.length > 0) await deps.appender.appendScrape({ samples: out });
  return out.length;
}

function fromRow(r: typeof alerts.$inferSelect): Alert {
  return {
    fingerprint: r.fingerprint,
    labels: r.labels,
    annotations: r.annotations,
    state: r.state as Alert["state"],
    value: r.value,
    activeAt: r.activeAt,
    firedAt: r.firedAt,
    resolvedAt: r.resolvedAt,
    keepFiringSince: r.keepFiringSince,
    lastNotifiedAt: r.lastNotifiedAt,
  };
}

/** The alert as receivers are told about it. */
export function notifiedAlert(t: AlertTransition, rule: AlertingRule, externalURL: string) {
  const a = t.alert;
  return {
    fingerprint: a.fingerprint,
    labels: { ...a.labels },
    annotations: { ...a.annotations },
    startsAt: a.firedAt ?? a.activeAt,
    endsAt: t.status === "resolved" ? a.resolvedAt : null,
    value: a.value,
    generatorURL: `${externalURL.replace(/\/+$/, "")}/explore?expr=${encodeURIComponent(rule.expr)}`,
  };
}

async function alert(deps: EvalDeps, group: RuleGroup, key: string, rule: AlertingRule, samples: EvalSample[], now: number): Promise<number> {
  const previous = (await deps.db.select().from(alerts).where(eq(alerts.rule, key))).map(fromRow);
  const next = nextAlerts(rule, previous, samples, {
    now,
    externalLabels: deps.externalLabels,
    groupLabels: group.labels,
    repeatIntervalMs: deps.repeatIntervalMs,
    limit: group.limit,
  });
  await deps.db.transaction(async (tx) => {
    const keep = next.alerts.map((a) => a.fingerprint);
    await tx.delete(alerts).where(keep.length ? and(eq(alerts.rule, key), notInArray(alerts.fingerprint, keep)) : eq(alerts.rule, key));
    if (next.alerts.length > 0) {
      // One statement for all of the rule's alerts; a kept row takes the new values.
      const excluded = (column: string) => sql.raw(`excluded.${column}`);
      await tx
        .insert(alerts)
        .values(next.alerts.map((a) => ({ rule: key, ...a, labels: { ...a.labels }, annotations: { ...a.annotations } })))
        .onConflictDoUpdate({
          target: [alerts.rule, alerts.fingerprint],
          set: {
            labels: excluded("labels"),
            annotations: excluded("annotations"),
            state: excluded("state"),
            value: excluded("value"),
            activeAt: excluded("active_at"),
            firedAt: excluded("fired_at"),
            resolvedAt: excluded("resolved_at"),
            keepFiringSince: excluded("keep_firing_since"),
            lastNotifiedAt: excluded("last_notified_at"),
          },
        });
    }
    const queued = next.transitions.flatMap((t) =>
      deps.receivers.map((receiver) => ({
        receiver,
        status: t.status,
        rule: key,
        fingerprint: t.alert.fingerprint,
        alert: notifiedAlert(t, rule, deps.externalURL),
        createdAt: now,
        nextAttemptAt: now,
      })),
    );
    if (queued.length > 0) await tx.insert(alertNotifications).values(queued);
  });
  return next.transitions.length;
}
