/**
 * Hands alerts to a real Alertmanager through its API v2, for teams that already route, silence
 * and inhibit there and use Headroom only to evaluate rules.
 */
import { alertmanagerAlerts, notificationIds, type Notification } from "@/alerts/notifier/payload";
import type { OutboundPolicy } from "@/lib/net";
import { postJson } from "./post-json";
import type { Receiver } from "./receiver";

/** Options of an Alertmanager receiver; `url` is the Alertmanager's base URL. */
export interface AlertmanagerOptions {
  name: string;
  url: URL;
  headers?: Record<string, string>;
  policy: OutboundPolicy;
}

/** The API v2 alerts endpoint under a base URL, keeping any path prefix and query. */
export function alertmanagerAlertsUrl(base: URL): URL {
  const u = new URL(base.href);
  u.pathname = `${u.pathname.replace(/\/+$/, "")}/api/v2/alerts`;
  return u;
}

/** A receiver that POSTs each batch to Alertmanager's `/api/v2/alerts`. */
export class AlertmanagerReceiver implements Receiver {
  readonly name: string;
  private readonly endpoint: URL;

  constructor(private readonly opts: AlertmanagerOptions) {
    this.name = opts.name;
    this.endpoint = alertmanagerAlertsUrl(opts.url);
  }

  async send(batch: readonly Notification[], signal?: AbortSignal): Promise<void> {
    if (batch.length === 0) return;
    await postJson({
      label: `alertmanager receiver "${this.name}"`,
      url: this.endpoint,
      body: alertmanagerAlerts(batch),
      ids: notificationIds(batch),
      headers: this.opts.headers,
      policy: this.opts.policy,
      signal,
    });
  }
}
