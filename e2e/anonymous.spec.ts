import { expect, test } from "@playwright/test";
import { discoverRoutes, PUBLIC_ROUTES } from "./routes";

const routes = discoverRoutes();

test("the route walk found the app's pages and API routes", () => {
  expect(routes.filter((r) => r.kind === "page").length).toBeGreaterThanOrEqual(10);
  expect(routes.some((r) => r.url === "/api/session/logout")).toBe(true);
});

for (const route of routes.filter((r) => !PUBLIC_ROUTES.has(r.url))) {
  for (const method of route.methods) {
    test(`anonymous ${method} ${route.url} is refused`, async ({ request }) => {
      const res = await request.fetch(route.url, { method, maxRedirects: 0, data: method === "GET" ? undefined : {} });
      if (route.kind === "page") {
        expect(res.status()).toBe(307);
        expect(res.headers()["location"]).toMatch(/\/login\?next=/);
      } else {
        expect(res.status()).toBe(401);
        expect((await res.json()).errorType).toBe("unauthorized");
      }
    });
  }
}

test("an invalid bearer token is refused like no credentials", async ({ request }) => {
  const res = await request.get("/settings", { headers: { authorization: "Bearer hr_not-a-real-token" }, maxRedirects: 0 });
  expect(res.status()).toBe(307);
});

test("the setup page is closed once a user exists", async ({ page, request }) => {
  await page.goto("/setup");
  await expect(page).toHaveURL(/\/login$/);
  const res = await request.post("/api/setup", { data: { name: "x", email: "evil@example.com", password: "long-enough-password" } });
  expect(res.status()).toBe(403);
});

test("sign-in with a wrong password is refused, then throttled", async ({ request }) => {
  const attempt = () => request.post("/api/session/login", { data: { email: "nobody@example.com", password: "wrong-password" } });
  for (let i = 0; i < 5; i++) expect((await attempt()).status()).toBe(401);
  const throttled = await attempt();
  expect(throttled.status()).toBe(429);
  expect(Number(throttled.headers()["retry-after"])).toBeGreaterThan(0);
});
