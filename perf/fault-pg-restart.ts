/**
 * Fault tolerance: PostgreSQL restarts while Headroom's workers scrape, evaluate rules and send
 * notifications. A private PostgreSQL cluster (so the machine's shared server is untouched) is
 * stopped for a while and started again; the worker process must survive, resume scraping and
 * rule evaluation by itself, and lose nothing it had committed: no sample, and no queued
 * notification (each must reach the webhook). The outage shows as a gap in the stored samples.
 *
 *   npx tsx perf/fault-pg-restart.ts [--outage-ms 5000] [--before-ms 8000] [--after-ms 12000]
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { asc } from "drizzle-orm";
import { openDb } from "@/db/client";
import { alertNotifications, ruleGroupEvals } from "@/db/schema";
import { createTsdb } from "@/lib/tsdb";
import { startPrivatePostgres } from "./support/private-postgres";

const { values: args } = parseArgs({
  options: {
    "outage-ms": { type: "string", default: "5000" },
    "before-ms": { type: "string", default: "8000" },
    "after-ms": { type: "string", default: "12000" },
  },
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<number> {
  const pg = await startPrivatePostgres();
  let n = 0;
  const target = http.createServer((_req, res) => res.end(`# TYPE fault_counter counter\nfault_counter_total ${++n}\n`));
  await new Promise<void>((r) => target.listen(0, "127.0.0.1", r));
  const received = new Set<number>();
  const webhook = http.createServer((req, res) => {
    for (const id of String(req.headers["x-headroom-notification-ids"] ?? "").split(",").filter(Boolean)) received.add(Number(id));
    req.resume();
    req.on("end", () => res.end("ok"));
  });
  await new Promise<void>((r) => webhook.listen(0, "127.0.0.1", r));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "headroom-fault-"));
  const config = path.join(dir, "headroom.yml");
  // An alert that changes every two scrapes, so notifications are queued before, during and after.
  fs.writeFileSync(
    path.join(dir, "rules.yml"),
    "groups:\n  - name: fault\n    interval: 1s\n    rules:\n      - alert: FaultFlip\n        expr: fault_counter_total % 4 >= 2\n",
  );
  fs.writeFileSync(
    config,
    [
      "global:\n  evaluation_interval: 1s",
      `scrape_configs:\n  - job_name: fault\n    scrape_interval: 1s\n    scrape_timeout: 1s\n    static_configs:\n      - targets: ["127.0.0.1:${(target.address() as AddressInfo).port}"]`,
      "rule_files: [rules.yml]",
      `alerting:\n  repeat_interval: 0s\n  receivers:\n    - name: hook\n      type: webhook\n      url: http://127.0.0.1:${(webhook.address() as AddressInfo).port}/hook`,
      "",
    ].join("\n"),
  );
  // node itself, not npx: killing npx would leave its tsx child running as an orphan.
  const worker = spawn(process.execPath, ["--import", "tsx", "workers/main.ts"], {
    env: { ...process.env, DATABASE_URL: pg.url, HEADROOM_CONFIG: config, HEADROOM_DATA_DIR: dir, HEADROOM_DEMO: "off" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  worker.stdout.on("data", (c) => (log += c));
  worker.stderr.on("data", (c) => (log += c));
  let exited: number | null = null;
  worker.on("exit", (code) => (exited = code ?? -1));

  const counts = async () => {
    const h = await openDb({ url: pg.url, migrate: false, poolSize: 1 });
    try {
      const [s] = await createTsdb(h.db).select([{ type: "=", name: "__name__", value: "fault_counter_total" }], 0, Date.now() + 60_000);
      return s ? Array.from(s.timestamps) : [];
    } finally {
      await h.close();
    }
  };

  const alerting = async () => {
    const h = await openDb({ url: pg.url, migrate: false, poolSize: 1 });
    try {
      const rows = await h.db.select().from(alertNotifications).orderBy(asc(alertNotifications.id));
      const evals = await h.db.select().from(ruleGroupEvals);
      return { rows, lastEvalAt: Math.max(0, ...evals.map((e) => e.lastEvalAt)) };
    } finally {
      await h.close();
    }
  };

  let failures = 0;
  try {
    await sleep(Number(args["before-ms"]));
    const before = await counts();
    const queuedBefore = (await alerting()).rows;
    console.log(`before outage: ${before.length} samples committed, ${queuedBefore.length} notifications queued`);
    const downAt = Date.now();
    pg.stop("immediate"); // as a crash would: no checkpoint, clients cut off
    console.log(`PostgreSQL stopped (immediate) for ${args["outage-ms"]} ms`);
    await sleep(Number(args["outage-ms"]));
    pg.start();
    const upAt = Date.now();
    console.log("PostgreSQL started again");
    await sleep(Number(args["after-ms"]));
    const after = await counts();
    const { rows: queuedAfter, lastEvalAt } = await alerting();
    const notifLost = queuedBefore.filter((r) => !queuedAfter.some((q) => q.id === r.id)).length;
    // Everything queued before the outage has had the outage and the time after it to be sent.
    const undelivered = queuedAfter.filter((r) => r.createdAt < downAt && !received.has(r.id)).length;
    const sentAfter = queuedAfter.filter((r) => r.createdAt > upAt && received.has(r.id)).length;
    const kept = new Set(after);
    const lost = before.filter((t) => !kept.has(t)).length;
    const resumed = after.filter((t) => t > upAt);
    const firstResumed = resumed.length ? resumed[0] - upAt : null;
    const gap = after.filter((t) => t > downAt && t < upAt).length;
    console.log(`worker alive:          ${exited === null ? "yes" : `no (exit ${exited})`}`);
    console.log(`samples lost:          ${lost} of ${before.length} committed before the outage (goal 0)`);
    console.log(`samples in the outage: ${gap} (the gap: scrapes could not be stored)`);
    console.log(`resumed after restart: ${resumed.length} samples, first ${firstResumed === null ? "never" : `${firstResumed} ms`} after PostgreSQL was back`);
    console.log(`rules evaluated after:  ${lastEvalAt > upAt ? `yes, last at +${lastEvalAt - upAt} ms` : "no"}`);
    console.log(`notifications lost:    ${notifLost} of ${queuedBefore.length} queued before the outage gone from the outbox (goal 0)`);
    console.log(`never delivered:       ${undelivered} queued before the outage and not received by the webhook (goal 0)`);
    console.log(`delivered after:       ${sentAfter} queued after the restart and received`);
    if (lastEvalAt <= upAt || notifLost > 0 || undelivered > 0 || sentAfter === 0 || queuedBefore.length === 0) failures++;
    if (exited !== null) failures++;
    if (lost > 0) failures++;
    if (resumed.length === 0) failures++;
  } finally {
    worker.kill("SIGTERM");
    await new Promise((r) => (exited !== null ? r(null) : worker.once("exit", r)));
    target.close();
    webhook.close();
    pg.destroy();
  }
  if (failures > 0) console.log(`FAILED (${failures} checks); worker log:\n${log.slice(-3000)}`);
  return failures > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
