/** One JSON POST to a receiver under the outbound policy, with failures classified for retry. */
import { NOTIFICATION_IDS_HEADER } from "@/alerts/notifier/payload";
import { outboundRequest, type OutboundPolicy, type OutboundResponse } from "@/lib/net";
import { ReceiverError, retryableStatus } from "./receiver";

/** Headers the body and the notifier own; configured headers with these names are ignored. */
const RESERVED_HEADERS = new Set(["content-type", "content-length", NOTIFICATION_IDS_HEADER.toLowerCase(), "host"]);

/** How much of an error answer's body goes into the error message. */
const BODY_SNIPPET_CHARS = 200;

/** A POST of a JSON body to one receiver. */
export interface JsonPost {
  /** Names the receiver in error messages, e.g. `webhook receiver "ops"`. */
  label: string;
  url: URL;
  body: unknown;
  /** The X-Headroom-Notification-Ids value. */
  ids: string;
  headers?: Record<string, string>;
  policy: OutboundPolicy;
  signal?: AbortSignal;
}

/** A URL as errors may show it: scheme://host[:port] and "/…", never path, query or userinfo. */
export function redactUrl(url: URL): string {
  return `${url.origin}/…`;
}

/** Sends the POST; resolves on a 2xx answer and throws a ReceiverError otherwise. */
export async function postJson(p: JsonPost): Promise<void> {
  const where = `${p.label}: POST ${redactUrl(p.url)}`;
  if (p.signal?.aborted) throw new ReceiverError(`${where}: aborted before sending`, true, null);
  const body = JSON.stringify(p.body);
  const headers: Record<string, string> = { "User-Agent": "Headroom-Notifier" };
  for (const [k, v] of Object.entries(p.headers ?? {})) {
    if (!RESERVED_HEADERS.has(k.toLowerCase())) headers[k] = v;
  }
  headers["Content-Type"] = "application/json";
  headers["Content-Length"] = String(Buffer.byteLength(body));
  headers[NOTIFICATION_IDS_HEADER] = p.ids;

  let res: OutboundResponse;
  try {
    res = await untilAborted(outboundRequest(p.url.href, { method: "POST", headers, body }, p.policy), p.signal);
  } catch (err) {
    throw classify(err, where, p.url);
  }
  if (res.status >= 200 && res.status <= 299) return;
  const snippet = scrub(res.body.toString("utf8", 0, BODY_SNIPPET_CHARS * 4).slice(0, BODY_SNIPPET_CHARS).replace(/\s+/g, " ").trim(), p.url);
  throw new ReceiverError(`${where}: answered ${res.status}${snippet ? `: ${snippet}` : ""}`, retryableStatus(res.status), res.status);
}

/**
 * Rejects when the signal aborts. outboundRequest takes no signal, so the request itself runs on
 * until the policy's timeout; the caller is released at once.
 */
function untilAborted<T>(p: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return p;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new AbortedError());
    signal.addEventListener("abort", onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

class AbortedError extends Error {
  constructor() {
    super("aborted");
    this.name = "AbortedError";
  }
}

/**
 * Timeouts, aborts and network errors may pass on a later try; the policy's refusals (deny list,
 * redirect to another host, too many redirects, oversized answer) will not.
 */
function classify(err: unknown, where: string, url: URL): ReceiverError {
  const e = err instanceof Error ? err : new Error(String(err));
  const rawCode = (e as { code?: unknown }).code;
  const code = typeof rawCode === "string" && !e.message.includes(rawCode) ? ` (${rawCode})` : "";
  const message = scrub(e.message, url);
  if (e.name === "AbortedError") return new ReceiverError(`${where}: aborted`, true, null);
  if (e.name === "OutboundError") return new ReceiverError(`${where}: ${message}`, /^timed out\b/.test(e.message), null);
  return new ReceiverError(`${where}: ${message}${code}`, true, null);
}

/** Removes the URL's secret parts from text a server or the network stack produced. */
function scrub(text: string, url: URL): string {
  const secrets = [url.href, url.pathname + url.search, url.search, url.username, url.password, ...url.pathname.split("/"), ...url.searchParams.values()]
    // Short parts ("v2", "alerts") are not secrets, and scrubbing them would mangle the text.
    .filter((s) => s.length >= 8 && s !== url.origin)
    .sort((a, b) => b.length - a.length);
  let out = text;
  for (const s of secrets) out = out.split(s).join("…");
  return out;
}
