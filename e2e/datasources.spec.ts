import { expect, test } from "@playwright/test";

test("an admin adds a Prometheus datasource; its token is never shown; Explore offers it", async ({ page }) => {
  await page.goto("/settings");
  const form = page.getByRole("form", { name: "Add datasource" });
  await form.getByLabel("Datasource name").fill("remote-prom");
  await form.getByLabel("Datasource URL").fill("http://127.0.0.1:9/");
  await form.getByLabel("Authentication").selectOption("bearer");
  await form.getByLabel("Secret").fill("super-secret-token-value");
  await form.getByRole("button", { name: "Add datasource" }).click();
  const panel = page.getByRole("region", { name: "Datasources" });
  const row = panel.getByRole("row", { name: /remote-prom/ });
  await expect(row).toContainText("bearer");
  await expect(page.locator("body")).not.toContainText("super-secret-token-value");
  const api = await (await page.request.get("/api/datasources")).text();
  expect(api).not.toContain("super-secret-token-value");

  await page.goto("/explore");
  await expect(page.getByLabel("Datasource")).toContainText("remote-prom");

  await page.goto("/settings");
  await panel.getByRole("row", { name: /remote-prom/ }).getByRole("button", { name: "Remove" }).click();
  await expect(panel.getByRole("row", { name: /remote-prom/ })).toHaveCount(0);
});
