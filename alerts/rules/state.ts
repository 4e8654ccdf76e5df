/**
 * The alert state machine of Prometheus's alerting rules (pending, firing, inactive), as a pure
 * function of the rule, the alerts kept from the previous evaluation, the samples and `now`.
 */
import { createHash } from "node:crypto";
import { METRIC_NAME, type Labels } from "@/lib/model";
import type { Alert, AlertTransition } from "./alert";
import { expandTemplate, type TemplateData } from "./template";
import type { AlertingRule, StringMap } from "./types";

/** One series the rule's expression returned at this evaluation. */
export interface EvalSample {
  labels: Labels;
  value: number;
}

/** What one evaluation needs besides the rule, the previous alerts and the samples. */
export interface StateOptions {
  /** The evaluation time, ms since the epoch. */
  now: number;
  /** The external labels, for `$externalLabels` in templates. */
  externalLabels?: Labels;
  /** The group's labels; a rule's own labels win. */
  groupLabels?: StringMap;
  /** How long resolved (inactive) alerts are kept; 15 minutes by default, as in Prometheus. */
  resolvedRetentionMs?: number;
  /** Re-notify a still-firing alert after this long; 4 hours by default; 0 means never. */
  repeatIntervalMs?: number;
  /** The group's limit: above this many pending or firing alerts the evaluation fails; 0 means none. */
  limit?: number;
}

/** The alerts to keep after one evaluation and the transitions receivers must hear about. */
export interface NextAlerts {
  alerts: Alert[];
  transitions: AlertTransition[];
}

/** Thrown when a rule has more pending or firing alerts than its group's limit allows. */
export class AlertLimitError extends Error {
  /** The group's limit. */
  readonly limit: number;
  /** How many pending or firing alerts the evaluation produced. */
  readonly count: number;

  constructor(limit: number, count: number) {
    super(`exceeded limit of ${limit} with ${count} alerts`);
    this.name = "AlertLimitError";
    this.limit = limit;
    this.count = count;
  }
}

const DEFAULT_RESOLVED_RETENTION_MS = 15 * 60_000;
const DEFAULT_REPEAT_INTERVAL_MS = 4 * 3_600_000;

/** A stable, order-independent identity for a label set: 16 hex digits of a SHA-256. */
export function alertFingerprint(labels: Labels): string {
  // JSON keeps names and values apart whatever characters they contain.
  const pairs = Object.keys(labels).sort().map((name) => [name, labels[name]]);
  return createHash("sha256").update(JSON.stringify(pairs)).digest("hex").slice(0, 16);
}

/**
 * Computes one evaluation of an alerting rule: the alerts to keep (sorted by fingerprint) and the
 * firing/resolved transitions. Throws on a duplicate alert label set or an exceeded limit.
 */
export function nextAlerts(
  rule: AlertingRule,
  previous: readonly Alert[],
  samples: readonly EvalSample[],
  opts: StateOptions,
): NextAlerts {
  const { now } = opts;
  const retentionMs = opts.resolvedRetentionMs ?? DEFAULT_RESOLVED_RETENTION_MS;
  const repeatMs = opts.repeatIntervalMs ?? DEFAULT_REPEAT_INTERVAL_MS;
  const returned = sampleAlerts(rule, samples, opts);
  const before = new Map(previous.map((a) => [a.fingerprint, a]));

  const alerts: Alert[] = [];
  const transitions: AlertTransition[] = [];
  for (const [fingerprint, seen] of returned) {
    const old = before.get(fingerprint);
    // A resolved alert that comes back is a new alert: it has to wait out `for` again.
    alerts.push(
      old && old.state !== "inactive"
        ? { ...old, ...seen, keepFiringSince: null }
        : { fingerprint, ...seen, state: "pending", activeAt: now, firedAt: null, resolvedAt: null, keepFiringSince: null,
            lastNotifiedAt: null },
    );
  }
  for (const old of before.values()) {
    if (returned.has(old.fingerprint) || old.state === "pending") continue;
    const alert: Alert = { ...old, labels: { ...old.labels }, annotations: { ...old.annotations } };
    if (alert.state === "inactive") {
      if (alert.resolvedAt !== null && now - alert.resolvedAt < retentionMs) alerts.push(alert);
      continue;
    }
    // keep_firing_for counts from the first evaluation that no longer returned the alert.
    const since = alert.keepFiringSince ?? now;
    if (rule.keepFiringForMs > 0 && now - since < rule.keepFiringForMs) {
      alerts.push({ ...alert, keepFiringSince: since });
      continue;
    }
    const resolved: Alert = { ...alert, state: "inactive", resolvedAt: now, keepFiringSince: null };
    alerts.push(resolved);
    transitions.push({ alert: resolved, status: "resolved" });
  }

  for (const alert of alerts) {
    if (alert.state === "pending" && now - alert.activeAt >= rule.forMs) {
      alert.state = "firing";
      alert.firedAt = now;
      alert.lastNotifiedAt = now;
      transitions.push({ alert, status: "firing" });
    } else if (alert.state === "firing" && repeatMs > 0 && alert.lastNotifiedAt !== null &&
      now - alert.lastNotifiedAt >= repeatMs) {
      alert.lastNotifiedAt = now;
      transitions.push({ alert, status: "firing" });
    }
  }

  const limit = opts.limit ?? 0;
  const active = alerts.filter((a) => a.state !== "inactive").length;
  if (limit > 0 && active > limit) throw new AlertLimitError(limit, active);
  const byFingerprint = (a: Alert, b: Alert) => (a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0);
  alerts.sort(byFingerprint);
  transitions.sort((a, b) => byFingerprint(a.alert, b.alert));
  return { alerts, transitions };
}

type Seen = Pick<Alert, "labels" | "annotations" | "value">;

// The alert each sample stands for, keyed by fingerprint, with labels and annotations expanded.
function sampleAlerts(rule: AlertingRule, samples: readonly EvalSample[], opts: StateOptions): Map<string, Seen> {
  const out = new Map<string, Seen>();
  for (const sample of samples) {
    const series = Object.fromEntries(Object.entries(sample.labels).filter(([name]) => name !== METRIC_NAME));
    const data: TemplateData = { labels: series, value: sample.value, externalLabels: opts.externalLabels };
    // A Map, not an object, so that a label named like an Object.prototype member stays a label.
    const labels = new Map(Object.entries(series));
    for (const [name, text] of Object.entries({ ...opts.groupLabels, ...rule.labels })) {
      const value = expandTemplate(text, data);
      if (value === "") labels.delete(name);
      else labels.set(name, value);
    }
    labels.set("alertname", rule.name);
    const sorted = Object.fromEntries([...labels].sort(([a], [b]) => (a < b ? -1 : 1)));
    const fingerprint = alertFingerprint(sorted);
    if (out.has(fingerprint)) throw new Error("vector contains metrics with the same labelset after applying alert labels");
    const annotations = Object.fromEntries(Object.entries(rule.annotations).map(([name, text]) => [name, expandTemplate(text, data)]));
    out.set(fingerprint, { labels: sorted, annotations, value: sample.value });
  }
  return out;
}
