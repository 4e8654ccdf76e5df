/**
 * Outbound rules for benchmark targets started from the page or the API: the networks a target
 * may not be in (link-local and cloud metadata by default, as for webhooks and datasources),
 * checked on every connection after DNS resolution so that rebinding cannot dodge them.
 */
import dns from "node:dns";
import net, { type LookupFunction } from "node:net";
import { cidrContains, DEFAULT_DENY, parseCidr, type Cidr } from "@/lib/net";

/** Networks a page-started benchmark may not connect to. */
export const BENCH_DENY = DEFAULT_DENY;

/** The first denied block containing `address`, or null. */
function deniedBy(blocks: readonly Cidr[], address: string): Cidr | null {
  return blocks.find((b) => cidrContains(b, address)) ?? null;
}

/** A DNS lookup that fails when any address of the host lies in a denied network. */
export function denyingLookup(deny: readonly string[] = BENCH_DENY): LookupFunction {
  const blocks = deny.map(parseCidr);
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, "", 4);
      const list = addresses as dns.LookupAddress[];
      for (const a of list) {
        const block = deniedBy(blocks, a.address);
        if (block) return callback(new Error(`${hostname} resolves to ${a.address}, which is denied (${block.text})`), "", 4);
      }
      if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      callback(null, list[0].address, list[0].family);
    });
  };
}

/**
 * Throws when the URL's host is an IP address in a denied network. Connections to an IP
 * literal never consult the lookup, so this check is made before anything is sent.
 */
export function assertHostAllowed(url: string, deny: readonly string[] = BENCH_DENY): void {
  const host = new URL(url).hostname.replace(/^\[(.*)\]$/, "$1");
  if (net.isIP(host) === 0) return;
  const block = deniedBy(deny.map(parseCidr), host);
  if (block) throw new Error(`${host} is in a denied network (${block.text})`);
}
