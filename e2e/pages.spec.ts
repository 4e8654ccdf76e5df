import { expect, test } from "@playwright/test";

const PAGES = [
  { path: "/", title: "Overview" },
  { path: "/explore", title: "Explore" },
  { path: "/targets", title: "Targets" },
  { path: "/alerts", title: "Alerts" },
  { path: "/forecasts", title: "Forecasts" },
  { path: "/benchmarks", title: "Benchmarks" },
  { path: "/reports", title: "Reports" },
  { path: "/settings", title: "Settings" },
];

for (const p of PAGES) {
  test(`${p.title} page renders without console errors`, async ({ page }, testInfo) => {
    const errors: string[] = [];
    page.on("console", (msg) => {
      if (msg.type() === "error") errors.push(msg.text());
    });
    page.on("pageerror", (err) => errors.push(err.message));
    const res = await page.goto(p.path);
    expect(res?.status()).toBe(200);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(p.title);
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: p.title })).toHaveAttribute(
      "aria-current",
      "page",
    );
    await page.screenshot({ path: testInfo.outputPath(`${p.title.toLowerCase()}.png`), fullPage: true });
    expect(errors).toEqual([]);
  });
}

test("navigation reaches every section from the Overview", async ({ page }) => {
  await page.goto("/");
  for (const p of PAGES.slice(1)) {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: p.title }).click();
    await expect(page).toHaveURL(new RegExp(`${p.path}$`));
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(p.title);
  }
});

test("Settings shows the embedded database and the workers of this process", async ({ page }) => {
  await page.goto("/settings");
  await expect(page.getByTestId("db-kind")).toContainText("embedded (PGlite)");
  await expect(page.getByText("in this process")).toBeVisible();
});

test("/metrics exposes Headroom's own metrics and /health reports ok", async ({ request }) => {
  await request.get("/health");
  const metrics = await (await request.get("/metrics")).text();
  expect(metrics).toContain("# TYPE headroom_http_request_duration_seconds histogram");
  expect(metrics).toMatch(/headroom_http_request_duration_seconds_count\{route="\/health",method="GET",code="200"\} \d+/);
  expect(metrics).toContain("process_cpu_seconds_total");
  const health = await (await request.get("/health")).json();
  expect(health).toEqual({ status: "ok", database: "pglite" });
});
