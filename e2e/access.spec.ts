import { expect, request as playwrightRequest, test } from "@playwright/test";

const VIEWER = { name: "Vera Viewer", email: "vera@example.com", password: "viewer-password-123" };

test.describe.configure({ mode: "serial" });

test("an admin adds a viewer, who can read but not administer", async ({ page, browser, baseURL }) => {
  await page.goto("/settings");
  const form = page.getByRole("form", { name: "Add user" });
  await form.getByLabel("Name").fill(VIEWER.name);
  await form.getByLabel("Email").fill(VIEWER.email);
  await form.getByLabel("Initial password").fill(VIEWER.password);
  await form.getByLabel("Role").selectOption("viewer");
  await form.getByRole("button", { name: "Add user" }).click();
  await expect(page.getByRole("cell", { name: VIEWER.email, exact: true })).toBeVisible();
  await expect(page.getByRole("cell", { name: "user.create" }).first()).toBeVisible();

  const ctx = await browser.newContext({ storageState: { cookies: [], origins: [] }, baseURL });
  const viewer = await ctx.newPage();
  await viewer.goto("/settings");
  await viewer.getByLabel("Email").fill(VIEWER.email);
  await viewer.getByLabel("Password").fill(VIEWER.password);
  await viewer.getByRole("button", { name: "Sign in" }).click();
  await expect(viewer.getByRole("heading", { level: 1 })).toHaveText("Settings");
  await expect(viewer.getByRole("heading", { name: "API tokens" })).toBeVisible();
  await expect(viewer.getByRole("heading", { name: "Users" })).toHaveCount(0);
  const res = await viewer.request.post("/api/users", {
    data: { name: "x", email: "x@example.com", password: "long-enough-password", role: "admin" },
    headers: { origin: new URL(baseURL!).origin },
  });
  expect(res.status()).toBe(403);
  await ctx.close();
});

test("a new user's bad input is refused with the field named", async ({ page, baseURL }) => {
  const res = await page.request.post("/api/users", {
    data: { name: "Short", email: "short@example.com", password: "short", role: "viewer" },
    headers: { origin: new URL(baseURL!).origin },
  });
  expect(res.status()).toBe(400);
  expect((await res.json()).error).toMatch(/^password: /);
});

test("an API token is shown once, works as Bearer, and stops working when revoked", async ({ page, baseURL }) => {
  await page.goto("/settings");
  const form = page.getByRole("form", { name: "Create token" });
  await form.getByLabel("Token name").fill("grafana");
  await form.getByRole("button", { name: "Create token" }).click();
  const token = (await page.getByTestId("new-token").textContent())!.trim();
  expect(token).toMatch(/^hr_[A-Za-z0-9_-]{40,}$/);

  const api = await playwrightRequest.newContext({ baseURL });
  const ok = await api.get("/api/v1/status/buildinfo", { headers: { authorization: `Bearer ${token}` } });
  expect(ok.status()).toBe(200);
  expect((await ok.json()).status).toBe("success");

  await page.reload();
  await expect(page.getByTestId("new-token")).toHaveCount(0); // shown once
  await page.getByRole("row", { name: /grafana/ }).getByRole("button", { name: "Revoke" }).click();
  await expect(page.getByRole("row", { name: /grafana/ }).getByText("revoked")).toBeVisible();
  const revoked = await api.get("/api/v1/status/buildinfo", { headers: { authorization: `Bearer ${token}` } });
  expect(revoked.status()).toBe(401);
  await api.dispose();
});

test("a cookie-authenticated change from another origin is refused (CSRF)", async ({ page }) => {
  const res = await page.request.post("/api/tokens", { data: { name: "csrf" }, headers: { origin: "http://evil.example" } });
  expect(res.status()).toBe(403);
  expect((await res.json()).error).toMatch(/cross-site/);
});

test("session cookies are HttpOnly and SameSite", async ({ page }) => {
  await page.goto("/");
  const cookies = await page.context().cookies();
  const session = cookies.find((c) => c.name.includes("session_token"));
  expect(session).toBeDefined();
  expect(session!.httpOnly).toBe(true);
  expect(session!.sameSite).toBe("Lax");
});
