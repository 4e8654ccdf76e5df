import net from "node:net";

/** A parsed CIDR block. */
export interface Cidr {
  family: 4 | 6;
  bits: bigint;
  prefix: number;
  text: string;
}

/** Addresses Headroom refuses by default for webhooks and datasources: link-local and cloud metadata. */
export const DEFAULT_DENY = ["169.254.0.0/16", "fe80::/10", "fd00:ec2::254/128"];

/** Parses `a.b.c.d/n` or `x::y/n`; throws naming the bad entry. */
export function parseCidr(text: string): Cidr {
  const [addr, prefixText] = text.split("/");
  const family = net.isIP(addr);
  if (family === 0) throw new Error(`invalid CIDR "${text}": not an IP address`);
  const max = family === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) throw new Error(`invalid CIDR "${text}": prefix must be 0-${max}`);
  return { family: family as 4 | 6, bits: ipToBigInt(addr), prefix, text };
}

/** True when the address lies in the block (IPv4-mapped IPv6 addresses count as IPv4). */
export function cidrContains(block: Cidr, address: string): boolean {
  let addr = address;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(addr);
  if (mapped) addr = mapped[1];
  const family = net.isIP(addr);
  if (family !== block.family) return false;
  const width = family === 4 ? 32 : 128;
  const shift = BigInt(width - block.prefix);
  return ipToBigInt(addr) >> shift === block.bits >> shift;
}

function ipToBigInt(addr: string): bigint {
  if (net.isIPv4(addr)) return addr.split(".").reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
  // Expand "::" and a trailing dotted quad into eight 16-bit groups.
  let text = addr;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const v4 = ipToBigInt(dotted[1]);
    text = text.slice(0, -dotted[1].length) + `${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head, tail] = text.split("::");
  const headParts = head ? head.split(":") : [];
  const tailParts = tail !== undefined && tail !== "" ? tail.split(":") : [];
  const missing = 8 - headParts.length - tailParts.length;
  const parts = tail === undefined ? headParts : [...headParts, ...Array(missing).fill("0"), ...tailParts];
  return parts.reduce((acc, p) => (acc << 16n) | BigInt(parseInt(p, 16)), 0n);
}
