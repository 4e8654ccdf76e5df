/** The generic webhook receiver: Alertmanager's webhook body, so existing webhook consumers work. */
import { notificationIds, webhookPayload, type Notification } from "@/alerts/notifier/payload";
import type { OutboundPolicy } from "@/lib/net";
import { postJson } from "./post-json";
import type { Receiver } from "./receiver";

/** Options of a webhook receiver; `url` is validated by createReceiver. */
export interface WebhookOptions {
  name: string;
  url: URL;
  headers?: Record<string, string>;
  policy: OutboundPolicy;
  externalURL: string;
}

/** A receiver that POSTs each batch as an Alertmanager webhook (version "4") body. */
export class WebhookReceiver implements Receiver {
  readonly name: string;

  constructor(private readonly opts: WebhookOptions) {
    this.name = opts.name;
  }

  async send(batch: readonly Notification[], signal?: AbortSignal): Promise<void> {
    if (batch.length === 0) return;
    await postJson({
      label: `webhook receiver "${this.name}"`,
      url: this.opts.url,
      body: webhookPayload(this.name, batch, { externalURL: this.opts.externalURL }),
      ids: notificationIds(batch),
      headers: this.opts.headers,
      policy: this.opts.policy,
      signal,
    });
  }
}
