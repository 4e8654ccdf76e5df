import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { cidrContains, parseCidr, type Cidr } from "./cidr";
import { deniedLiteral } from "./literal-deny";

/** Limits for one outbound request. */
export interface OutboundPolicy {
  /** Blocks refused at connect time, after DNS resolution (so DNS rebinding cannot dodge them). */
  deny: Cidr[];
  timeoutMs: number;
  maxResponseBytes: number;
  /** Redirects followed, and only to the same host. */
  maxRedirects: number;
  insecureSkipVerify?: boolean;
}

/** A request refused by the policy or stopped by a limit; the message says which. */
export class OutboundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OutboundError";
  }
}

/** The policy from configuration: deny-list strings are parsed here, once. */
export function outboundPolicy(opts: { deny: string[]; timeoutMs?: number; maxResponseBytes?: number; maxRedirects?: number }): OutboundPolicy {
  return {
    deny: opts.deny.map(parseCidr),
    timeoutMs: opts.timeoutMs ?? 10_000,
    maxResponseBytes: opts.maxResponseBytes ?? 10 * 1024 * 1024,
    maxRedirects: opts.maxRedirects ?? 3,
  };
}

/** The response of an outbound request, body read in full within the size limit. */
export interface OutboundResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function guardedLookup(deny: Cidr[]): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, "", 4);
      const list = addresses as dns.LookupAddress[];
      for (const a of list) {
        const block = deny.find((b) => cidrContains(b, a.address));
        if (block) return callback(new OutboundError(`${hostname} resolves to ${a.address}, which is denied (${block.text})`), "", 4);
      }
      if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      callback(null, list[0].address, list[0].family);
    });
  };
}

/**
 * Sends an HTTP(S) request under the policy: deny list checked on every connection, a total
 * timeout, a response size cap, and redirects only within the same host.
 */
export async function outboundRequest(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string | Buffer },
  policy: OutboundPolicy,
): Promise<OutboundResponse> {
  let current = new URL(url);
  const originalHost = current.host;
  for (let hop = 0; ; hop++) {
    if (current.protocol !== "http:" && current.protocol !== "https:") throw new OutboundError(`unsupported scheme ${current.protocol}`);
    const res = await once(current, init, policy);
    const location = res.headers.location;
    if (res.status >= 300 && res.status < 400 && location) {
      const next = new URL(location, current);
      if (next.host !== originalHost) throw new OutboundError(`redirect to another host (${next.host}) refused`);
      if (hop >= policy.maxRedirects) throw new OutboundError(`more than ${policy.maxRedirects} redirects`);
      current = next;
      continue;
    }
    return res;
  }
}

function once(url: URL, init: { method?: string; headers?: Record<string, string>; body?: string | Buffer }, policy: OutboundPolicy): Promise<OutboundResponse> {
  const mod = url.protocol === "https:" ? https : http;
  const literal = deniedLiteral(url, policy.deny);
  if (literal) return Promise.reject(new OutboundError(`${url.hostname} is denied (${literal.text})`));
  return new Promise((resolve, reject) => {
    const req = mod.request(
      url,
      {
        method: init.method ?? "GET",
        headers: init.headers,
        lookup: guardedLookup(policy.deny),
        rejectUnauthorized: !policy.insecureSkipVerify,
        timeout: policy.timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (c: Buffer) => {
          size += c.length;
          if (size > policy.maxResponseBytes) {
            req.destroy(new OutboundError(`response larger than ${policy.maxResponseBytes} bytes`));
            return;
          }
          chunks.push(c);
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on("error", reject);
      },
    );
    // A total deadline, not just an idle timeout: a server that trickles bytes is stopped too.
    const deadline = setTimeout(() => req.destroy(new OutboundError(`timed out after ${policy.timeoutMs} ms`)), policy.timeoutMs);
    req.on("close", () => clearTimeout(deadline));
    req.on("timeout", () => req.destroy(new OutboundError(`timed out after ${policy.timeoutMs} ms`)));
    req.on("error", reject);
    if (init.body !== undefined) req.write(init.body);
    req.end();
  });
}
