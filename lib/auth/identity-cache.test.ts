import { describe, expect, it } from "vitest";
import { IdentityCache } from "./identity-cache";
import type { Principal } from "./roles";

const alice: Principal = { userId: "u1", email: "a@x", name: "A", role: "viewer", via: "session" };

describe("IdentityCache", () => {
  it("looks up once within the time to live, again after it and after clear()", async () => {
    let clock = 0;
    let lookups = 0;
    const c = new IdentityCache(2_000, 10, () => clock);
    const lookup = async () => (lookups++, alice);
    await c.get("k", lookup);
    clock = 1_999;
    expect(await c.get("k", lookup)).toBe(alice);
    expect(lookups).toBe(1);
    clock = 2_000;
    await c.get("k", lookup);
    expect(lookups).toBe(2);
    c.clear();
    await c.get("k", lookup);
    expect(lookups).toBe(3);
  });

  it("never remembers a failed lookup", async () => {
    const c = new IdentityCache();
    let answer: Principal | null = null;
    expect(await c.get("k", async () => answer)).toBeNull();
    answer = alice;
    expect(await c.get("k", async () => answer)).toBe(alice);
  });
});
