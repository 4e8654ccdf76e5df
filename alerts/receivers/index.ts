/** Receivers: where the notifier delivers notifications. One file per kind of channel. */
import type { OutboundPolicy } from "@/lib/net";
import { AlertmanagerReceiver } from "./alertmanager";
import type { Receiver, ReceiverConfig } from "./receiver";
import { WebhookReceiver } from "./webhook";

export { isReceiverError, ReceiverError, retryableStatus, type Receiver, type ReceiverConfig } from "./receiver";
export { redactUrl } from "./post-json";
export { AlertmanagerReceiver, alertmanagerAlertsUrl } from "./alertmanager";
export { WebhookReceiver } from "./webhook";

/**
 * Builds the receiver a configuration entry describes. Throws on a bad entry; the message names
 * the receiver and the field but never echoes the URL, which may hold a token.
 */
export function createReceiver(cfg: ReceiverConfig, deps: { policy: OutboundPolicy; externalURL: string }): Receiver {
  const where = `receiver "${cfg.name}"`;
  if (!cfg.name) throw new Error("receiver: name must not be empty");
  let url: URL;
  try {
    url = new URL(cfg.url);
  } catch {
    throw new Error(`${where}: url is not a valid URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error(`${where}: url must be http or https, not ${url.protocol}`);
  if (cfg.timeoutMs !== undefined && !(Number.isFinite(cfg.timeoutMs) && cfg.timeoutMs > 0)) {
    throw new Error(`${where}: timeoutMs must be a positive number`);
  }
  const policy = cfg.timeoutMs === undefined ? deps.policy : { ...deps.policy, timeoutMs: cfg.timeoutMs };
  switch (cfg.type) {
    case "webhook":
      return new WebhookReceiver({ name: cfg.name, url, headers: cfg.headers, policy, externalURL: deps.externalURL });
    case "alertmanager":
      return new AlertmanagerReceiver({ name: cfg.name, url, headers: cfg.headers, policy });
    default:
      throw new Error(`${where}: unknown type ${JSON.stringify((cfg as { type: unknown }).type)}`);
  }
}
