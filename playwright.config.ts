import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";
import { ADMIN, STORAGE_STATE } from "./e2e/fixtures";

// Debian's Chromium; Playwright's own browser downloads are not available on these machines.
const executablePath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const port = Number(process.env.E2E_PORT || 3210);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "headroom-e2e-"));
const hostilePort = port + 1;
// A loopback OpenAI-compatible server the Benchmarks spec runs its load against.
const openAiPort = port + 2;
// Headroom scrapes a hostile target (HTML and script in labels and HELP) every second.
const configFile = path.join(dataDir, "headroom.yml");
fs.writeFileSync(
  configFile,
  [
    "scrape_configs:",
    "  - job_name: hostile",
    "    scrape_interval: 1s",
    "    scrape_timeout: 1s",
    "    static_configs:",
    `      - targets: ["127.0.0.1:${hostilePort}"]`,
    '        labels: { team: "<b onmouseover=window.__xss=3>ops</b>" }',
  ].join("\n"),
);

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/e2e",
  timeout: 60_000,
  workers: 1,
  reporter: [["list"], ["json", { outputFile: "test-results/e2e.json" }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: {
      executablePath,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [
    { name: "setup", testMatch: /auth\.setup\.ts/ },
    { name: "anonymous", testMatch: /anonymous\.spec\.ts/, dependencies: ["setup"] },
    {
      name: "signed-in",
      testIgnore: /anonymous\.spec\.ts/,
      testMatch: /.*\.spec\.ts/,
      dependencies: ["setup"],
      use: { storageState: STORAGE_STATE },
    },
  ],
  webServer: [
    {
      command: "node e2e/support/hostile-target.mjs",
      url: `http://127.0.0.1:${hostilePort}/metrics`,
      env: { HOSTILE_PORT: String(hostilePort) },
      reuseExistingServer: false,
    },
    {
      command: "node e2e/support/openai-target.mjs",
      url: `http://127.0.0.1:${openAiPort}/v1/models`,
      env: { OPENAI_TARGET_PORT: String(openAiPort) },
      reuseExistingServer: false,
    },
    {
      command: `npx next start -p ${port} -H 127.0.0.1`,
      url: `http://127.0.0.1:${port}/health`,
      timeout: 120_000,
      reuseExistingServer: false,
      env: {
        HEADROOM_DATA_DIR: dataDir,
        NEXT_MANUAL_SIG_HANDLE: "true",
        DATABASE_URL: "",
        HEADROOM_CONFIG: configFile,
        HEADROOM_ADMIN_EMAIL: ADMIN.email,
        HEADROOM_ADMIN_PASSWORD: ADMIN.password,
        HEADROOM_SECRET_KEY: "e2e-secret-key-with-32-characters-or-more",
        // Demo traffic would add CPU load and a target of its own; the config has targets anyway.
        HEADROOM_DEMO: "off",
      },
      stdout: "pipe",
    },
  ],
});
