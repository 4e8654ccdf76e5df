/** An alert as the rule engine keeps it between evaluations, and its Prometheus states. */
import type { Labels } from "@/lib/model";
import type { StringMap } from "./types";

/** Prometheus's alert states; "inactive" alerts are resolved ones kept for a while. */
export type AlertState = "pending" | "firing" | "inactive";

/** One alert of one alerting rule: a distinct label set the rule's expression returned. */
export interface Alert {
  /** Identity within the rule: a hash of `labels` (see alertFingerprint). */
  fingerprint: string;
  /** The series' labels without `__name__`, plus the rule's (and group's) labels and `alertname`. */
  labels: Labels;
  /** The rule's annotations with their templates expanded for this alert. */
  annotations: StringMap;
  state: AlertState;
  /** The sample value at the latest evaluation that returned this alert. */
  value: number;
  /** When the expression first returned this label set (ms since the epoch). */
  activeAt: number;
  /** When it became firing; null while pending. */
  firedAt: number | null;
  /** When it resolved; null while pending or firing. */
  resolvedAt: number | null;
  /** Since when it has been kept firing by keep_firing_for after the expression stopped returning it. */
  keepFiringSince: number | null;
  /** When a notification was last queued for it while firing (for repeat_interval); null if never. */
  lastNotifiedAt: number | null;
}

/** A change of an alert that receivers are told about. */
export interface AlertTransition {
  alert: Alert;
  /** "firing": it started firing (or is re-sent after repeat_interval); "resolved": it stopped. */
  status: "firing" | "resolved";
}
