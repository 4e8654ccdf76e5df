/**
 * Load: dashboard viewers with auto-refresh against a production build while it ingests. Goal
 * (issue "50 concurrent dashboard viewers, 5 s refresh, 5 minutes"): no errors, P95 API latency
 * under 500 ms. Loopback vLLM-like targets run in a child process and are scraped every 5 s by
 * `next start` (workers inside, PGlite), after hours of history are written into its data dir.
 * Each viewer loads a dashboard of 8 range queries (1h at a 15 s step) every refresh and the
 * Overview page every minute; every request's latency and status is recorded.
 *
 *   npx tsx perf/load-viewers.ts [--viewers 50] [--seconds 300] [--targets 20] [--series 300]
 *     [--interval 5] [--refresh 5] [--history-hours 2] [--auth session|token] [--timeout 30]
 *     [--diagnose] [--profile] [--keep] [--check]
 *
 * Needs a production build (`npx next build`). Exits 0 once it ran (it is a measurement); with
 * --check, 1 when the goal was missed. --diagnose times each panel in-process afterwards (select
 * vs engine, panels concurrently, auth lookups); --profile writes and summarises a CPU profile.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { runViewers, PANELS, type Sample } from "./support/load-client";
import { diagnose } from "./support/load-diagnose";
import { createToken, freePort, loadConfigYaml, metricSum, ownMetrics, signIn, startServer, startTargets, type OwnSample } from "./support/load-headroom";
import { preloadHistory, storedIngest } from "./support/load-history";
import { errorLines, fmtMs, latencyTable, timelineLines } from "./support/load-report";
import { sampleResources } from "./support/load-resources";
import { summarizeProfile } from "./support/load-profile";

const { values: args } = parseArgs({
  options: {
    viewers: { type: "string", default: "50" },
    seconds: { type: "string", default: "300" },
    targets: { type: "string", default: "20" },
    series: { type: "string", default: "300" },
    interval: { type: "string", default: "5" },
    refresh: { type: "string", default: "5" },
    "history-hours": { type: "string", default: "2" },
    auth: { type: "string", default: "session" },
    timeout: { type: "string", default: "30" },
    diagnose: { type: "boolean", default: false },
    profile: { type: "boolean", default: false },
    keep: { type: "boolean", default: false },
    check: { type: "boolean", default: false },
  },
});
const VIEWERS = Number(args.viewers);
const SECONDS = Number(args.seconds);
const TARGETS = Number(args.targets);
const SERIES = Number(args.series);
const INTERVAL_MS = Number(args.interval) * 1000;
const REFRESH_MS = Number(args.refresh) * 1000;
const GOAL_P95_MS = 500;
const ADMIN = { email: "load@headroom.local", password: "load-test-password-1" };

const log = (msg: string) => console.log(msg);
const n = (x: number) => Math.round(x).toLocaleString("en-US");
const mib = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function delta(a: OwnSample[], b: OwnSample[], name: string, match: Record<string, string> = {}): number {
  return metricSum(b, name, match) - metricSum(a, name, match);
}

async function main(): Promise<number> {
  for (const [k, v] of Object.entries({ viewers: VIEWERS, seconds: SECONDS, targets: TARGETS, series: SERIES, interval: INTERVAL_MS, refresh: REFRESH_MS })) {
    if (!(v > 0)) throw new Error(`--${k} must be a positive number`);
  }
  if (args.auth !== "session" && args.auth !== "token") throw new Error("--auth must be session or token");
  if (!fs.existsSync(path.join(process.cwd(), ".next", "BUILD_ID"))) throw new Error("no production build: run `npx next build` first");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "headroom-load-"));
  const dataDir = path.join(dir, "data");
  const configFile = path.join(dir, "headroom.yml");
  const profDir = args.profile ? path.join(dir, "prof") : undefined;
  log(`perf/load-viewers: ${VIEWERS} viewers, refresh ${REFRESH_MS / 1000} s, ${SECONDS} s; ${TARGETS} targets x ${SERIES} series scraped every ${INTERVAL_MS / 1000} s`);
  log(`  machine: ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), ${mib(os.totalmem())} RAM, load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
  log(`  the viewers run in this process, the targets in a child process, Headroom in another: all share these cores`);

  const targets = await startTargets(TARGETS, SERIES, INTERVAL_MS);
  let server: Awaited<ReturnType<typeof startServer>> | null = null;
  try {
    const configText = loadConfigYaml(targets.ports, INTERVAL_MS);
    fs.writeFileSync(configFile, configText);
    const hours = Number(args["history-hours"]);
    if (hours > 0) {
      log(`writing ${hours} h of history into ${dataDir} ...`);
      const h = await preloadHistory({ dataDir, configText, configFile, series: SERIES, hours, until: Date.now(), log });
      log(`  ${n(h.samples)} samples (${n(h.scrapes)} scrapes) in ${h.appendS.toFixed(0)} s; ${n(h.compacted)} compacted into chunks in ${h.compactS.toFixed(0)} s`);
    }

    server = await startServer({ dataDir, configFile, port: await freePort(), adminEmail: ADMIN.email, adminPassword: ADMIN.password, cpuProfDir: profDir });
    log(`headroom: ${server.url} (pid ${server.pid}, next start, production build)`);
    const adminCookie = await signIn(server.url, ADMIN.email, ADMIN.password);
    // Each viewer is its own browser session (or, with --auth token, its own API token).
    const headers: Record<string, string>[] = [];
    for (let i = 0; i < VIEWERS; i++) {
      headers.push(args.auth === "token" ? { authorization: `Bearer ${await createToken(server.url, adminCookie, `viewer ${i}`)}` } : { cookie: await signIn(server.url, ADMIN.email, ADMIN.password) });
    }
    // Wait for two scrape rounds, so every panel has live data beside the history.
    const waitUntil = Date.now() + 60_000;
    while (metricSum(await ownMetrics(server.url, adminCookie), "headroom_scrape_scrapes_total", { outcome: "up" }) < 2 * TARGETS) {
      if (Date.now() > waitUntil) throw new Error(`no two rounds of successful scrapes within 60 s:\n${server.output().slice(-2000)}`);
      await sleep(500);
    }

    // One unrecorded dashboard load first: the server loads each route's code on first use.
    await runViewers(
      { url: server.url, headers: headers.slice(0, 1), refreshMs: REFRESH_MS, pageEveryMs: 60_000, rangeS: 3600, stepS: 15, timeoutMs: 60_000, durationMs: 1, phase: false },
      () => {},
    );
    const before = await ownMetrics(server.url, adminCookie);
    const res = sampleResources(server.pid, targets.pid);
    const samples: Sample[] = [];
    const runStart = Date.now();
    log(`running ${VIEWERS} viewers for ${SECONDS} s ...`);
    const vs = await runViewers(
      { url: server.url, headers, refreshMs: REFRESH_MS, pageEveryMs: 60_000, rangeS: 3600, stepS: 15, timeoutMs: Number(args.timeout) * 1000, durationMs: SECONDS * 1000 },
      (s) => samples.push(s),
    );
    const runEnd = Date.now();
    const r = res.stop();
    // After an overload the server may still be busy with requests the viewers gave up on.
    const after = await ownMetrics(server.url, adminCookie, 120_000).catch(() => null);
    const backlogS = (Date.now() - runEnd) / 1000;
    const wallS = (runEnd - runStart) / 1000;
    await server.stop();
    const serverErrors = server.output().split("\n").filter((l) => /error|warn/i.test(l));
    server = null;
    // Ingest during the run, from the stored up and scrape_* series over exactly the run's window.
    const ing = await storedIngest(dataDir, runEnd, wallS);
    // A window holds floor(w / interval) or one more slots of each target, depending on its phase.
    const slots = Math.floor((Math.floor(wallS) * 1000) / INTERVAL_MS);
    const due = TARGETS * slots;
    const table = latencyTable(samples);
    const errors = samples.filter((s) => s.error !== null).length;
    log("");
    log(`== results: ${VIEWERS} viewers x ${PANELS.length} range queries every ${REFRESH_MS / 1000} s + the Overview page every 60 s, ${wallS.toFixed(0)} s ==`);
    log(`requests: ${n(samples.length)} (${(samples.length / wallS).toFixed(1)}/s achieved; ${n(vs.refreshes)} dashboard refreshes, ${n(vs.skipped)} skipped because the previous one was still loading, ${n(vs.pageLoads)} page loads)`);
    const api = samples.filter((s) => s.endpoint !== "page /");
    const distinct = new Set(api.map((s) => s.key)).size;
    log(`  distinct range queries: ${n(distinct)} among ${n(api.length)} (each asked ${(api.length / Math.max(1, distinct)).toFixed(1)} times: viewers share the step-aligned ranges)`);
    log(`errors:   ${errors}`);
    for (const l of errorLines(samples)) log(l);
    log("latency (client side, first byte sent to last byte read):");
    for (const l of table.lines) log(l);
    if (after) {
      const handlerS = delta(before, after, "headroom_http_request_duration_seconds_sum", { route: "/api/v1/query_range" });
      const handlerN = delta(before, after, "headroom_http_request_duration_seconds_count", { route: "/api/v1/query_range" });
      log(`  route handler time (Headroom's own histogram, until /metrics answered): mean ${fmtMs((handlerS / Math.max(1, handlerN)) * 1000)} over ${n(handlerN)} query_range requests; client mean ${fmtMs(table.api.mean)}`);
    }
    log("timeline (30 s buckets):");
    for (const l of timelineLines(samples, 30_000, SECONDS * 1000)) log(l);
    log(`ingest during the run: ${n(ing.samples)} samples stored (${n(ing.samples / wallS)}/s; the targets offer ${n((TARGETS * SERIES * 1000) / INTERVAL_MS)}/s)`);
    log(`  scrapes: ${n(ing.ok)} ok, ${n(ing.scrapes - ing.ok)} failed, at least ${n(due)} slots due (${TARGETS} targets x ${slots}); the fewest for one target: ${ing.fewest}`);
    log(`  scrape duration (fetch + parse, before the append): mean ${fmtMs(ing.meanDurationS * 1000)}, max ${fmtMs(ing.maxDurationS * 1000)}`);
    if (after) {
      const compactRuns = delta(before, after, "headroom_job_run_duration_seconds_count", { job: "tsdb-compact" });
      const compactS = delta(before, after, "headroom_job_run_duration_seconds_sum", { job: "tsdb-compact" });
      log(`  compaction runs (until /metrics answered): ${compactRuns} (${fmtMs(compactS * 1000)} in all)`);
    }
    log(
      after
        ? `  the server answered /metrics ${backlogS.toFixed(0)} s after the run ended`
        : `  the server had not answered /metrics ${backlogS.toFixed(0)} s after the run ended: it was still working through requests the viewers had given up on`,
    );
    log(`server log: ${serverErrors.length} error or warning lines${serverErrors.length ? `, e.g. ${serverErrors.slice(0, 3).map((l) => l.slice(0, 160)).join(" | ")}` : ""}`);
    log(`resources over the run (100% = one core; ${r.cores} cores):`);
    log(`  headroom (next start): CPU ${r.serverCpuPct.toFixed(0)}% (peak 1 s ${r.serverPeakCpuPct.toFixed(0)}%), RSS ${mib(r.serverRssStart)} -> ${mib(r.serverRssEnd)} (peak ${mib(r.serverRssPeak)})`);
    log(`  viewers (this process): CPU ${r.clientCpuPct.toFixed(0)}%; targets: CPU ${r.targetsCpuPct.toFixed(0)}%; other jobs on the machine: CPU ${r.otherCpuPct.toFixed(0)}% (machine busy ${r.machineBusyPct.toFixed(0)}% of ${r.cores * 100}%)`);
    const kept = ing.ok >= due && ing.scrapes === ing.ok;
    const met = errors === 0 && table.api.p95 < GOAL_P95_MS;
    log("");
    log(`scraping ${kept ? "KEPT UP" : "DID NOT KEEP UP"} (every slot scraped, up = 1 throughout)`);
    log(
      met
        ? `GOAL MET: 0 errors, query_range P95 ${fmtMs(table.api.p95)} < ${GOAL_P95_MS} ms`
        : `GOAL MISSED: ${errors} errors, query_range P95 ${fmtMs(table.api.p95)} (goal: 0 errors, P95 < ${GOAL_P95_MS} ms)`,
    );

    if (args.diagnose) await diagnose({ dataDir, configFile, cookie: headers[0].cookie ?? adminCookie, rangeS: 3600, stepS: 15, viewers: VIEWERS, refreshS: REFRESH_MS / 1000, log });
    if (profDir) summarizeProfile(profDir, log);
    return args.check && !met ? 1 : 0;
  } finally {
    await server?.stop();
    targets.stop();
    if (args.keep) log(`kept ${dir}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
