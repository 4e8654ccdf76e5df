/**
 * The deny list for URLs whose host is an IP literal. The guarded DNS lookup checks host names,
 * but Node does no lookup for an IP literal, so http://169.254.169.254/ would get through
 * without this check.
 */
import net from "node:net";
import { cidrContains, type Cidr } from "./cidr";

/** The deny-list block an IP-literal host lies in, or null (also for host names). */
export function deniedLiteral(url: URL, deny: readonly Cidr[]): Cidr | null {
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  if (net.isIP(host) === 0) return null;
  const forms = [host, ...mappedV4(host)];
  return deny.find((block) => forms.some((addr) => cidrContains(block, addr))) ?? null;
}

/** WHATWG URLs write IPv4-mapped IPv6 in hex (`::ffff:7f00:1`); cidrContains knows the dotted form. */
function mappedV4(host: string): string[] {
  const m = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(host);
  if (!m) return [];
  const hi = parseInt(m[1], 16);
  const lo = parseInt(m[2], 16);
  return [`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`];
}
