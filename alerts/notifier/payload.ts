/**
 * What receivers send: Alertmanager's webhook body (version "4") and the body of Alertmanager's
 * `POST /api/v2/alerts`, built from queued notifications. Pure: times come in the notifications.
 */

/** One alert as a notification carries it, frozen when the notification was queued. */
export interface NotifiedAlert {
  fingerprint: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** When it started firing (ms since the epoch). */
  startsAt: number;
  /** When it resolved (ms since the epoch); null while firing. */
  endsAt: number | null;
  value: number;
  generatorURL: string;
}

/** One queued message to one receiver about one alert. */
export interface Notification {
  /** The outbox id: stable across redeliveries, so receivers can deduplicate. */
  id: number;
  receiver: string;
  status: "firing" | "resolved";
  alert: NotifiedAlert;
  /** When it was queued (ms since the epoch). */
  createdAt: number;
}

/** The request header listing the ids of the notifications a request carries. */
export const NOTIFICATION_IDS_HEADER = "X-Headroom-Notification-Ids";

/** Go's zero time as Alertmanager serializes it: the endsAt of a firing alert in a webhook. */
export const ZERO_TIME = "0001-01-01T00:00:00Z";

/** The value of the X-Headroom-Notification-Ids header for a batch: its ids, comma-separated. */
export function notificationIds(batch: readonly Notification[]): string {
  return batch.map((n) => n.id).join(",");
}

/** Alertmanager's webhook body (format version "4") for one batch to one receiver. */
export function webhookPayload(receiver: string, batch: readonly Notification[], opts: { externalURL: string; groupKey?: string }): object {
  const groupLabels = groupLabelsOf(batch);
  return {
    version: "4",
    groupKey: opts.groupKey ?? `{}:${labelsString(groupLabels)}`,
    truncatedAlerts: 0,
    status: batch.some((n) => n.status === "firing") ? "firing" : "resolved",
    receiver,
    groupLabels,
    commonLabels: commonPairs(batch.map((n) => n.alert.labels)),
    commonAnnotations: commonPairs(batch.map((n) => n.alert.annotations)),
    externalURL: opts.externalURL,
    alerts: batch.map((n) => ({
      status: n.status,
      labels: sorted(n.alert.labels),
      annotations: sorted(n.alert.annotations),
      startsAt: iso(n.alert.startsAt),
      // Alertmanager zeroes endsAt of alerts still firing when it flushes a group.
      endsAt: n.status === "firing" ? ZERO_TIME : iso(resolvedAt(n)),
      generatorURL: n.alert.generatorURL,
      fingerprint: n.alert.fingerprint,
    })),
  };
}

/** The body of Alertmanager's `POST /api/v2/alerts` (postableAlerts) for one batch. */
export function alertmanagerAlerts(batch: readonly Notification[]): object[] {
  return batch.map((n) => ({
    labels: sorted(n.alert.labels),
    annotations: sorted(n.alert.annotations),
    startsAt: iso(n.alert.startsAt),
    // Omitted while firing: Alertmanager then keeps the alert active for its resolve_timeout.
    ...(n.status === "resolved" ? { endsAt: iso(resolvedAt(n)) } : {}),
    generatorURL: n.alert.generatorURL,
  }));
}

/** A resolved notification whose alert lost its end time still needs one: when it was queued. */
function resolvedAt(n: Notification): number {
  return n.alert.endsAt ?? n.createdAt;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * Alertmanager's groupLabels are a route's group_by labels. Headroom does not group yet, so
 * this is {alertname} when the batch shares one alertname, and {} otherwise.
 */
function groupLabelsOf(batch: readonly Notification[]): Record<string, string> {
  const names = new Set(batch.map((n) => n.alert.labels.alertname));
  const [only] = names;
  return names.size === 1 && only !== undefined ? { alertname: only } : {};
}

/** Pairs with the same value in every map; {} for no maps. */
function commonPairs(maps: readonly Record<string, string>[]): Record<string, string> {
  if (maps.length === 0) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(sorted(maps[0]))) {
    if (maps.every((m) => Object.hasOwn(m, k) && m[k] === v)) out[k] = v;
  }
  return out;
}

/** Keys in order, as Go marshals a map, so bodies are byte-for-byte reproducible. */
function sorted(m: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(m).sort()) out[k] = m[k];
  return out;
}

/** Prometheus's text form of a label set, `{a="1", b="2"}`, as Alertmanager's group keys use. */
function labelsString(labels: Record<string, string>): string {
  const parts = Object.keys(labels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`);
  return `{${parts.join(", ")}}`;
}
