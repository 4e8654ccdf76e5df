/** The receiver interface every notification channel implements, and its error. */
import type { Notification } from "@/alerts/notifier/payload";

/** One configured receiver, as the configuration file names it. */
export interface ReceiverConfig {
  name: string;
  type: "webhook" | "alertmanager";
  /** A secret: webhook tokens live in URLs, so it never appears in errors or logs. */
  url: string;
  /** Overrides the outbound policy's timeout for this receiver. */
  timeoutMs?: number;
  /** Extra request headers (Authorization, say); the body's own headers cannot be replaced. */
  headers?: Record<string, string>;
}

/** A channel that delivers a batch of notifications to one place. */
export interface Receiver {
  readonly name: string;
  /**
   * Delivers the batch; resolves only on a 2xx answer and throws a ReceiverError otherwise.
   * An empty batch sends nothing.
   */
  send(batch: readonly Notification[], signal?: AbortSignal): Promise<void>;
}

/** A failed delivery: `retryable` says whether sending the same batch again may succeed. */
export class ReceiverError extends Error {
  readonly retryable: boolean;
  /** The HTTP status the receiver answered with; null when no answer came. */
  readonly status: number | null;

  constructor(message: string, retryable: boolean, status: number | null) {
    super(message);
    this.name = "ReceiverError";
    this.retryable = retryable;
    this.status = status;
  }
}

/**
 * True for a ReceiverError, also one made by another copy of this module: Next.js bundles the
 * runtime and each route separately, so `instanceof` is not enough.
 */
export function isReceiverError(err: unknown): err is ReceiverError {
  return err instanceof Error && err.name === "ReceiverError" && typeof (err as { retryable?: unknown }).retryable === "boolean";
}

/** Whether an HTTP status is worth retrying, as Alertmanager decides: 5xx and 429 are. */
export function retryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599);
}
