import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";

// playwright.config.ts starts a loopback OpenAI-compatible server two ports above Headroom's.
const TARGET = `http://127.0.0.1:${Number(process.env.E2E_PORT || 3210) + 2}`;

test.describe.configure({ mode: "serial" });

function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(msg.text());
  });
  page.on("pageerror", (err) => errors.push(err.message));
  return errors;
}

/** Fills the New benchmark form: a two-level concurrency sweep of a few seconds. */
async function startFromForm(page: Page, levels: string): Promise<void> {
  const form = page.getByRole("form", { name: "New benchmark" });
  await form.getByLabel("Target").fill(TARGET);
  await form.getByLabel("Levels").fill(levels);
  await form.getByLabel("Requests per level").fill("24");
  await form.getByLabel("Input tokens").fill("16");
  await form.getByLabel("Output tokens").fill("8");
  await form.getByLabel("Goodput SLO").fill("ttft:1000");
  await form.getByLabel("API key").fill("sk-e2e-secret-key");
  await form.getByRole("button", { name: "Start benchmark" }).click();
}

test("bad input on the form is refused with the field named", async ({ page }) => {
  await page.goto("/benchmarks");
  await startFromForm(page, "0");
  await expect(page.locator("p[role=alert]")).toHaveText('concurrency: "0" is not a positive integer');
  await expect(page).toHaveURL(/\/benchmarks$/);
});

test("a run started from the page shows live progress, then its tables, chart and exports", async ({ page }, testInfo) => {
  const errors = watchErrors(page);
  await page.goto("/benchmarks");
  await startFromForm(page, "1,2");
  await expect(page).toHaveURL(/\/benchmarks\/\d+$/);
  const id = page.url().split("/").pop()!;

  // Live: the worker claims the run and the page, polling every second, shows it moving.
  await expect(page.getByTestId("progress-text")).toContainText(/level [12] of 2/, { timeout: 20_000 });
  await expect(page.getByRole("progressbar", { name: "Run progress" })).toBeVisible();
  await expect(page.getByTestId("run-state").first()).toHaveText("done", { timeout: 30_000 });

  await expect(page.getByRole("table", { name: "Throughput by level" }).getByRole("row")).toHaveCount(3);
  await expect(page.getByRole("table", { name: "TTFT by level" })).toContainText("concurrency 2");
  await expect(page.getByTestId("capacity")).toContainText(/Capacity per replica: at least .* req\/s/);
  await expect(page.getByTestId("sweep-chart").locator(".recharts-line")).toHaveCount(4);
  await page.getByLabel("Latency metric").selectOption("e2el");
  await expect(page.getByTestId("sweep-chart")).toContainText("E2E p99");
  await expect(page.locator("body")).not.toContainText("sk-e2e-secret-key");
  await page.screenshot({ path: testInfo.outputPath("run.png"), fullPage: true });

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const file = await (await download).path();
  const lines = fs.readFileSync(file, "utf8").trimEnd().split("\r\n");
  expect(lines[0]).toMatch(/^run_id,position,label,kind,load,stop_reason,requests,completed,failed/);
  expect(lines.slice(1).map((l) => l.split(",").slice(0, 8).join(","))).toEqual([`${id},0,concurrency 1,concurrency,1,requests,24,24`, `${id},1,concurrency 2,concurrency,2,requests,24,24`]);

  const json = await (await page.request.get(`/api/bench/${id}/export?format=json`)).json();
  expect(json).toMatchObject({ version: 1, runId: Number(id), status: "done", model: "e2e-model" });
  expect(errors).toEqual([]);
});

test("two runs compare side by side on one chart", async ({ page, baseURL }, testInfo) => {
  const res = await page.request.post("/api/bench", {
    data: { target: TARGET, concurrency: [1, 4], requests: 12, outputTokens: 4, inputTokens: 16 },
    headers: { origin: new URL(baseURL!).origin },
  });
  expect(res.status()).toBe(201);
  const second = (await res.json()).data.id as number;
  await expect.poll(async () => (await (await page.request.get(`/api/bench/${second}`)).json()).data.state, { timeout: 30_000 }).toBe("done");

  await page.goto("/benchmarks");
  await page.screenshot({ path: testInfo.outputPath("list.png"), fullPage: true });
  const runs = page.getByRole("table", { name: "Benchmark runs" });
  await expect(runs.getByRole("row")).toHaveCount(3);
  await runs.getByRole("checkbox").first().check();
  await runs.getByRole("checkbox").nth(1).check();
  await page.getByRole("button", { name: "Compare selected (2)" }).click();
  await expect(page).toHaveURL(/\/benchmarks\/compare\?ids=\d+,\d+$/);
  await expect(page.getByRole("table", { name: "Runs compared" }).getByRole("columnheader", { name: /Run #\d+/ })).toHaveCount(2);
  await expect(page.getByTestId("sweep-chart").locator(".recharts-line")).toHaveCount(2);
  await page.screenshot({ path: testInfo.outputPath("compare.png"), fullPage: true });
});

test("a viewer reads runs but gets no form, and cannot start or cancel one", async ({ page, browser, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const viewer = { name: "Bench Viewer", email: "bench-viewer@example.com", password: "bench-viewer-password-1" };
  expect((await page.request.post("/api/users", { data: { ...viewer, role: "viewer" }, headers: { origin } })).status()).toBe(201);
  const ctx = await browser.newContext({ storageState: { cookies: [], origins: [] }, baseURL });
  const v = await ctx.newPage();
  await v.goto("/benchmarks");
  await v.getByLabel("Email").fill(viewer.email);
  await v.getByLabel("Password").fill(viewer.password);
  await v.getByRole("button", { name: "Sign in" }).click();
  await expect(v.getByRole("heading", { level: 1 })).toHaveText("Benchmarks");
  await expect(v.getByRole("table", { name: "Benchmark runs" })).toBeVisible();
  await expect(v.getByRole("form", { name: "New benchmark" })).toHaveCount(0);
  expect((await v.request.post("/api/bench", { data: { target: TARGET }, headers: { origin } })).status()).toBe(403);
  expect((await v.request.post("/api/bench/1/cancel", { headers: { origin } })).status()).toBe(403);
  await ctx.close();
  // A cookie-authenticated cancel from another origin is refused before any role check.
  expect((await page.request.post("/api/bench/1/cancel", { headers: { origin: "http://evil.example" } })).status()).toBe(403);
});
