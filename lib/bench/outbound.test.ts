import { describe, expect, it } from "vitest";
import { assertHostAllowed, denyingLookup } from "./outbound";

describe("assertHostAllowed", () => {
  it.each([
    ["http://10.0.0.5:8000", null],
    ["http://127.0.0.1:8000", null],
    ["http://vllm.internal:8000", null],
    ["http://169.254.169.254/latest/meta-data", /169\.254\.169\.254 is in a denied network \(169\.254\.0\.0\/16\)/],
    ["http://[fe80::1]:80", /fe80::1 is in a denied network/],
    ["http://[fd00:ec2::254]/", /denied network \(fd00:ec2::254\/128\)/],
  ])("%s", (url, want) => {
    if (want === null) expect(() => assertHostAllowed(url)).not.toThrow();
    else expect(() => assertHostAllowed(url)).toThrow(want);
  });
});

describe("denyingLookup", () => {
  const lookup = (deny: string[], host: string) =>
    new Promise<string>((resolve, reject) => denyingLookup(deny)(host, {}, (err, address) => (err ? reject(err) : resolve(String(address)))));

  it("refuses a name that resolves into a denied network, after resolution", async () => {
    await expect(lookup(["127.0.0.0/8", "::1/128"], "localhost")).rejects.toThrow(/localhost resolves to .*, which is denied/);
  });

  it("passes other names through", async () => {
    expect(await lookup(["169.254.0.0/16"], "localhost")).toMatch(/^(127\.0\.0\.1|::1)$/);
  });
});
