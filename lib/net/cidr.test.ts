import { describe, expect, it } from "vitest";
import { cidrContains, DEFAULT_DENY, parseCidr } from "./cidr";

describe("cidr", () => {
  it.each([
    ["169.254.0.0/16", "169.254.169.254", true],
    ["169.254.0.0/16", "169.255.0.1", false],
    ["169.254.0.0/16", "::ffff:169.254.169.254", true],
    ["10.0.0.0/8", "10.255.255.255", true],
    ["10.0.0.0/8", "11.0.0.0", false],
    ["fd00:ec2::254/128", "fd00:ec2::254", true],
    ["fd00:ec2::254/128", "fd00:ec2::253", false],
    ["fe80::/10", "fe80::1", true],
    ["fe80::/10", "fec0::1", false],
    ["0.0.0.0/0", "8.8.8.8", true],
    ["127.0.0.1", "127.0.0.1", true],
    ["::/0", "127.0.0.1", false],
  ])("%s contains %s: %s", (block, addr, want) => {
    expect(cidrContains(parseCidr(block), addr)).toBe(want);
  });

  it.each(["nope/8", "10.0.0.0/33", "10.0.0.0/x", "fe80::/129"])("rejects %s", (text) => {
    expect(() => parseCidr(text)).toThrow(/invalid CIDR/);
  });

  it("parses the default deny list", () => {
    expect(DEFAULT_DENY.map(parseCidr)).toHaveLength(3);
  });
});
