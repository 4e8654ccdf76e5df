import os from "node:os";
import { randomUUID } from "node:crypto";
import type { Runtime } from "@/lib/runtime";
import { recordJobRun } from "@/lib/telemetry";
import { housekeepingJob } from "./jobs/housekeeping";
import { compactionJob, retentionJob } from "./jobs/storage";
import { scrapeJob } from "./jobs/scrape";
import { benchJob } from "./jobs/bench";
import { demoJob } from "./jobs/demo";
import { notifyJob, rulesJob } from "./jobs/alerting";
import { dbLeaseStore, dbRunLog, JobRunner, type JobSpec } from "./runner";
import { jobLeases } from "@/db/schema";

/** The periodic jobs of this version of Headroom; later capabilities add theirs here. */
export function buildJobs(rt: Runtime): JobSpec[] {
  const { retention, rollup_retention } = rt.config.storage;
  return [
    housekeepingJob(rt.database.db),
    compactionJob(rt.tsdb),
    retentionJob(rt.tsdb, { retentionMs: retention, rollupRetentionMs: rollup_retention }),
    scrapeJob(rt),
    benchJob(rt),
    demoJob(rt),
    // Configuration is read once per process, so without rule files or receivers these jobs
    // would only ever find nothing to do, at a statement or two per tick.
    ...(rt.config.rule_files.length > 0 ? [rulesJob(rt)] : []),
    ...(rt.config.alerting.receivers.length > 0 ? [notifyJob(rt)] : []),
  ];
}

/**
 * Creates and starts the runner for every job, holding leases under a per-process identity. The
 * embedded database belongs to one process at a time (its directory lock says so), so leases
 * found there were left by a process that died: they are cleared rather than waited out.
 */
export async function startWorkers(rt: Runtime, log: (line: string) => void = console.log): Promise<JobRunner> {
  if (rt.database.kind === "pglite") await rt.database.db.delete(jobLeases);
  const runner = new JobRunner(buildJobs(rt), {
    holder: `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
    leases: dbLeaseStore(rt.database.db),
    log: dbRunLog(rt.database.db),
    observer: { onRun: recordJobRun },
    onError: (job, err) => log(`job ${job}: ${err instanceof Error ? err.message : String(err)}`),
  });
  runner.start();
  log(`workers started: ${runner.jobNames.join(", ")} (holder ${runner.holder})`);
  return runner;
}

/** Stops the runner and closes the database when the process is told to stop. */
export function stopOnSignals(runner: JobRunner, rt: Runtime, exit: boolean): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping workers`);
    void runner
      .stop(10_000)
      .then(() => rt.tsdb.flush())
      .then(() => rt.database.close())
      .catch((err) => console.error("error while stopping:", err))
      .finally(() => {
        if (exit) process.exit(0);
      });
  };
  process.once("SIGTERM", handler);
  process.once("SIGINT", handler);
}
