import { expect, test } from "@playwright/test";

test("Explore runs a query as a chart and as a table", async ({ page }, testInfo) => {
  await page.goto("/explore");
  const editor = page.getByLabel("PromQL expression");
  await editor.click();
  await page.keyboard.type("vector(1) * 3");
  await page.keyboard.press("Escape"); // close completion
  await page.getByRole("button", { name: "Run" }).click();
  await expect(page.getByRole("figure", { name: "Query result chart" })).toBeVisible();
  await expect(page.locator(".recharts-line path").first()).toHaveAttribute("d", /^M/);
  await expect(page).toHaveURL(/expr=vector%281%29/);
  await page.screenshot({ path: testInfo.outputPath("explore-graph.png"), fullPage: true });

  await page.getByRole("tab", { name: "Table" }).click();
  await expect(page.getByTestId("result-table")).toContainText("3");
});

test("Explore shows the engine's error for a bad query", async ({ page }) => {
  await page.goto("/explore?tab=table&expr=" + encodeURIComponent('rate(up{job="x"})'));
  await expect(page.getByTestId("query-error")).toContainText("expected type range vector");
});

test("Explore completes function names in the editor", async ({ page }) => {
  await page.goto("/explore");
  await page.getByLabel("PromQL expression").click();
  await page.keyboard.type("histogram_qu");
  await expect(page.locator(".cm-tooltip-autocomplete")).toContainText("histogram_quantile");
});
