import { expect, test, type Page } from "@playwright/test";

const EVIL = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';

// Any dialog or script run from scraped text fails the test.
async function guard(page: Page): Promise<string[]> {
  const dialogs: string[] = [];
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  return dialogs;
}

test("labels and help texts from a target are shown as text and never executed", async ({ page }, testInfo) => {
  const dialogs = await guard(page);
  // The hostile target is scraped every second; wait until it shows as up.
  await expect(async () => {
    await page.goto("/targets");
    await expect(page.getByText("<b onmouseover=window.__xss=3>ops</b>").first()).toBeVisible({ timeout: 1000 });
    await expect(page.locator("body")).toContainText(/\bup\b/i, { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await page.screenshot({ path: testInfo.outputPath("targets-hostile.png"), fullPage: true });

  await page.goto("/explore?tab=table&expr=" + encodeURIComponent("hostile_requests_total"));
  await expect(page.getByTestId("result-table")).toContainText(EVIL);
  await page.getByRole("tab", { name: "Graph" }).click();
  await expect(page.getByRole("figure", { name: "Query result chart" })).toBeVisible();
  await page.getByLabel("PromQL expression").click();
  await page.keyboard.press("End");
  await page.keyboard.type("{model=");
  await page.waitForTimeout(500); // let label-value completion (which shows the value) render

  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  expect(await page.locator("img[src=x]").count()).toBe(0);
  expect(dialogs).toEqual([]);
});

test("the metadata API returns hostile HELP text as data", async ({ request }) => {
  const body = await (await request.get("/api/v1/metadata?metric=hostile_requests_total")).json();
  expect(body.data.hostile_requests_total[0].help).toBe(EVIL);
});

test("/api/v1/targets lists the scraped target in Prometheus's shape", async ({ request }) => {
  const body = await (await request.get("/api/v1/targets")).json();
  expect(body.status).toBe("success");
  const t = body.data.activeTargets.find((x: { scrapePool: string }) => x.scrapePool === "hostile");
  expect(t).toMatchObject({ health: "up", scrapeInterval: "1s", labels: { job: "hostile" } });
  expect(body.data.droppedTargets).toEqual([]);
});
