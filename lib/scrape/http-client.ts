import fs from "node:fs/promises";
import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import dns from "node:dns";
import { SCRAPE_ACCEPT_HEADER } from "@/lib/exposition";
import { cidrContains, deniedLiteral, parseCidr, type Cidr } from "@/lib/net";
import { readBody } from "./body";
import { BodyLimitError, ScrapeError } from "./errors";
import type { ScrapeSettings } from "./types";

/** One HTTP scrape to perform. */
export interface ScrapeRequest {
  url: string;
  headers: Record<string, string>;
  timeoutMs: number;
  bodySizeLimit: number;
  insecureSkipVerify: boolean;
  /** CIDR blocks the host may not resolve to; checked on every connection, after DNS. */
  denyNetworks: readonly string[];
  /** Aborted when the target is removed or scraping stops (the timeout is separate). */
  signal: AbortSignal;
}

/** A successful response: the decoded body and its Content-Type. */
export interface ScrapeResponse {
  body: string;
  contentType: string | null;
  /** Body size after decompression. */
  bytes: number;
}

/** Performs scrapes; tests may substitute their own. */
export type Fetcher = (req: ScrapeRequest) => Promise<ScrapeResponse>;

/** Thrown when a scrape stops because its signal aborted (not because it timed out). */
export class ScrapeAbortedError extends Error {
  constructor() {
    super("scrape aborted");
    this.name = "ScrapeAbortedError";
  }
}

/**
 * The request headers Prometheus sends: Accept (OpenMetrics preferred, then text), gzip, the
 * timeout, and the configured credentials (files read on every scrape, so rotation just works).
 */
export async function scrapeHeaders(settings: ScrapeSettings, userAgent: string): Promise<Record<string, string>> {
  const headers: Record<string, string> = {
    accept: SCRAPE_ACCEPT_HEADER,
    "accept-encoding": "gzip",
    "user-agent": userAgent,
    "x-prometheus-scrape-timeout-seconds": String(settings.timeoutMs / 1000),
  };
  const secret = async (file: string, what: string) => {
    try {
      return (await fs.readFile(/*turbopackIgnore: true*/ file, "utf8")).trim();
    } catch (err) {
      throw new ScrapeError("http", `unable to read ${what} ${file}: ${(err as Error).message}`);
    }
  };
  const ba = settings.basicAuth;
  if (ba) {
    const password = ba.passwordFile ? await secret(ba.passwordFile, "password file") : (ba.password ?? "");
    headers.authorization = `Basic ${Buffer.from(`${ba.username}:${password}`).toString("base64")}`;
  }
  const az = settings.authorization;
  if (az) {
    const credentials = az.credentialsFile ? await secret(az.credentialsFile, "credentials file") : (az.credentials ?? "");
    headers.authorization = `${az.type} ${credentials}`;
  }
  return headers;
}

/** An HTTP(S) fetcher with keep-alive connections; close() drops idle ones. */
export function createHttpFetcher(): { fetch: Fetcher; close(): void } {
  const httpAgent = new http.Agent({ keepAlive: true });
  const httpsAgent = new https.Agent({ keepAlive: true });
  const fetch: Fetcher = async (req) => {
    if (req.signal.aborted) throw new ScrapeAbortedError();
    const url = parseTargetUrl(req.url);
    const secure = url.protocol === "https:";
    // One timer and one listener per scrape; destroying the request ends the response too.
    let request: http.ClientRequest | null = null;
    let timedOut = false;
    const stop = (err: Error) => request?.destroy(err);
    const timer = setTimeout(() => {
      timedOut = true;
      stop(new Error("timed out"));
    }, req.timeoutMs);
    const onAbort = () => stop(new Error("aborted"));
    req.signal.addEventListener("abort", onAbort, { once: true });
    try {
      // An IP literal is never looked up, so the deny list is checked here as well (lib/net's
      // check, which also knows the hex form URLs give IPv4-mapped IPv6 addresses).
      const literal = deniedLiteral(url, cidrs(req.denyNetworks));
      if (literal) {
        const address = url.hostname.replace(/^\[(.*)\]$/, "$1");
        throw new ScrapeError("http", `${url.hostname} resolves to ${address}, which is denied for this target (${literal.text})`);
      }
      const res = await new Promise<IncomingMessage>((resolve, reject) => {
        const lookup = req.denyNetworks.length > 0 ? guardedLookup(req.denyNetworks) : undefined;
        const options = { method: "GET", headers: req.headers, lookup, agent: secure ? httpsAgent : httpAgent };
        const r = secure
          ? https.request(url, { ...options, rejectUnauthorized: !req.insecureSkipVerify }, resolve)
          : http.request(url, options, resolve);
        request = r;
        r.on("error", reject);
        r.end();
      });
      if (res.statusCode !== 200) {
        res.destroy();
        throw new ScrapeError("http", `server returned HTTP status ${res.statusCode} ${res.statusMessage ?? ""}`.trim());
      }
      const encoding = res.headers["content-encoding"];
      const declared = Number(res.headers["content-length"]);
      if (encoding !== "gzip" && declared > req.bodySizeLimit) {
        res.destroy();
        throw new BodyLimitError(req.bodySizeLimit);
      }
      const body = await readBody(res, encoding, req.bodySizeLimit);
      return { body: body.toString("utf8"), contentType: res.headers["content-type"] ?? null, bytes: body.length };
    } catch (err) {
      if (timedOut) throw new ScrapeError("timeout", `scrape timed out after ${req.timeoutMs / 1000}s (scrape_timeout)`);
      if (req.signal.aborted) throw new ScrapeAbortedError();
      if (err instanceof ScrapeError) throw err;
      throw new ScrapeError("http", `GET ${req.url}: ${(err as Error).message}`);
    } finally {
      clearTimeout(timer);
      req.signal.removeEventListener("abort", onAbort);
    }
  };
  return {
    fetch,
    close() {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}

const parsedUrls = new Map<string, URL>();

/** The parsed URL of a target, parsed once: targets are scraped over and over. */
function parseTargetUrl(text: string): URL {
  let url = parsedUrls.get(text);
  if (!url) {
    if (parsedUrls.size >= 10_000) parsedUrls.clear();
    url = new URL(text);
    parsedUrls.set(text, url);
  }
  return url;
}

const parsedBlocks = new Map<string, Cidr>();

/** The deny list's blocks, each parsed once. */
function cidrs(blocks: readonly string[]): Cidr[] {
  return blocks.map((text) => {
    let block = parsedBlocks.get(text);
    if (!block) parsedBlocks.set(text, (block = parseCidr(text)));
    return block;
  });
}

/** Throws when `address` lies in one of the denied blocks. */
function denied(blocks: readonly string[], host: string, address: string): void {
  for (const block of cidrs(blocks)) {
    if (cidrContains(block, address)) throw new ScrapeError("http", `${host} resolves to ${address}, which is denied for this target (${block.text})`);
  }
}

function guardedLookup(blocks: readonly string[]): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, "", 4);
      try {
        for (const a of addresses) denied(blocks, hostname, a.address);
      } catch (e) {
        return callback(e as Error, "", 4);
      }
      if (options.all) return (callback as unknown as (e: null, list: dns.LookupAddress[]) => void)(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
}
