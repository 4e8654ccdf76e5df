import { describe, expect, it } from "vitest";
import { assertRole, AuthError, bearerToken, csrfAllows, isPublicPath, LoginThrottle, roleAllows } from "./index";

const h = (init: Record<string, string>) => new Headers(init);

describe("roles", () => {
  it.each([
    ["viewer", "viewer", true],
    ["viewer", "editor", false],
    ["editor", "viewer", true],
    ["editor", "admin", false],
    ["admin", "editor", true],
  ] as const)("%s may act as %s: %s", (have, need, ok) => {
    expect(roleAllows(have, need)).toBe(ok);
  });

  it("assertRole gives 401 without a principal and 403 without the role", () => {
    expect(() => assertRole(null, "viewer")).toThrow(expect.objectContaining({ status: 401 }));
    const viewer = { userId: "u", email: "v@x", name: "V", role: "viewer" as const, via: "session" as const };
    expect(() => assertRole(viewer, "admin")).toThrow(AuthError);
    expect(assertRole(viewer, "viewer")).toBe(viewer);
  });
});

describe("isPublicPath", () => {
  it.each([
    ["/login", true],
    ["/setup", true],
    ["/health", true],
    ["/api/session/login", true],
    ["/_next/static/chunks/x.js", true],
    ["/", false],
    ["/settings", false],
    ["/api/users", false],
    ["/api/v1/query", false],
    ["/loginx", false],
  ])("%s -> %s", (p, want) => {
    expect(isPublicPath(p, { publicMetrics: true })).toBe(want);
  });

  it("makes /metrics private when configured so", () => {
    expect(isPublicPath("/metrics", { publicMetrics: true })).toBe(true);
    expect(isPublicPath("/metrics", { publicMetrics: false })).toBe(false);
  });
});

describe("csrfAllows", () => {
  it.each([
    ["GET", {}, "session", true],
    ["POST", { origin: "http://h:3000", host: "h:3000" }, "session", true],
    ["POST", { origin: "http://evil.example", host: "h:3000" }, "session", false],
    ["POST", { origin: "http://evil.example", host: "h:3000", "x-forwarded-host": "evil.example" }, "session", true],
    ["DELETE", { origin: "null", host: "h:3000" }, "session", false],
    ["POST", { "sec-fetch-site": "same-origin" }, "session", true],
    ["POST", { "sec-fetch-site": "cross-site" }, "session", false],
    ["POST", {}, "session", false],
    ["POST", { origin: "http://evil.example", host: "h" }, "token", true],
  ] as const)("%s %j via %s -> %s", (method, headers, via, want) => {
    expect(csrfAllows(method, h(headers), via)).toBe(want);
  });
});

describe("bearerToken", () => {
  it.each([
    [{ authorization: "Bearer hr_abc" }, "hr_abc"],
    [{ authorization: "bearer   hr_abc " }, "hr_abc"],
    [{ authorization: "Basic dTpw" }, null],
    [{ authorization: "Basic " + Buffer.from("grafana:hr_tok").toString("base64") }, "hr_tok"],
    [{ authorization: "Basic " + Buffer.from("hr_tok").toString("base64") }, null],
    [{}, null],
  ])("%j -> %s", (headers, want) => {
    expect(bearerToken(h(headers))).toBe(want);
  });
});

describe("LoginThrottle", () => {
  it("locks an account after five failures within five minutes, then lets it try again", () => {
    const t = new LoginThrottle(5, 300_000);
    for (let i = 0; i < 5; i++) {
      expect(t.retryAfterMs("a", 1000 * i)).toBe(0);
      t.fail("a", 1000 * i);
    }
    expect(t.retryAfterMs("a", 5000)).toBe(295_000);
    expect(t.retryAfterMs("b", 5000)).toBe(0); // per account
    expect(t.retryAfterMs("a", 300_001)).toBe(0); // the first failure has left the window
  });

  it("forgets failures after a success", () => {
    const t = new LoginThrottle(2, 1000);
    t.fail("a", 0);
    t.fail("a", 1);
    expect(t.retryAfterMs("a", 2)).toBeGreaterThan(0);
    t.succeed("a");
    expect(t.retryAfterMs("a", 2)).toBe(0);
  });
});
