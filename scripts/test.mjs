// `npm test`: type-check, lint, unit tests, integration tests (PGlite, and PostgreSQL when
// TEST_DATABASE_URL or DATABASE_URL is set), then the e2e suite against a production build in
// headless Chromium. Outside CI a missing browser or server skips its part loudly; with CI=true
// a skip is a failure. Ends with one line "N passed, N failed, N skipped".
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const CI = process.env.CI === "true";
const results = []; // { step, ok, passed, failed, skipped, note }
fs.mkdirSync("test-results", { recursive: true });

function run(step, cmd, args, env = {}) {
  console.log(`\n=== ${step}: ${cmd} ${args.join(" ")}`);
  const t0 = Date.now();
  const r = spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, ...env } });
  const ok = r.status === 0;
  console.log(`=== ${step}: ${ok ? "ok" : `FAILED (exit ${r.status ?? r.signal})`} in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  return ok;
}

function skip(step, why) {
  const msg = `${step} SKIPPED: ${why}`;
  console.warn(`\n${"*".repeat(msg.length + 8)}\n*** ${msg} ***\n${"*".repeat(msg.length + 8)}`);
  results.push({ step, ok: !CI, passed: 0, failed: CI ? 1 : 0, skipped: 1, note: CI ? "skipped in CI" : "skipped" });
}

function vitestStep(step, project, env = {}) {
  const out = path.join("test-results", `${project}.json`);
  fs.rmSync(out, { force: true });
  const ok = run(step, "npx", ["vitest", "run", "--project", project, "--reporter=default", "--reporter=json", `--outputFile.json=${out}`], env);
  let passed = 0, failed = ok ? 0 : 1, skipped = 0, failures = [];
  if (fs.existsSync(out)) {
    const j = JSON.parse(fs.readFileSync(out, "utf8"));
    passed = j.numPassedTests;
    failed = j.numFailedTests + (ok || j.numFailedTests > 0 ? 0 : 1);
    skipped = j.numPendingTests + j.numTodoTests;
    failures = failedTests(j);
  }
  results.push({ step, ok: ok && !(CI && skipped > 0), passed, failed, skipped, failures, note: CI && skipped > 0 ? "tests skipped in CI" : "" });
}

// Failed tests as "file > test: first line of the error", repeated in the summary: CI logs are
// often read from their tail, far below where vitest printed the failure.
function failedTests(j) {
  const out = [];
  for (const file of j.testResults ?? []) {
    const name = path.relative(process.cwd(), file.name ?? "");
    for (const a of file.assertionResults ?? []) {
      if (a.status !== "failed") continue;
      const why = String(a.failureMessages?.[0] ?? "").split("\n")[0].slice(0, 200);
      out.push(`${name} > ${a.fullName ?? a.title}: ${why}`);
    }
    if ((file.assertionResults ?? []).length === 0 && file.status === "failed") out.push(`${name}: ${String(file.message ?? "").split("\n")[0].slice(0, 200)}`);
  }
  return out;
}

function checkStep(step, cmd, args) {
  const ok = run(step, cmd, args);
  results.push({ step, ok, passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0 });
}

checkStep("typecheck", "npx", ["tsc", "--noEmit"]);
checkStep("lint", "npx", ["eslint", "."]);
vitestStep("unit", "unit");

const dbUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
if (!dbUrl) skip("integration on PostgreSQL", "set TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test)");
vitestStep("integration", "int", dbUrl ? { TEST_DATABASE_URL: dbUrl } : {});

// Durability at a small size: the ingesting process is SIGKILLed at random moments and every
// committed scrape must survive whole (perf/tsdb-durability.ts prints the figures).
const durability = ["tsx", "perf/tsdb-durability.ts", "--rounds", "4", "--scrape-size", "100", "--min-ms", "300", "--max-ms", "1500"];
checkStep("durability (PGlite)", "npx", durability);
if (dbUrl) checkStep("durability (PostgreSQL)", "npx", [...durability, "--url", dbUrl]);

// PostgreSQL restarted under a scraping worker (a private cluster, so the shared one is untouched).
if (fs.existsSync("/usr/lib/postgresql")) checkStep("fault: PostgreSQL restart", "npx", ["tsx", "perf/fault-pg-restart.ts"]);
else skip("fault: PostgreSQL restart", "PostgreSQL server binaries not installed");
// The worker SIGKILLed at random moments while scraping into the embedded store.
checkStep("fault: SIGKILL worker", "npx", ["tsx", "perf/fault-kill-worker.ts", "--rounds", "3"]);
// The worker SIGKILLed while it evaluates rules and delivers their notifications: none lost,
// none sent again once marked sent, every alert's notifications alternating firing/resolved.
checkStep("fault: SIGKILL during alerting (PGlite)", "npx", ["tsx", "perf/fault-kill-alerts.ts", "--rounds", "3"]);
if (fs.existsSync("/usr/lib/postgresql")) {
  checkStep("fault: SIGKILL during alerting (PostgreSQL)", "npx", ["tsx", "perf/fault-kill-alerts.ts", "--rounds", "2", "--postgres", "--min-ms", "16000", "--max-ms", "22000"]);
} else skip("fault: SIGKILL during alerting (PostgreSQL)", "PostgreSQL server binaries not installed");

const chromium = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
if (!fs.existsSync(chromium)) {
  skip("e2e", `no Chromium at ${chromium} (apt-get install chromium, or set CHROMIUM_PATH)`);
} else if (!run("build", "npx", ["next", "build"])) {
  results.push({ step: "e2e", ok: false, passed: 0, failed: 1, skipped: 0, note: "build failed" });
} else {
  const ok = run("e2e", "npx", ["playwright", "test"], { CHROMIUM_PATH: chromium });
  let passed = 0, failed = ok ? 0 : 1, skipped = 0;
  const out = path.join("test-results", "e2e.json");
  if (fs.existsSync(out)) {
    const s = JSON.parse(fs.readFileSync(out, "utf8")).stats;
    passed = s.expected + s.flaky;
    failed = s.unexpected + (ok || s.unexpected > 0 ? 0 : 1);
    skipped = s.skipped;
  }
  results.push({ step: "e2e", ok: ok && !(CI && skipped > 0), passed, failed, skipped });
}

console.log("\n=== summary");
for (const r of results) {
  console.log(`${r.ok ? "ok  " : "FAIL"} ${r.step.padEnd(28)} ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped${r.note ? ` (${r.note})` : ""}`);
  for (const f of r.failures ?? []) console.log(`       failed: ${f}`);
}
const sum = (k) => results.reduce((a, r) => a + r[k], 0);
console.log(`${sum("passed")} passed, ${sum("failed")} failed, ${sum("skipped")} skipped`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
